/// How far Warden trusts another agent: who runs it and under which agreement.
public enum AgentTrustLevel: String, Sendable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    /// Run by the same organisation.
    case `internal`
    /// Run by a partner under a contract.
    case partner
    /// Run by anyone else. Never usable before an approved security review.
    case external

    var rank: Int {
        switch self {
        case .internal: 0
        case .partner: 1
        case .external: 2
        }
    }

    public static func < (a: AgentTrustLevel, b: AgentTrustLevel) -> Bool { a.rank < b.rank }
}
