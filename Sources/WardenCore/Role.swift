/// A role a principal holds. Roles are data: any name made of lowercase letters, digits and `_`
/// is a role; the ones below are those Warden's default policy knows.
public struct Role: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard Role.isValidName(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "invalid role name '\(raw.prefix(64))': use 1 to 64 lowercase letters, digits or '_'"))
        }
        self.rawValue = raw
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Role, b: Role) -> Bool { a.rawValue < b.rawValue }

    /// Whether `name` is a well-formed role name.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    public static let admin: Role = "admin"
    public static let requester: Role = "requester"
    public static let securityReviewer: Role = "security_reviewer"
    public static let functionalReviewer: Role = "functional_reviewer"
    public static let complianceReviewer: Role = "compliance_reviewer"
    public static let governanceBoard: Role = "governance_board"
    public static let auditor: Role = "auditor"
    public static let agent: Role = "agent"

    /// The roles of Warden's default policy.
    public static let standard: [Role] = [
        .admin, .requester, .securityReviewer, .functionalReviewer, .complianceReviewer, .governanceBoard,
        .auditor, .agent,
    ]
}
