import Foundation
import Testing
import WardenCore

private let now = Date(timeIntervalSince1970: 1_800_000_000)

private func review(_ kind: ReviewKind, _ verdict: Verdict, by reviewer: String = "rev") -> Review {
    Review(id: UUID().uuidString, toolName: "t", version: SemanticVersion("1.0.0")!, reviewer: reviewer, filedAt: now,
           submission: ReviewSubmission(kind: kind, verdict: verdict, summary: "s"))
}

private func vote(_ who: String, _ approve: Bool = true) -> Approval {
    Approval(approver: who, approve: approve, comment: nil, at: now)
}

private let allPass = ReviewKind.allCases.map { review($0, .pass) }
private let board: [String: Set<Role>] = ["b1": [.governanceBoard], "b2": [.governanceBoard], "b3": [.governanceBoard],
                                          "prop": [.requester, .governanceBoard], "outsider": [.requester]]

@Suite("Approval rule and separation of duties")
struct ApprovalRuleTests {
    let rule = ApprovalRule.default

    @Test func satisfiedWithAllReviewsAndTwoBoardVotes() {
        let s = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: [vote("b1"), vote("b2")], roles: board)
        #expect(s.satisfied)
        #expect(s.countedApprovers == ["b1", "b2"])
    }

    @Test func missingReviewKindIsUnmet() {
        let reviews = allPass.filter { $0.submission.kind != .compliance }
        let s = rule.evaluate(outcome: .approved, proposer: "prop", reviews: reviews, approvals: [vote("b1"), vote("b2")], roles: board)
        #expect(!s.satisfied)
        #expect(s.unmet == ["a compliance review is missing"])
    }

    @Test func latestReviewOfAKindCounts() {
        let reviews = allPass + [review(.security, .fail)]
        #expect(!rule.evaluate(outcome: .approved, proposer: "prop", reviews: reviews, approvals: [vote("b1"), vote("b2")], roles: board).satisfied)
        let fixed = [review(.security, .fail)] + allPass
        #expect(rule.evaluate(outcome: .approved, proposer: "prop", reviews: fixed, approvals: [vote("b1"), vote("b2")], roles: board).satisfied)
    }

    @Test("the proposer's vote never counts (separation of duties)")
    func proposerVoteDoesNotCount() {
        let s = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: [vote("prop"), vote("b1")], roles: board)
        #expect(!s.satisfied)
        #expect(s.countedApprovers == ["b1"])
        #expect(s.unmet.first?.contains("proposer") == true)
    }

    @Test func votesOfNonMembersAndRejectionsDoNotCount() {
        let s = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass,
                              approvals: [vote("outsider"), vote("b1"), vote("b2", false), vote("ghost")], roles: board)
        #expect(s.countedApprovers == ["b1"])
        #expect(!s.satisfied)
    }

    @Test func concernsPassOnlyWithConditions() {
        let reviews = allPass + [review(.functional, .concerns)]
        let votes = [vote("b1"), vote("b2")]
        #expect(!rule.evaluate(outcome: .approved, proposer: "prop", reviews: reviews, approvals: votes, roles: board).satisfied)
        #expect(rule.evaluate(outcome: .approvedWithConditions, proposer: "prop", reviews: reviews, approvals: votes, roles: board).satisfied)
    }

    @Test func rejectionNeedsNoQuorumByDefault() {
        #expect(rule.evaluate(outcome: .rejected, proposer: "prop", reviews: [], approvals: [], roles: board).satisfied)
        var strict = rule
        strict.rejectionNeedsQuorum = true
        #expect(!strict.evaluate(outcome: .rejected, proposer: "prop", reviews: [], approvals: [], roles: board).satisfied)
        #expect(strict.evaluate(outcome: .rejected, proposer: "prop", reviews: [], approvals: [vote("b1", false), vote("b2", false)],
                                roles: board).satisfied)
    }

    @Test("a configured rule changes the outcome", arguments: [
        (1, [ReviewKind.security], true), (3, ReviewKind.allCases, false), (0, [], true),
    ])
    func configuredRule(minimum: Int, required: [ReviewKind], expected: Bool) {
        var r = rule
        r.minimumApprovals = minimum
        r.requiredReviews = required
        let s = r.evaluate(outcome: .approved, proposer: "prop", reviews: [review(.security, .pass)] + allPass,
                           approvals: [vote("b1"), vote("b2")], roles: board)
        #expect(s.satisfied == expected)
    }

    @Test func reviewerMayBeBarredFromApproving() {
        var r = rule
        r.reviewerMayApprove = false
        let reviews = ReviewKind.allCases.map { review($0, .pass, by: "b1") }
        let s = r.evaluate(outcome: .approved, proposer: "prop", reviews: reviews, approvals: [vote("b1"), vote("b2"), vote("b3")], roles: board)
        #expect(s.countedApprovers == ["b2", "b3"])
        #expect(s.satisfied)
    }

    @Test func ruleValidation() throws {
        var r = rule
        r.acceptedVerdicts = [.fail]
        #expect(throws: WardenError.self) { try r.validate() }
        r = rule
        r.minimumApprovals = -1
        #expect(throws: WardenError.self) { try r.validate() }
        try rule.validate()
    }
}

