/// One piece of personal data found in a string: its kind and where it is.
public struct PIIFinding: Sendable, Hashable {
    public var kind: PIIKind
    /// The span as UTF-8 byte offsets into the scanned string. Both ends always fall on ASCII bytes,
    /// so they are also valid `String.Index` positions (see ``range(in:)``).
    public var utf8Range: Range<Int>

    public init(kind: PIIKind, utf8Range: Range<Int>) {
        self.kind = kind
        self.utf8Range = utf8Range
    }

    /// The span as indices of `text`, which must be the string that was scanned.
    public func range(in text: String) -> Range<String.Index> {
        let u = text.utf8
        let lower = u.index(u.startIndex, offsetBy: utf8Range.lowerBound)
        return lower..<u.index(lower, offsetBy: utf8Range.count)
    }
}
