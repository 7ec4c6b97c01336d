import Foundation

/// The `{{secret.NAME}}` placeholders in an HTTP provider's configuration, each with where it is, read the way
/// the invocation pipeline fills them (whitespace inside the braces is ignored).
enum CredentialReferences {
    struct Reference: Sendable, Equatable {
        var name: String
        var pointer: String
    }

    /// How far into a request body template placeholders are looked for, and how many strings are read.
    static let maxBodyDepth = 64
    static let maxBodyStrings = 10_000

    /// Every secret placeholder in the URL, the header values and the body of `http`.
    static func find(in http: ToolProvider.HTTPEndpoint) -> [Reference] {
        var out: [Reference] = []
        for name in names(in: http.url) { out.append(Reference(name: name, pointer: "/provider/http/url")) }
        for key in (http.headers ?? [:]).keys.sorted() {
            guard let value = http.headers?[key] else { continue }
            let pointer = DefinitionPointer.appending("/provider/http/headers", key)
            for name in names(in: key) + names(in: value) { out.append(Reference(name: name, pointer: pointer)) }
        }
        if let body = http.body {
            var stack: [(JSONValue, String, Int)] = [(body, "/provider/http/body", 0)]
            var strings = 0
            while strings < maxBodyStrings, let item = stack.popLast() {
                let (value, pointer, depth) = item
                switch value {
                case .string(let s):
                    strings += 1
                    for name in names(in: s) { out.append(Reference(name: name, pointer: pointer)) }
                case .array(let a) where depth < maxBodyDepth:
                    for (i, v) in a.enumerated().reversed() { stack.append((v, DefinitionPointer.appending(pointer, index: i), depth + 1)) }
                case .object(let o) where depth < maxBodyDepth:
                    for k in o.keys.sorted().reversed() {
                        if let v = o[k] { stack.append((v, DefinitionPointer.appending(pointer, k), depth + 1)) }
                    }
                default: break
                }
            }
        }
        return out
    }

    /// The secret names placeheld in `text`.
    static func names(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if inner.hasPrefix("secret.") { out.append(String(inner.dropFirst("secret.".count))) }
            rest = rest[close.upperBound...]
        }
        return out
    }
}
