/// Who sent a message (`lf.a2a.v1.Role`).
public enum A2ARole: String, ProtoEnum {
    case unspecified = "ROLE_UNSPECIFIED"
    /// The client (a person or an agent acting for one).
    case user = "ROLE_USER"
    /// The remote agent.
    case agent = "ROLE_AGENT"

    public var number: Int {
        switch self {
        case .unspecified: 0
        case .user: 1
        case .agent: 2
        }
    }
}
