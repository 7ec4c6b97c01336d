/// A kind of personal data that ``PIIScanner`` finds in free text.
public enum PIIKind: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable, Comparable {
    case email
    case phone
    case card
    case iban

    /// The text that replaces a finding of this kind when it is masked: `[email]`, `[phone]`, `[card]`, `[iban]`.
    public var placeholder: String { "[\(rawValue)]" }

    /// Which kind wins when two findings overlap: the checksummed kinds first, the loosest last.
    var precedence: Int {
        switch self {
        case .iban: 3
        case .card: 2
        case .email: 1
        case .phone: 0
        }
    }

    public static func < (a: PIIKind, b: PIIKind) -> Bool { a.rawValue < b.rawValue }
}
