import Foundation

/// RFC 6901 JSON Pointers into a tool definition's JSON, as checks report them.
enum DefinitionPointer {
    /// `base` followed by each token, escaped (`~` → `~0`, `/` → `~1`).
    static func appending(_ base: String, _ tokens: String...) -> String {
        var out = base
        for t in tokens { out += "/" + escape(t) }
        return out
    }

    /// `base` followed by an array index.
    static func appending(_ base: String, index: Int) -> String { base + "/" + String(index) }

    static func escape(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "/" }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The value an RFC 6901 pointer leads to inside `value`, or `nil` when it leads nowhere or is malformed.
    static func resolve(_ pointer: String, in value: JSONValue) -> JSONValue? {
        if pointer.isEmpty { return value }
        guard pointer.hasPrefix("/") else { return nil }
        var current = value
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Int(token), i >= 0, i < a.count, token == String(i) else { return nil }
                current = a[i]
            default: return nil
            }
        }
        return current
    }
}
