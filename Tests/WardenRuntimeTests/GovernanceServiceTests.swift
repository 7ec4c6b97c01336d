import Foundation
import Testing
import WardenCore
import WardenRuntime
import WardenStore

@Suite("Governance service")
struct GovernanceServiceTests {
    @Test("a tool goes through its whole lifecycle, every step audited")
    func fullLifecycle() async throws {
        let h = try await GovernanceHarness()
        let v = try await h.proposedAndReviewed()
        _ = try await h.service.vote(try await h.ctx("b1"), name: "weather.lookup", version: v, .init(approve: true))
        _ = try await h.service.vote(try await h.ctx("b2"), name: "weather.lookup", version: v, .init(approve: true, comment: "fine"))
        let decided = try await h.service.decide(try await h.ctx("b1"), name: "weather.lookup", version: v,
                                                 .init(outcome: .approvedWithConditions, reasons: "ok with a lower limit",
                                                       conditions: .init(rateLimit: .init(requests: 10, perSeconds: 60),
                                                                         requiredRole: "senior_agent", reviewIntervalDays: 30)))
        #expect(decided.state == .approved)
        #expect(decided.decision?.approvers == ["b1", "b2"])
        #expect(decided.effectiveDefinition.rateLimit == .init(requests: 10, perSeconds: 60))
        #expect(decided.effectiveDefinition.requiredRole == "senior_agent")

        let admin = try await h.ctx("admin")
        let active = try await h.service.transition(admin, name: "weather.lookup", .init(action: .activate))
        #expect(active.state == .active)
        let due = try #require(active.reviewDueAt)
        #expect(abs(due.timeIntervalSinceNow - 30 * 86_400) < 120)
        #expect(try await h.service.transition(admin, name: "weather.lookup", .init(action: .suspend, reason: "incident")).state == .suspended)
        #expect(try await h.service.transition(admin, name: "weather.lookup", .init(action: .resume)).state == .active)
        #expect(try await h.service.transition(admin, name: "weather.lookup", .init(action: .deprecate)).state == .deprecated)
        #expect(try await h.service.transition(admin, name: "weather.lookup", .init(action: .decommission)).state == .decommissioned)

        let illegal = await #expect(throws: WardenError.self) {
            try await h.service.transition(admin, name: "weather.lookup", .init(action: .resume, version: v))
        }
        #expect(illegal?.code == .conflict)
        #expect(illegal?.details["currentState"] == "decommissioned")

        let detail = try await h.service.tool(admin, name: "weather.lookup")
        #expect(detail.transitions.map(\.event) == [.fileReview, .approve, .activate, .suspend, .resume, .deprecate, .decommission])

