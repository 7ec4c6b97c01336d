import Foundation

/// RFC 3986 URI references: parsing into components and resolving against a base.
struct URIReference: Equatable {
    var scheme: String?
    var authority: String?
    var path: String
    var query: String?
    var fragment: String?

    init(_ text: String) {
        var rest = Substring(text)
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        if let q = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: q)...])
            rest = rest[..<q]
        }
        if let colon = rest.firstIndex(of: ":"), let first = rest.first, first.isLetter,
            rest[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }),
            !rest[..<colon].contains("/")
        {
            scheme = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            authority = String(rest[..<end])
            rest = rest[end...]
        }
        path = String(rest)
    }

    var text: String {
        var s = ""
        if let scheme { s += scheme + ":" }
        if let authority { s += "//" + authority }
        s += path
        if let query { s += "?" + query }
        if let fragment { s += "#" + fragment }
        return s
    }

    /// `reference` resolved against `base` (RFC 3986 §5.2).
    static func resolve(_ reference: String, against base: String) -> String {
        let r = URIReference(reference)
        if r.scheme != nil { return normalized(r).text }
        let b = URIReference(base)
        var t = URIReference("")
        if r.authority != nil {
            t.authority = r.authority
            t.path = removeDotSegments(r.path)
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.hasPrefix("/") {
                    t.path = removeDotSegments(r.path)
                } else {
                    t.path = removeDotSegments(merge(base: b, path: r.path))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.scheme = b.scheme
        t.fragment = r.fragment
        return t.text
    }

    private static func normalized(_ r: URIReference) -> URIReference {
        var n = r
        if r.authority != nil || r.path.hasPrefix("/") { n.path = removeDotSegments(r.path) }
        return n
    }

    private static func merge(base: URIReference, path: String) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        if let slash = base.path.lastIndex(of: "/") { return String(base.path[...slash]) + path }
        return path
    }

    static func removeDotSegments(_ path: String) -> String {
        guard path.contains(".") else { return path }
        var input = Substring(path)
        var output: [Substring] = []
        var result = ""
        _ = output
        while !input.isEmpty {
            if input.hasPrefix("../") { input = input.dropFirst(3) }
            else if input.hasPrefix("./") { input = input.dropFirst(2) }
            else if input.hasPrefix("/./") { input = input.dropFirst(2) }
            else if input == "/." { input = "/" }
            else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                if let i = result.lastIndex(of: "/") { result = String(result[..<i]) } else { result = "" }
            } else if input == "/.." {
                input = "/"
                if let i = result.lastIndex(of: "/") { result = String(result[..<i]) } else { result = "" }
            } else if input == "." || input == ".." { input = "" }
            else {
                var end = input.index(after: input.startIndex)
                if input.first == "/" {
                    end = input[end...].firstIndex(of: "/") ?? input.endIndex
                } else {
                    end = input.firstIndex(of: "/") ?? input.endIndex
                }
                result += input[..<end]
                input = input[end...]
            }
        }
        output = []
        return result
    }

    /// `uri` without an empty trailing `#`.
    static func stripEmptyFragment(_ uri: String) -> String {
        uri.hasSuffix("#") ? String(uri.dropLast()) : uri
    }

    /// Splits off the fragment: (URI without fragment, fragment or empty).
    static func splitFragment(_ uri: String) -> (String, String) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, "") }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }
}
