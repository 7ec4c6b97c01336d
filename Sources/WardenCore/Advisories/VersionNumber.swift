/// A non-negative integer of any length, as found in version strings (`20240101123000`, `12345678901234567890`).
///
/// Kept as its decimal digits without leading zeros so that comparison is exact at any size.
struct VersionNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    let digits: String

    static let zero = VersionNumber(normalizedDigits: "0")

    /// `text` must be one or more ASCII digits; returns `nil` otherwise.
    init?<S: StringProtocol>(_ text: S) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let trimmed = text.drop(while: { $0 == "0" })
        digits = trimmed.isEmpty ? "0" : String(trimmed)
    }

    private init(normalizedDigits: String) { digits = normalizedDigits }

    var isZero: Bool { digits == "0" }

    var description: String { digits }

    static func < (a: VersionNumber, b: VersionNumber) -> Bool {
        if a.digits.utf8.count != b.digits.utf8.count { return a.digits.utf8.count < b.digits.utf8.count }
        return a.digits.utf8.lexicographicallyPrecedes(b.digits.utf8)
    }
}

extension UInt8 {
    var isASCIIDigitByte: Bool { self >= 0x30 && self <= 0x39 }
    var isASCIILowerLetterByte: Bool { self >= 0x61 && self <= 0x7A }
}
