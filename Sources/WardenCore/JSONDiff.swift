/// One difference between two JSON documents.
public struct JSONChange: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case added, removed, changed }
    public var kind: Kind
    /// JSON Pointer to the changed place.
    public var path: String
    public var old: JSONValue?
    public var new: JSONValue?
}

/// Structural differences between JSON documents, for `warden tool diff`.
public enum JSONDiff {
    /// The changes that turn `old` into `new`, sorted by path.
    public static func changes(from old: JSONValue, to new: JSONValue) -> [JSONChange] {
        var out: [JSONChange] = []
        walk(old, new, path: "", into: &out)
        return out
    }

    private static func walk(_ a: JSONValue, _ b: JSONValue, path: String, into out: inout [JSONChange]) {
        if a == b { return }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for key in Set(x.keys).union(y.keys).sorted() {
                let p = path + "/" + escape(key)
                switch (x[key], y[key]) {
                case let (u?, v?): walk(u, v, path: p, into: &out)
                case let (u?, nil): out.append(JSONChange(kind: .removed, path: p, old: u, new: nil))
                case let (nil, v?): out.append(JSONChange(kind: .added, path: p, old: nil, new: v))
                case (nil, nil): break
                }
            }
        case (.array(let x), .array(let y)) where x.count == y.count:
            for i in 0..<x.count { walk(x[i], y[i], path: path + "/\(i)", into: &out) }
        default:
            out.append(JSONChange(kind: .changed, path: path, old: a, new: b))
        }
    }

    static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
