/// How severe an advisory is, in GitHub's four levels plus `unknown`; ordered `unknown < low < ... < critical`.
public enum AdvisorySeverity: String, Sendable, Codable, CaseIterable, Comparable {
    case unknown
    case low
    case moderate
    case high
    case critical

    /// The level of a CVSS base score: 9.0+ critical, 7.0+ high, 4.0+ moderate, 0.1+ low.
    ///
    /// A score of 0.0 (CVSS "None") and anything outside 0...10 give `unknown`.
    public init(score: Double) {
        switch score {
        case 9.0...10.0: self = .critical
        case 7.0..<9.0: self = .high
        case 4.0..<7.0: self = .moderate
        case 0.1..<4.0: self = .low
        default: self = .unknown
        }
    }

    /// The level of a database's label (GitHub's `CRITICAL`, `HIGH`, `MODERATE`, `LOW`; `MEDIUM` is
    /// read as moderate), case-insensitively; `nil` for any other text.
    public init?(label: String) {
        switch label.trimmingWhitespace().uppercased() {
        case "CRITICAL": self = .critical
        case "HIGH": self = .high
        case "MODERATE", "MEDIUM": self = .moderate
        case "LOW": self = .low
        default: return nil
        }
    }

    private var rank: Int {
        switch self {
        case .unknown: return 0
        case .low: return 1
        case .moderate: return 2
        case .high: return 3
        case .critical: return 4
        }
    }

    public static func < (a: AdvisorySeverity, b: AdvisorySeverity) -> Bool { a.rank < b.rank }
}
