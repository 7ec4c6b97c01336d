/// An action that the access policy grants to roles.
public enum Permission: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case toolRead = "tool.read"
    case toolPropose = "tool.propose"
    case reviewSecurity = "review.security"
    case reviewFunctional = "review.functional"
    case reviewCompliance = "review.compliance"
    case reviewRisk = "review.risk"
    case toolApprove = "tool.approve"
    case decisionRecord = "decision.record"
    case toolActivate = "tool.activate"
    case toolOperate = "tool.operate"
    case principalManage = "principal.manage"
    case auditRead = "audit.read"
    case advisoryManage = "advisory.manage"
    /// Register, list, rotate and revoke the OAuth clients agents get tokens with.
    case oauthClientsManage = "oauthClients.manage"
    /// See the agent registry: agents, their cards, reviews and state (discovery).
    case agentRead = "agent.read"
    /// Register an agent or a new version of one (its reviews, votes, decision and lifecycle take the same
    /// permissions as a tool's).
    case agentRegister = "agent.register"
}

/// Which roles hold which permissions. Read from the configuration file; the default below is
/// what a new installation uses. `admin` is not special here: it has what the table gives it.
public struct AccessPolicy: Sendable, Codable, Equatable {
    public var grants: [Permission: Set<Role>]

    public init(grants: [Permission: Set<Role>]) { self.grants = grants }

    /// Whether a principal holding `roles` has `permission`.
    public func allows(_ permission: Permission, roles: Set<Role>) -> Bool {
        guard let allowed = grants[permission] else { return false }
        return !allowed.isDisjoint(with: roles)
    }

    /// The roles that hold `permission`, sorted, for error messages.
    public func roles(for permission: Permission) -> [Role] { (grants[permission] ?? []).sorted() }

    /// Throws `forbidden` unless `roles` hold `permission`.
    public func require(_ permission: Permission, roles: Set<Role>) throws {
        guard allows(permission, roles: roles) else {
            let needed = self.roles(for: permission).map(\.rawValue).joined(separator: ", ")
            throw WardenError.forbidden(
                "this action (\(permission.rawValue)) needs one of the roles: \(needed.isEmpty ? "none configured" : needed)")
        }
    }

    public static let `default` = AccessPolicy(grants: [
        .toolRead: Set(Role.standard),
        .toolPropose: [.requester, .admin],
        .reviewSecurity: [.securityReviewer],
        .reviewFunctional: [.functionalReviewer],
        .reviewCompliance: [.complianceReviewer],
        .reviewRisk: [.securityReviewer, .governanceBoard],
        .toolApprove: [.governanceBoard],
        .decisionRecord: [.governanceBoard],
        .toolActivate: [.admin, .governanceBoard],
        .toolOperate: [.admin, .governanceBoard],
        .principalManage: [.admin],
        // Auditors only: those who run the system do not read the record of their own actions by default.
        .auditRead: [.auditor],
        .advisoryManage: [.securityReviewer, .admin],
        .oauthClientsManage: [.admin],
        .agentRead: Set(Role.standard),
        .agentRegister: [.requester, .admin],
    ])
}
