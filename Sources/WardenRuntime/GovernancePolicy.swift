import WardenCore

/// The governance settings a deployment chooses (read from the configuration file).
public struct GovernancePolicy: Sendable, Codable, Equatable {
    public var approvalRule: ApprovalRule
    public var access: AccessPolicy
    /// Days from activation (or the last periodic review) until a tool's next periodic review is due, unless its
    /// approval conditions or ``reviewIntervalDaysBySensitivity`` say otherwise.
    public var reviewIntervalDays: Int
    /// Shorter (or longer) review intervals by the most sensitive data a tool touches, e.g. restricted: 90.
    public var reviewIntervalDaysBySensitivity: [SensitivityLevel: Int]
    /// An active tool whose periodic review is overdue by this many days is suspended; nil never suspends.
    public var reviewOverdueSuspendAfterDays: Int?
    /// Whether a proposer may file reviews of their own proposal (separation of duties says no).
    public var proposerMayReview: Bool
    /// An active tool with a dependency advisory this severe or worse is suspended at once; nil never suspends.
    public var advisorySuspendSeverity: AdvisorySeverity?
    /// Hosts HTTP and MCP providers may be reached at, by origin, for the least-privilege onboarding check
    /// (`api.example.com` or `*.example.com`); an origin without an entry allows no host.
    public var checkHostAllowList: [ToolProvider.Origin: [String]] = [:]
    /// Hosts a URL in a tool's texts may point at without a finding of the description-safety check.
    public var checkKnownHosts: [String] = []
    /// Bounds and the scanner of the onboarding checks that exercise the real tool.
    public var liveChecks = LiveCheckSettings()
    /// The trust levels whose agents need reviews and a decision before Warden calls them. External agents always do;
    /// an agent of a level not listed is approved and activated at registration, on record.
    public var agentReviewRequired: Set<AgentTrustLevel> = [.partner, .external]
    /// Days from an agent's activation until its periodic review is due, by trust level (else ``reviewIntervalDays``).
    public var agentReviewIntervalDays: [AgentTrustLevel: Int] = [.external: 90, .partner: 180]

    public init(approvalRule: ApprovalRule = .default, access: AccessPolicy = .default, reviewIntervalDays: Int = 365,
                reviewIntervalDaysBySensitivity: [SensitivityLevel: Int] = [:], reviewOverdueSuspendAfterDays: Int? = 30,
                proposerMayReview: Bool = false, advisorySuspendSeverity: AdvisorySeverity? = .critical) {
        self.approvalRule = approvalRule
        self.access = access
        self.reviewIntervalDays = reviewIntervalDays
        self.reviewIntervalDaysBySensitivity = reviewIntervalDaysBySensitivity
        self.reviewOverdueSuspendAfterDays = reviewOverdueSuspendAfterDays
        self.proposerMayReview = proposerMayReview
        self.advisorySuspendSeverity = advisorySuspendSeverity
    }

    public static let `default` = GovernancePolicy()

    /// Whether agents of `level` need an approved review before use (always for external ones).
    public func agentNeedsReview(_ level: AgentTrustLevel) -> Bool { level == .external || agentReviewRequired.contains(level) }

    /// Days until the next periodic review of an agent version: its approval conditions, else its trust level's
    /// interval, else the default.
    public func reviewInterval(for record: AgentVersionRecord) -> Int {
        record.decision?.conditions?.reviewIntervalDays ?? agentReviewIntervalDays[record.definition.trustLevel] ?? reviewIntervalDays
    }

    /// Days until the next periodic review of `record`: its approval conditions, else its sensitivity's interval,
    /// else the default.
    public func reviewInterval(for record: ToolVersionRecord) -> Int {
        record.decision?.conditions?.reviewIntervalDays
            ?? reviewIntervalDaysBySensitivity[record.definition.dataRequirements.highest]
            ?? reviewIntervalDays
    }
}

/// Who is acting, in which request.
public struct CallContext: Sendable {
    public var principal: Principal
    public var requestID: String
    /// Hex SHA-256 of the canonical request body, when there is one.
    public var bodyDigest: String?
    /// The caller's W3C trace id, recorded with the action's audit event.
    public var traceID: String?

    public init(principal: Principal, requestID: String, bodyDigest: String? = nil, traceID: String? = nil) {
        self.principal = principal
        self.requestID = requestID
        self.bodyDigest = bodyDigest
        self.traceID = traceID
    }
}