        let events = try await h.service.auditEvents(try await h.ctx("aud"), afterSeq: 0, limit: 1000)
        let actions = events.filter { $0.subject.hasPrefix("tool:weather.lookup") }.map(\.action)
        #expect(actions == ["tool.propose", "review.security", "review.functional", "review.compliance", "review.risk",
                            "tool.vote", "tool.vote", "tool.decide", "tool.activate", "tool.suspend", "tool.resume",
                            "tool.deprecate", "tool.decommission", "tool.resume"])
        #expect(events.last?.outcome == .failed)
        #expect(try await h.service.verifyAudit(try await h.ctx("aud")).ok)
    }

    @Test("separation of duties: the proposer can neither review nor vote")
    func separationOfDuties() async throws {
        let h = try await GovernanceHarness()
        let d = h.definition()
        _ = try await h.service.propose(try await h.ctx("reqboard"), d)
        let vote = await #expect(throws: WardenError.self) {
            try await h.service.vote(try await h.ctx("reqboard"), name: d.name, version: d.version, .init(approve: true))
        }
        #expect(vote?.code == .forbidden)
        let events = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(events.last?.action == "tool.vote" && events.last?.outcome == .denied)
    }

    @Test func reviewerRolesAreEnforcedPerKind() async throws {
        let h = try await GovernanceHarness()
        let d = h.definition()
        _ = try await h.service.propose(try await h.ctx("req"), d)
        let e = await #expect(throws: WardenError.self) {
            try await h.service.fileReview(try await h.ctx("fun"), name: d.name, version: d.version,
                                           GovernanceHarness.submission(.security))
        }
        #expect(e?.code == .forbidden)
        #expect(e?.message.contains("security_reviewer") == true)
    }

    @Test func decisionRefusedUntilTheRuleIsMet() async throws {
        let h = try await GovernanceHarness()
        let v = try await h.proposedAndReviewed()
        _ = try await h.service.vote(try await h.ctx("b1"), name: "weather.lookup", version: v, .init(approve: true))
        let e = await #expect(throws: WardenError.self) {
            try await h.service.decide(try await h.ctx("b1"), name: "weather.lookup", version: v, .init(outcome: .approved, reasons: "go"))
        }
        #expect(e?.code == .approvalRuleUnmet)
        #expect(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: v) }?.state == .inReview)
    }

    @Test("two decisions at once: exactly one wins")
    func concurrentDecisions() async throws {
        let h = try await GovernanceHarness()
        let v = try await h.proposedAndReviewed()
        for b in ["b1", "b2", "b3"] {
            _ = try await h.service.vote(try await h.ctx(b), name: "weather.lookup", version: v, .init(approve: true))
        }
        let contexts = [try await h.ctx("b1"), try await h.ctx("b2"), try await h.ctx("b3"), try await h.ctx("b1")]
        let outcomes: [Decision.Outcome] = [.approved, .rejected, .approved, .rejected]
        let results = await withTaskGroup(of: Bool.self) { group in
            for (c, o) in zip(contexts, outcomes) {
                group.addTask {
                    (try? await h.service.decide(c, name: "weather.lookup", version: v, .init(outcome: o, reasons: "race"))) != nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let decisions = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
            .filter { $0.action == "tool.decide" }
        #expect(decisions.filter { $0.outcome == .success }.count == 1)
        #expect(decisions.filter { $0.outcome == .failed }.count == 3)
    }

    @Test func versionsAreImmutableAndOnlyOneIsActive() async throws {
        let h = try await GovernanceHarness()
        let req = try await h.ctx("req"), admin = try await h.ctx("admin")
        let v1 = try await h.proposedAndReviewed()
        for b in ["b1", "b2"] { _ = try await h.service.vote(try await h.ctx(b), name: "weather.lookup", version: v1, .init(approve: true)) }
        _ = try await h.service.decide(try await h.ctx("b1"), name: "weather.lookup", version: v1, .init(outcome: .approved, reasons: "ok"))
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .activate))

        let dup = await #expect(throws: WardenError.self) { try await h.service.propose(req, h.definition()) }
        #expect(dup?.code == .conflict)
        let older = await #expect(throws: WardenError.self) { try await h.service.propose(req, h.definition(version: "0.9.0")) }
        #expect(older?.code == .conflict)

        let v2 = try await h.proposedAndReviewed(version: "1.1.0")
        for b in ["b1", "b2"] { _ = try await h.service.vote(try await h.ctx(b), name: "weather.lookup", version: v2, .init(approve: true)) }
        _ = try await h.service.decide(try await h.ctx("b2"), name: "weather.lookup", version: v2, .init(outcome: .approved, reasons: "ok"))
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .activate, version: v2))
        let versions = try await h.store.read { try $0.toolVersions(name: "weather.lookup") }
        #expect(versions.map(\.state) == [.superseded, .active])
        let diff = try await h.service.diff(req, name: "weather.lookup", from: v1, to: v2)
        #expect(diff.changes.map(\.path) == ["/version"])
    }

    @Test func bootstrapRecordsBuiltinsApprovedByTheAdministrator() async throws {
        let h = try await GovernanceHarness()
        let tools = try await h.service.tools(try await h.ctx("bot"))
        #expect(Set(tools.map(\.name)).isSuperset(of: ["time.now", "math.evaluate", "text.redact"]))
        #expect(tools.filter { $0.name == "time.now" }.first?.state == .active)
        let events = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 100) }
        let boot = events.filter { $0.action == "tool.bootstrap" }
        #expect(boot.count == BuiltinTools.definitions.count)
        #expect(boot.allSatisfy { $0.actor == "admin" && $0.detail?["approvedBy"] == "admin" })
        // A second start records nothing again.
        let again = try await h.service.bootstrap(adminKey: nil)
        #expect(again.builtinsRecorded.isEmpty && !again.created && again.generatedKey == nil)
    }

    @Test func authenticationChecksKeys() async throws {
        let h = try await GovernanceHarness()
        let admin = try await h.ctx("admin")
        let issued = try await h.service.createKey(admin, principalID: "bot", .init(label: "ci"))
        #expect(try await h.service.authenticate(token: issued.token, requestID: "r").id == "bot")
        _ = try await h.service.revokeKey(admin, keyID: issued.key.id)
        for token in [issued.token, nil, "", "garbage", "wdn_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"] {
            let e = await #expect(throws: WardenError.self) { try await h.service.authenticate(token: token, requestID: "r") }
            #expect(e?.code == .unauthenticated)
        }
        let events = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        let failures = events.filter { $0.action == "auth.failed" }
        #expect(failures.count == 5)
        // The presented key is never recorded, only its public id.
        #expect(!events.contains { ($0.detail ?? [:]).values.contains(issued.token) || $0.subject.contains(issued.token) })
    }

    @Test("a cached authentication never outlives a role change or a disabled holder")
    func authenticationCacheFollowsChanges() async throws {
        let h = try await GovernanceHarness()
        let admin = try await h.ctx("admin")
        let issued = try await h.service.createKey(admin, principalID: "bot", .init(label: "ci"))
        #expect(try await h.service.authenticate(token: issued.token, requestID: "r").roles == [.agent])
        _ = try await h.service.updatePrincipal(admin, id: "bot", .init(roles: [.agent, .auditor]))
        #expect(try await h.service.authenticate(token: issued.token, requestID: "r").roles == [.agent, .auditor])
        _ = try await h.service.updatePrincipal(admin, id: "bot", .init(disabled: true))
        await #expect(throws: WardenError.self) { try await h.service.authenticate(token: issued.token, requestID: "r") }
        // A wrong secret with a cached key id is still refused.
        _ = try await h.service.updatePrincipal(admin, id: "bot", .init(disabled: false))
        _ = try await h.service.authenticate(token: issued.token, requestID: "r")
        let forged = String(issued.token.dropLast()) + (issued.token.hasSuffix("A") ? "B" : "A")
        await #expect(throws: WardenError.self) { try await h.service.authenticate(token: forged, requestID: "r") }
    }

    @Test func expiredKeysAreRefused() async throws {
        let h = try await GovernanceHarness()
        let admin = try await h.ctx("admin")
        let past = await #expect(throws: WardenError.self) {
            try await h.service.createKey(admin, principalID: "bot", .init(expiresAt: Date().addingTimeInterval(-10)))
        }
        #expect(past?.code == .invalidInput)
        let soon = try await h.service.createKey(admin, principalID: "bot", .init(expiresAt: Date().addingTimeInterval(1)))
        try await Task.sleep(for: .milliseconds(1100))
        await #expect(throws: WardenError.self) { try await h.service.authenticate(token: soon.token, requestID: "r") }
    }

    @Test func anAdminCannotLockThemselvesOut() async throws {
        let h = try await GovernanceHarness()
        let e = await #expect(throws: WardenError.self) {
            try await h.service.updatePrincipal(try await h.ctx("admin"), id: "admin", .init(roles: [.auditor]))
        }
        #expect(e?.code == .conflict)
    }
}

