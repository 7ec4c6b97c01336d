import Foundation

/// A governance-board member's vote on a proposal.
public struct Approval: Sendable, Codable, Equatable {
    public var approver: String
    public var approve: Bool
    public var comment: String?
    public var at: Date

    public init(approver: String, approve: Bool, comment: String?, at: Date) {
        self.approver = approver
        self.approve = approve
        self.comment = comment
        self.at = at
    }
}

/// Conditions attached to an approval. They narrow what the tool may do, and Warden applies them.
public struct ApprovalConditions: Sendable, Codable, Equatable {
    /// A rate limit lower than the proposed one.
    public var rateLimit: ToolDefinition.RateLimit?
    /// The role callers must hold instead of the proposed one.
    public var requiredRole: Role?
    /// A timeout shorter than the proposed one.
    public var timeoutMs: Int?
    /// Days until the next periodic review is due.
    public var reviewIntervalDays: Int?
    /// Further conditions in words, on record.
    public var notes: [String]?

    public init(rateLimit: ToolDefinition.RateLimit? = nil, requiredRole: Role? = nil, timeoutMs: Int? = nil,
                reviewIntervalDays: Int? = nil, notes: [String]? = nil) {
        self.rateLimit = rateLimit
        self.requiredRole = requiredRole
        self.timeoutMs = timeoutMs
        self.reviewIntervalDays = reviewIntervalDays
        self.notes = notes
    }

    public var isEmpty: Bool {
        rateLimit == nil && requiredRole == nil && timeoutMs == nil && reviewIntervalDays == nil && (notes ?? []).isEmpty
    }

    /// Throws `invalid_input` when a condition would widen what the definition allows.
    public func validate(against definition: ToolDefinition) throws {
        try validate(proposedRateLimit: definition.rateLimit, proposedTimeoutMs: definition.timeoutMs, rolesApply: true)
    }

    /// Throws `invalid_input` when a condition would widen the proposed rate limit or timeout, or names a role where
    /// roles do not apply (an agent's registration).
    public func validate(proposedRateLimit: ToolDefinition.RateLimit?, proposedTimeoutMs: Int, rolesApply: Bool) throws {
        var problems: [String] = []
        if !rolesApply, requiredRole != nil {
            problems.append("conditions.requiredRole: does not apply here; who may use an agent is the skill's or tool's role")
        }
        if let r = rateLimit {
            if r.requests < 1 || r.perSeconds < 1 || r.perSeconds > 86_400 {
                problems.append("conditions.rateLimit: requests and perSeconds must be positive")
            } else if let proposed = proposedRateLimit, r.ratePerSecond > proposed.ratePerSecond {
                problems.append("conditions.rateLimit: must not exceed the proposed \(proposed.requests) per \(proposed.perSeconds)s")
            }
        }
        if let t = timeoutMs, t < 1 || t > proposedTimeoutMs {
            problems.append("conditions.timeoutMs: must be between 1 and the proposed \(proposedTimeoutMs)")
        }
        if let d = reviewIntervalDays, d < 1 || d > 3660 {
            problems.append("conditions.reviewIntervalDays: must be between 1 and 3660")
        }
        if let n = notes, n.count > 50 || n.contains(where: { $0.isEmpty || $0.count > 2000 }) {
            problems.append("conditions.notes: at most 50 notes of 1 to 2000 characters")
        }
        guard problems.isEmpty else { throw WardenError(.invalidInput, problems.joined(separator: "; ")) }
    }

    /// The definition as it is served once these conditions apply.
    public func applied(to definition: ToolDefinition) -> ToolDefinition {
        var d = definition
        if let r = rateLimit { d.rateLimit = r }
        if let role = requiredRole { d.requiredRole = role }
        if let t = timeoutMs { d.timeoutMs = min(t, d.timeoutMs) }
        return d
    }
}

/// The governance body's decision on a proposal.
public struct Decision: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case approved
        case approvedWithConditions = "approved_with_conditions"
        case rejected

        public var isApproval: Bool { self != .rejected }
    }

    public var outcome: Outcome
    public var reasons: String
    public var conditions: ApprovalConditions?
    public var decidedBy: String
    public var decidedAt: Date
    /// The approvers whose votes carried the decision.
    public var approvers: [String]
    /// The blocking findings the decision accepted, and why.
    public var waiver: FindingWaiver?

    public init(outcome: Outcome, reasons: String, conditions: ApprovalConditions?, decidedBy: String, decidedAt: Date,
                approvers: [String], waiver: FindingWaiver? = nil) {
        self.waiver = waiver
        self.outcome = outcome
        self.reasons = reasons
        self.conditions = conditions
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.approvers = approvers
    }
}

/// What a caller sends to record a decision.
public struct DecisionRequest: Sendable, Codable, Equatable {
    public var outcome: Decision.Outcome
    public var reasons: String
    public var conditions: ApprovalConditions?
    /// Accepts open blocking findings (see ``ApprovalRule/blockingSeverity``); only on an approval.
    public var waiver: FindingWaiver?

    public init(outcome: Decision.Outcome, reasons: String, conditions: ApprovalConditions? = nil, waiver: FindingWaiver? = nil) {
        self.waiver = waiver
        self.outcome = outcome
        self.reasons = reasons
        self.conditions = conditions
    }

    /// Throws `invalid_input` when the request is inconsistent with itself or the definition.
    public func validate(against definition: ToolDefinition) throws {
        try validate { try $0.validate(against: definition) }
    }

    /// Throws `invalid_input` when the request is inconsistent with itself or the agent's registration.
    public func validate(against agent: AgentDefinition) throws {
        try validate { try $0.validate(proposedRateLimit: agent.rateLimit, proposedTimeoutMs: agent.timeoutMs, rolesApply: false) }
    }

    private func validate(conditionsWith check: (ApprovalConditions) throws -> Void) throws {
        if reasons.trimmingCharacters(in: .whitespaces).isEmpty || reasons.count > 8000 {
            throw WardenError.invalidInput("reasons: give the reasons for the decision (1 to 8000 characters)")
        }
        if let w = waiver {
            guard outcome.isApproval else { throw WardenError.invalidInput("waiver: only an approval waives findings") }
            try w.validate()
        }
        switch outcome {
        case .approvedWithConditions:
            guard let c = conditions, !c.isEmpty else {
                throw WardenError.invalidInput("conditions: an approval with conditions must state at least one condition")
            }
            try check(c)
        case .approved, .rejected:
            if conditions != nil {
                throw WardenError.invalidInput("conditions: only an 'approved_with_conditions' decision carries conditions")
            }
        }
    }
}
