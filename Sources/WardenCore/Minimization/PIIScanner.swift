/// Finds personal data in free text: e-mail addresses, telephone numbers, payment card numbers (Luhn
/// checked) and IBANs (mod-97 checked), and masks it.
///
/// Hand-written scanners over the UTF-8 bytes, no regular expressions: the cost is linear in the length
/// of the text, and text with no `@` and fewer than 4 digits is skipped after one pass. Only ASCII digits
/// and separators count; see each kind's scanner for exactly what is and is not recognized. When findings
/// overlap, the checksummed kinds win (IBAN, then card, then e-mail, then phone).
public struct PIIScanner: Sendable {
    /// The kinds this scanner looks for.
    public let kinds: Set<PIIKind>
    private let email, phone, card, iban: Bool

    /// A scanner for `kinds` (all of them by default).
    public init(kinds: Set<PIIKind> = Set(PIIKind.allCases)) {
        self.kinds = kinds
        email = kinds.contains(.email)
        phone = kinds.contains(.phone)
        card = kinds.contains(.card)
        iban = kinds.contains(.iban)
    }

    /// The personal data in `text`, in order, not overlapping.
    public func findings(in text: String) -> [PIIFinding] {
        var text = text
        return text.withUTF8 { scan($0) }
    }

    /// `text` with every finding replaced by its kind's placeholder (`[email]`, `[phone]`, `[card]`,
    /// `[iban]`), and the findings (their ranges refer to the original `text`). The text is returned
    /// unchanged when nothing is found.
    public func masked(_ text: String) -> (text: String, findings: [PIIFinding]) {
        var contiguous = text
        return contiguous.withUTF8 { bytes in
            let found = scan(bytes)
            guard !found.isEmpty else { return (text, []) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var at = 0
            for f in found {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[at..<f.utf8Range.lowerBound]))
                out.append(contentsOf: f.kind.placeholder.utf8)
                at = f.utf8Range.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[at..<bytes.count]))
            // Spans start and end on ASCII bytes, so the result is valid UTF-8.
            return (String(decoding: out, as: UTF8.self), found)
        }
    }

    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> [PIIFinding] {
        var digits = 0
        var hasAt = false
        for b in bytes {
            if ASCII.isDigit(b) { digits += 1 } else if b == ASCII.at { hasAt = true }
        }
        var found: [PIIFinding] = []
        if email && hasAt { EmailScanner.scan(bytes, into: &found) }
        if digits >= 4 && iban { IBANScanner.scan(bytes, into: &found) }
        if digits >= 8 {
            if card { CardScanner.scan(bytes, into: &found) }
            if phone { PhoneScanner.scan(bytes, into: &found) }
        }
        return Self.resolvingOverlaps(found)
    }

    /// Sorted by position; of overlapping findings the one of the higher precedence stays.
    static func resolvingOverlaps(_ found: [PIIFinding]) -> [PIIFinding] {
        guard found.count > 1 else { return found }
        let sorted = found.sorted {
            $0.utf8Range.lowerBound != $1.utf8Range.lowerBound
                ? $0.utf8Range.lowerBound < $1.utf8Range.lowerBound : $0.kind.precedence > $1.kind.precedence
        }
        var kept: [PIIFinding] = []
        kept.reserveCapacity(sorted.count)
        for f in sorted {
            var wins = true
            while let last = kept.last, last.utf8Range.overlaps(f.utf8Range) {
                if f.kind.precedence > last.kind.precedence {
                    kept.removeLast()
                } else {
                    wins = false
                    break
                }
            }
            if wins { kept.append(f) }
        }
        return kept
    }
}