@Suite("Approval rule from policy")
struct ConfiguredRuleTests {
    @Test("a one-vote rule without a risk review lets a decision through that the default refuses")
    func relaxedRule() async throws {
        var policy = GovernancePolicy.default
        policy.approvalRule.minimumApprovals = 1
        policy.approvalRule.requiredReviews = [.security]
        let h = try await GovernanceHarness(policy: policy)
        let d = h.definition()
        _ = try await h.service.propose(try await h.ctx("req"), d)
        _ = try await h.service.fileReview(try await h.ctx("sec"), name: d.name, version: d.version, GovernanceHarness.submission(.security))
        _ = try await h.service.vote(try await h.ctx("b1"), name: d.name, version: d.version, .init(approve: true))
        let r = try await h.service.decide(try await h.ctx("b2"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        #expect(r.state == .approved)
        #expect(r.decision?.approvers == ["b1"])

        let strict = try await GovernanceHarness()
        _ = try await strict.service.propose(try await strict.ctx("req"), d)
        _ = try await strict.service.fileReview(try await strict.ctx("sec"), name: d.name, version: d.version, GovernanceHarness.submission(.security))
        _ = try await strict.service.vote(try await strict.ctx("b1"), name: d.name, version: d.version, .init(approve: true))
        await #expect(throws: WardenError.self) {
            try await strict.service.decide(try await strict.ctx("b2"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        }
    }

    @Test("a permission granted by configuration takes effect")
    func permissionOverride() async throws {
        var policy = GovernancePolicy.default
        policy.access.grants[.toolPropose] = [.agent]
        let h = try await GovernanceHarness(policy: policy)
        _ = try await h.service.propose(try await h.ctx("bot"), h.definition())
        await #expect(throws: WardenError.self) { try await h.service.propose(try await h.ctx("req"), h.definition(version: "2.0.0")) }
    }
}

@Suite("Activation needs the tool's credentials")
struct ActivationCredentialTests {
    @Test func missingCredentialBlocksActivationNamingIt() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let h = try await GovernanceHarness()
        let bare = GovernanceService(store: h.store, policy: .default, secrets: FixedSecrets(values: [:]))
        let v = try await h.proposedAndReviewed()
        for b in ["b1", "b2"] { _ = try await h.service.vote(try await h.ctx(b), name: "weather.lookup", version: v, .init(approve: true)) }
        _ = try await h.service.decide(try await h.ctx("b1"), name: "weather.lookup", version: v, .init(outcome: .approved, reasons: "ok"))
        let e = await #expect(throws: WardenError.self) {
            try await bare.transition(try await h.ctx("admin"), name: "weather.lookup", .init(action: .activate))
        }
        #expect(e?.code == .conflict)
        #expect(e?.message.contains("WEATHER_KEY") == true)
        #expect(e?.details["missingCredentials"] == "WEATHER_KEY")
        #expect(e?.message.contains("s3cret") == false)
        #expect(try await h.store.read { try $0.toolVersion(name: "weather.lookup", version: v) }?.state == .approved)
        // With the credential present the same activation succeeds.
        #expect(try await h.service.transition(try await h.ctx("admin"), name: "weather.lookup", .init(action: .activate)).state == .active)
    }
}
