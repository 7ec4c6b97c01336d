import Foundation
import WardenCore

/// Fills `{{name}}` placeholders from a call's arguments and `{{secret.NAME}}` from its credentials.
/// Used for HTTP providers' URL, headers and body.
public struct ArgumentTemplate: Sendable {
    public enum Escaping: Sendable {
        /// Percent-encode values (for URLs).
        case urlComponent
        /// Insert as is, refusing line breaks (for header values).
        case headerValue
        /// Insert as is.
        case none
    }

    let arguments: [String: JSONValue]
    let credentials: [String: String]

    public init(arguments: JSONValue, credentials: [String: String]) {
        self.arguments = arguments.objectValue ?? [:]
        self.credentials = credentials
    }

    /// `text` with every placeholder filled.
    /// - Throws: `invalid_input` naming a placeholder with no argument, or a header value with a line break.
    public func render(_ text: String, escaping: Escaping) throws -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                out += rest[open.lowerBound...]
                return out
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            out += try escape(value(for: name), escaping)
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// A JSON body template: a string that is exactly one placeholder takes the argument's JSON value
    /// (keeping its type); other strings are filled as text.
    public func render(_ template: JSONValue) throws -> JSONValue {
        switch template {
        case .string(let s):
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("{{"), trimmed.hasSuffix("}}"), trimmed.dropFirst(2).dropLast(2).range(of: "{{") == nil {
                let name = trimmed.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
                if name.hasPrefix("secret.") { return .string(try value(for: name)) }
                guard let v = arguments[name] else { throw missing(name) }
                return v
            }
            return .string(try render(s, escaping: .none))
        case .array(let a): return .array(try a.map(render))
        case .object(let o): return .object(try o.mapValues(render))
        default: return template
        }
    }

    private func value(for name: String) throws -> String {
        if name.hasPrefix("secret.") {
            let secret = String(name.dropFirst("secret.".count))
            guard let v = credentials[secret] else {
                throw WardenError(.upstreamUnavailable, "the credential \(secret) is not available to this tool")
            }
            return v
        }
        guard let v = arguments[name] else { throw missing(name) }
        switch v {
        case .string(let s): return s
        case .null: return ""
        default: return v.canonicalString
        }
    }

    private func missing(_ name: String) -> WardenError {
        WardenError.invalidInput("the argument '\(name.prefix(64))' is needed to build the request")
    }

    private func escape(_ value: String, _ escaping: Escaping) throws -> String {
        switch escaping {
        case .none: return value
        case .headerValue:
            // Scalars, not Characters: "\r\n" is one Character and would slip past a Character comparison.
            guard !value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw WardenError.invalidInput("a value placed in an HTTP header may not contain line breaks")
            }
            return value
        case .urlComponent:
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
    }
}
