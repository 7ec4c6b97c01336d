/// Compares what a tool answered with what an example expects: an expected object is a pattern (each of its
/// members must be present and match, other members may be there too), arrays and scalars must be equal.
public enum ExpectedOutputMatch {
    /// The JSON Pointer (into the output) of the first place `actual` does not match `expected`, with what was
    /// expected there; `nil` when it matches.
    public static func firstMismatch(expected: JSONValue, actual: JSONValue) -> (pointer: String, expected: String)? {
        mismatch(expected, actual, at: "")
    }

    private static func mismatch(_ expected: JSONValue, _ actual: JSONValue, at pointer: String) -> (pointer: String, expected: String)? {
        switch (expected, actual) {
        case (.object(let e), .object(let a)):
            for key in e.keys.sorted() {
                guard let ev = e[key] else { continue }
                let here = pointer + "/" + JSONPointer.escape(key)
                guard let av = a[key] else { return (here, "a member '\(key.prefix(64))'") }
                if let m = mismatch(ev, av, at: here) { return m }
            }
            return nil
        default:
            return expected == actual ? nil : (pointer, String(expected.canonicalString.prefix(200)))
        }
    }
}
