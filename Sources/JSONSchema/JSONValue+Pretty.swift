extension JSONValue {
    /// The value as indented JSON for people to read: object keys in canonical order, numbers and strings
    /// exactly as in ``canonicalString``, two spaces per level, empty arrays and objects as `[]` and `{}`.
    /// Equal values always give the same text, so documents generated from them are reproducible.
    public var prettyString: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        writePretty(into: &out, depth: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private func writePretty(into out: inout [UInt8], depth: Int) {
        switch self {
        case .array(let a) where !a.isEmpty:
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(into: &out, depth: depth + 1)
                v.writePretty(into: &out, depth: depth + 1)
            }
            Self.newline(into: &out, depth: depth)
            out.append(UInt8(ascii: "]"))
        case .object(let o) where !o.isEmpty:
            out.append(UInt8(ascii: "{"))
            for (i, key) in Self.sortedKeys(o).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(into: &out, depth: depth + 1)
                JSONValue.writeQuoted(key, into: &out)
                out.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
                // The key comes from `o`, so the lookup cannot fail.
                o[key]?.writePretty(into: &out, depth: depth + 1)
            }
            Self.newline(into: &out, depth: depth)
            out.append(UInt8(ascii: "}"))
        default:
            writeCanonical(into: &out)
        }
    }

    private static func newline(into out: inout [UInt8], depth: Int) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }
}
