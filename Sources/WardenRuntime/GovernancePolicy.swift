import WardenCore

/// The governance settings a deployment chooses (read from the configuration file).
public struct GovernancePolicy: Sendable, Codable, Equatable {
    public var approvalRule: ApprovalRule
    public var access: AccessPolicy
    /// Days from activation until a tool's periodic review is due, unless its conditions say otherwise.
    public var reviewIntervalDays: Int
    /// Whether a proposer may file reviews of their own proposal (separation of duties says no).
    public var proposerMayReview: Bool
    /// An active tool with a dependency advisory this severe or worse is suspended at once; nil never suspends.
    public var advisorySuspendSeverity: AdvisorySeverity?

    public init(approvalRule: ApprovalRule = .default, access: AccessPolicy = .default, reviewIntervalDays: Int = 180,
                proposerMayReview: Bool = false, advisorySuspendSeverity: AdvisorySeverity? = .critical) {
        self.approvalRule = approvalRule
        self.access = access
        self.reviewIntervalDays = reviewIntervalDays
        self.proposerMayReview = proposerMayReview
        self.advisorySuspendSeverity = advisorySuspendSeverity
    }

    public static let `default` = GovernancePolicy()
}

/// Who is acting, in which request.
public struct CallContext: Sendable {
    public var principal: Principal
    public var requestID: String
    /// Hex SHA-256 of the canonical request body, when there is one.
    public var bodyDigest: String?

    public init(principal: Principal, requestID: String, bodyDigest: String? = nil) {
        self.principal = principal
        self.requestID = requestID
        self.bodyDigest = bodyDigest
    }
}
