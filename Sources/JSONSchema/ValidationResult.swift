import Foundation

/// The outcome of validating one instance.
public struct ValidationResult: Sendable {
    /// Whether the instance is valid.
    public var isValid: Bool { errors.isEmpty }
    /// Every error found (empty when valid).
    public var errors: [ValidationError]

    public init(errors: [ValidationError]) { self.errors = errors }

    /// The result as JSON Schema "basic" output: `{"valid": Bool, "errors": [...]}`.
    public var basicOutput: JSONValue {
        var out: [String: JSONValue] = ["valid": .bool(isValid)]
        if !errors.isEmpty {
            out["errors"] = .array(errors.map { e in
                var o: [String: JSONValue] = [
                    "instanceLocation": .string(e.instanceLocation),
                    "keywordLocation": .string(e.keywordLocation),
                    "error": .string(e.message),
                ]
                if let a = e.absoluteKeywordLocation { o["absoluteKeywordLocation"] = .string(a) }
                return .object(o)
            })
        }
        return .object(out)
    }
}
