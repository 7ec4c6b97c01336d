import Foundation

/// RFC 6901 JSON Pointer helpers.
public enum JSONPointer {
    /// One reference token escaped for a pointer (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The pointer text for already escaped tokens.
    static func text(_ escapedTokens: [String]) -> String {
        var s = ""
        for t in escapedTokens {
            s += "/"
            s += t
        }
        return s
    }

    /// The unescaped tokens of a pointer, or `nil` when it is malformed.
    static func tokens(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// The value `pointer` (e.g. `/items/0/name`) points at inside `value`; `nil` when it is malformed or leads nowhere.
    public static func value(at pointer: String, in value: JSONValue) -> JSONValue? {
        tokens(pointer).flatMap { resolve($0, in: value) }
    }

    /// The value `tokens` lead to inside `value`.
    static func resolve(_ tokens: [String], in value: JSONValue) -> JSONValue? {
        var current = value
        for t in tokens {
            switch current {
            case .object(let o):
                guard let next = o[t] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(t), i >= 0, i < a.count, t == String(i) else { return nil }
                current = a[i]
            default: return nil
            }
        }
        return current
    }
}
