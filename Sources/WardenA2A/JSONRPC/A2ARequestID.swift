import JSONSchema

/// A JSON-RPC request id as a2a-sdk accepts it: a string, an integer, or `null`.
public enum A2ARequestID: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case number(Int64)
    case null

    /// `nil` when `json` is not a valid id (a boolean, a fraction, an object…).
    public init?(json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .number(let n):
            guard n.isInteger, let i = n.int64Value else { return nil }
            self = .number(i)
        case .null: self = .null
        default: return nil
        }
    }

    public var json: JSONValue {
        switch self {
        case .string(let s): .string(s)
        case .number(let i): .number(JSONNumber(i))
        case .null: .null
        }
    }

    public var description: String {
        switch self {
        case .string(let s): s
        case .number(let i): String(i)
        case .null: "null"
        }
    }
}
