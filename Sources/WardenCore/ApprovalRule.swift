/// When a decision may be recorded. Read from the configuration file; the default is the
/// separation-of-duties rule of the governance strategy.
public struct ApprovalRule: Sendable, Codable, Equatable {
    /// Review kinds that must have a latest review with an accepted verdict before approval.
    public var requiredReviews: [ReviewKind]
    /// Verdicts that count as passed for an unconditional approval.
    public var acceptedVerdicts: [Verdict]
    /// Verdicts that count as passed for an approval with conditions (usually also `concerns`).
    public var acceptedVerdictsWithConditions: [Verdict]
    /// Distinct approving votes needed.
    public var minimumApprovals: Int
    /// The role an approver must hold for the vote to count.
    public var approverRole: Role
    /// Whether the proposer's own vote may count (separation of duties says no).
    public var proposerMayApprove: Bool
    /// Whether a reviewer of the proposal may also count as an approver.
    public var reviewerMayApprove: Bool
    /// Whether a rejection also needs the approvals quorum (of rejecting votes).
    public var rejectionNeedsQuorum: Bool
    /// Automated-check findings at or above this severity block an approval unless the decision waives them
    /// (``FindingWaiver``); `nil` blocks on none.
    public var blockingSeverity: Severity?
    /// Checks (by name, e.g. `contract_test`) that must have run, not merely been skipped, before an approval.
    public var requiredChecks: [String]

    public init(requiredReviews: [ReviewKind], acceptedVerdicts: [Verdict], acceptedVerdictsWithConditions: [Verdict],
                minimumApprovals: Int, approverRole: Role, proposerMayApprove: Bool, reviewerMayApprove: Bool,
                rejectionNeedsQuorum: Bool, blockingSeverity: Severity? = .critical, requiredChecks: [String] = []) {
        self.blockingSeverity = blockingSeverity
        self.requiredChecks = requiredChecks
        self.requiredReviews = requiredReviews
        self.acceptedVerdicts = acceptedVerdicts
        self.acceptedVerdictsWithConditions = acceptedVerdictsWithConditions
        self.minimumApprovals = minimumApprovals
        self.approverRole = approverRole
        self.proposerMayApprove = proposerMayApprove
        self.reviewerMayApprove = reviewerMayApprove
        self.rejectionNeedsQuorum = rejectionNeedsQuorum
    }

    public static let `default` = ApprovalRule(
        requiredReviews: ReviewKind.allCases, acceptedVerdicts: [.pass], acceptedVerdictsWithConditions: [.pass, .concerns],
        minimumApprovals: 2, approverRole: .governanceBoard, proposerMayApprove: false, reviewerMayApprove: true,
        rejectionNeedsQuorum: false)

    /// Throws `invalid_input` when the rule itself makes no sense.
    public func validate() throws {
        if minimumApprovals < 0 || minimumApprovals > 100 {
            throw WardenError.invalidInput("approvalRule.minimumApprovals must be between 0 and 100")
        }
        if acceptedVerdicts.contains(.fail) || acceptedVerdictsWithConditions.contains(.fail) {
            throw WardenError.invalidInput("approvalRule: a 'fail' verdict can never count as passed")
        }
    }

    /// What the rule says about a proposal right now.
    /// - Parameters:
    ///   - reviews: every review filed for the version, oldest first (the latest of each kind counts).
    ///   - approvals: the current vote of each board member.
    ///   - roles: the current roles of each approver (a vote counts only while its caster holds `approverRole`).
    ///   - checks: the latest automated check results on the version.
    ///   - waiver: the waiver the decision would carry.
    public func evaluate(outcome: Decision.Outcome, proposer: String, reviews: [Review], approvals: [Approval],
                         roles: [String: Set<Role>], checks: [CheckResult] = [], waiver: FindingWaiver? = nil) -> ApprovalStatus {
        var unmet: [String] = []
        var blocking: [String] = []
        var waived: [String] = []
        if outcome.isApproval {
            let byName = Dictionary(checks.map { ($0.check, $0) }, uniquingKeysWith: { a, _ in a })
            for name in requiredChecks {
                switch byName[name]?.status {
                case nil: unmet.append("the \(name) check has no result yet (it may still be running)")
                case .notRun(let reason)?: unmet.append("the \(name) check is required but did not run: \(reason)")
                default: break
                }
            }
            if let threshold = blockingSeverity {
                var codes: [String] = []
                for f in checks.flatMap(\.findings) where f.severity >= threshold && !codes.contains(f.code.rawValue) {
                    codes.append(f.code.rawValue)
                }
                let covered = Set(waiver?.codes ?? [])
                waived = codes.filter(covered.contains)
                blocking = codes.filter { !covered.contains($0) }
                if !blocking.isEmpty {
                    unmet.append("open \(threshold.rawValue) findings of the automated checks: \(blocking.joined(separator: ", ")) "
                        + "(fix them in a new version, or approve with a waiver that names these codes and gives the reason)")
                }
            }
        }
        var latest: [ReviewKind: Review] = [:]
        for r in reviews { latest[r.submission.kind] = r }
        let accepted = outcome == .approvedWithConditions ? acceptedVerdictsWithConditions : acceptedVerdicts
        if outcome.isApproval {
            for kind in requiredReviews {
                guard let r = latest[kind] else {
                    unmet.append("a \(kind.rawValue) review is missing")
                    continue
                }
                if !accepted.contains(r.submission.verdict) {
                    unmet.append("the latest \(kind.rawValue) review's verdict is '\(r.submission.verdict.rawValue)' (needs \(accepted.map(\.rawValue).joined(separator: " or ")))")
                }
            }
        }
        let reviewers = Set(reviews.map(\.reviewer))
        let counted = approvals.filter { a in
            a.approve == outcome.isApproval
                && (roles[a.approver]?.contains(approverRole) ?? false)
                && (proposerMayApprove || a.approver != proposer)
                && (reviewerMayApprove || !reviewers.contains(a.approver))
        }.map(\.approver)
        let needed = outcome.isApproval || rejectionNeedsQuorum ? minimumApprovals : 0
        if counted.count < needed {
            let verb = outcome.isApproval ? "approving" : "rejecting"
            var why = "\(needed) \(verb) votes from \(approverRole.rawValue) members are needed, \(counted.count) counted"
            if !proposerMayApprove { why += " (the proposer's own vote never counts)" }
            unmet.append(why)
        }
        return ApprovalStatus(outcome: outcome, satisfied: unmet.isEmpty, unmet: unmet, countedApprovers: counted.sorted(),
                              blockingFindings: blocking, waivedFindings: waived)
    }
}

/// The approval rule's verdict on a proposal: what is still missing.
public struct ApprovalStatus: Sendable, Codable, Equatable {
    public var outcome: Decision.Outcome
    public var satisfied: Bool
    public var unmet: [String]
    public var countedApprovers: [String]
    /// Codes of open findings at or above the blocking severity that no waiver covers.
    public var blockingFindings: [String]
    /// Codes of such findings the decision's waiver covers.
    public var waivedFindings: [String]

    public init(outcome: Decision.Outcome, satisfied: Bool, unmet: [String], countedApprovers: [String],
                blockingFindings: [String] = [], waivedFindings: [String] = []) {
        self.outcome = outcome
        self.satisfied = satisfied
        self.unmet = unmet
        self.countedApprovers = countedApprovers
        self.blockingFindings = blockingFindings
        self.waivedFindings = waivedFindings
    }
}