@Suite struct DecisionRequestTests {
    @Test func conditionsMustNarrow() throws {
        let d = sampleDefinition()
        try DecisionRequest(outcome: .approvedWithConditions, reasons: "ok",
                            conditions: .init(rateLimit: .init(requests: 10, perSeconds: 60), requiredRole: "senior_agent")).validate(against: d)
        #expect(throws: WardenError.self) {
            try DecisionRequest(outcome: .approvedWithConditions, reasons: "ok",
                                conditions: .init(rateLimit: .init(requests: 600, perSeconds: 60))).validate(against: d)
        }
        #expect(throws: WardenError.self) {
            try DecisionRequest(outcome: .approvedWithConditions, reasons: "ok", conditions: .init()).validate(against: d)
        }
        #expect(throws: WardenError.self) {
            try DecisionRequest(outcome: .approved, reasons: "ok", conditions: .init(timeoutMs: 10)).validate(against: d)
        }
        #expect(throws: WardenError.self) { try DecisionRequest(outcome: .rejected, reasons: " ").validate(against: d) }
    }

    @Test func conditionsApply() {
        let d = sampleDefinition()
        let c = ApprovalConditions(rateLimit: .init(requests: 5, perSeconds: 60), requiredRole: "senior_agent", timeoutMs: 1000)
        let e = c.applied(to: d)
        #expect(e.rateLimit == .init(requests: 5, perSeconds: 60))
        #expect(e.requiredRole == "senior_agent")
        #expect(e.timeoutMs == 1000)
        #expect(e.name == d.name && e.inputSchema == d.inputSchema)
    }
}

@Suite("Approval rule: automated-check findings and waivers")
struct ApprovalRuleFindingTests {
    let rule = ApprovalRule.default
    let votes = [Approval(approver: "b1", approve: true, comment: nil, at: now), Approval(approver: "b2", approve: true, comment: nil, at: now)]

    func checks(_ severities: [Severity], code: CheckFindingCode = .contractMismatch) -> [CheckResult] {
        [CheckResult(check: "contract_test", version: "1", findings: severities.map { CheckFinding(code: code, severity: $0, title: "x") }),
         .notRun(check: "static_analysis", version: "1", reason: "no scanner")]
    }

    @Test func criticalFindingBlocksApprovalButNotRejection() {
        let s = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board,
                              checks: checks([.critical, .high]))
        #expect(!s.satisfied)
        #expect(s.blockingFindings == ["contract.mismatch"])
        #expect(s.unmet.count == 1 && s.unmet[0].hasPrefix("open critical findings of the automated checks: contract.mismatch"))
        let reject = rule.evaluate(outcome: .rejected, proposer: "prop", reviews: allPass, approvals: [], roles: board, checks: checks([.critical]))
        #expect(reject.satisfied && reject.blockingFindings.isEmpty)
    }

    @Test func highFindingDoesNotBlockByDefaultButDoesWhenConfigured() {
        #expect(rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board,
                              checks: checks([.high], code: .loadLatencyObjectiveMissed)).satisfied)
        var strict = rule
        strict.blockingSeverity = .high
        #expect(!strict.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board,
                                 checks: checks([.high], code: .loadLatencyObjectiveMissed)).satisfied)
        var lax = rule
        lax.blockingSeverity = nil
        #expect(lax.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board, checks: checks([.critical])).satisfied)
    }

    @Test func waiverMustNameEveryBlockingCode() {
        let results = checks([.critical]) + [CheckResult(check: "dependencies", version: "1",
                                                         findings: [CheckFinding(code: .dependencyVulnerable, severity: .critical, title: "cve")])]
        let partial = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board, checks: results,
                                    waiver: FindingWaiver(codes: ["contract.mismatch"], reason: "The mismatch is a known upstream rounding quirk."))
        #expect(!partial.satisfied)
        #expect(partial.blockingFindings == ["dependency.vulnerable"] && partial.waivedFindings == ["contract.mismatch"])
        let full = rule.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board, checks: results,
                                 waiver: FindingWaiver(codes: ["contract.mismatch", "dependency.vulnerable"], reason: "Accepted until 2.0 ships, see RISK-12."))
        #expect(full.satisfied && full.blockingFindings.isEmpty)
        #expect(full.waivedFindings == ["contract.mismatch", "dependency.vulnerable"])
    }

    @Test func requiredChecksMustHaveRun() {
        var r = rule
        r.requiredChecks = ["contract_test", "static_analysis", "load_test"]
        let s = r.evaluate(outcome: .approved, proposer: "prop", reviews: allPass, approvals: votes, roles: board, checks: checks([.info]))
        #expect(s.unmet == ["the static_analysis check is required but did not run: no scanner",
                            "the load_test check has no result yet (it may still be running)"])
    }

    @Test(arguments: [
        (FindingWaiver(codes: [], reason: "A long enough reason to accept it."), "waiver.codes"),
        (FindingWaiver(codes: ["contract.mismatch"], reason: "  too short   "), "waiver.reason"),
        (FindingWaiver(codes: [String(repeating: "x", count: 101)], reason: "A long enough reason to accept it."), "waiver.codes"),
    ])
    func waiversAreValidated(waiver: FindingWaiver, field: String) {
        let e = #expect(throws: WardenError.self) { try waiver.validate() }
        #expect(e?.code == .invalidInput && e?.message.hasPrefix(field) == true)
        let request = DecisionRequest(outcome: .rejected, reasons: "no", waiver: FindingWaiver(codes: ["a"], reason: "A long enough reason to accept it."))
        let onReject = #expect(throws: WardenError.self) { try request.validate(against: sampleDefinition()) }
        #expect(onReject?.message == "waiver: only an approval waives findings")
    }
}
