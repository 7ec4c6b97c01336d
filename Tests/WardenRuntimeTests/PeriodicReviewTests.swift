import Foundation
import Synchronization
import Testing
import WardenCore
import WardenRuntime

/// A clock the test moves forward.
private final class ShiftedClock: WallClock {
    private let offset = Mutex<TimeInterval>(0)
    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func advance(days: Double) { offset.withLock { $0 += days * 86_400 } }
}

@Suite("Periodic reviews")
struct PeriodicReviewTests {
    @Test func dueDatesFollowConditionsSensitivityAndDefault() async throws {
        var policy = GovernancePolicy.default
        policy.reviewIntervalDaysBySensitivity = [.restricted: 90]
        let h = try await GovernanceHarness(policy: policy)
        var restricted = h.definition(name: "hr.records")
        restricted.dataRequirements = .init(reads: [.restricted], returns: [.confidential])
        try await h.activate(restricted)
        try await h.activate(h.definition(name: "weather.lookup"))
        let bot = try await h.ctx("bot")
        let due = try await h.service.reviewsDue(bot, withinDays: 400)
        func days(_ name: String) -> Double? {
            due.first { $0.name == name }.map { $0.reviewDueAt.timeIntervalSinceNow / 86_400 }
        }
        #expect(abs((days("hr.records") ?? 0) - 90) < 0.1)
        #expect(abs((days("weather.lookup") ?? 0) - 365) < 0.1, "the default is one year")
        #expect(try await h.service.reviewsDue(bot, withinDays: 30).isEmpty, "nothing is due within a month")
    }

    @Test func overdueToolsAreListedThenSuspendedAfterTheGracePeriodAndAReviewResetsTheDate() async throws {
        let clock = ShiftedClock()
        let h = try await GovernanceHarness(clock: clock)
        try await h.activate(h.definition(name: "weather.lookup"))
        let bot = try await h.ctx("bot")
        #expect(try await h.service.reviewsDue(bot, withinDays: 0).isEmpty)

        clock.advance(days: 380)
        let overdue = try #require(try await h.service.reviewsDue(bot, withinDays: 0).first { $0.name == "weather.lookup" })
        #expect(overdue.status == .overdue && overdue.daysOverdue == 15)
        #expect(try await h.service.enforceOverdueReviews().isEmpty, "15 days overdue is within the 30-day grace")

        // A board member reviews it: the next due date is a year from now, and nothing is suspended.
        let reviewed = try await h.service.recordPeriodicReview(try await h.ctx("b1"), name: "weather.lookup", .init(notes: "still needed; vendor SOC 2 renewed"))
        #expect(abs((reviewed.reviewDueAt?.timeIntervalSince(clock.now()) ?? 0) / 86_400 - 365) < 0.1)
        #expect(try await h.service.reviewsDue(bot, withinDays: 0).allSatisfy { $0.name != "weather.lookup" })

        // A year and 31 days later with no review: suspended by the system, on record, gone from the registry.
        clock.advance(days: 365 + 31)
        let suspended = try await h.service.enforceOverdueReviews()
        #expect(suspended.contains("weather.lookup@1.0.0"))
        #expect(h.registry.tool(named: "weather.lookup") == nil)
        let events = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(actor: "system", action: "tool.suspend"))
        #expect(events.contains { $0.subject == "tool:weather.lookup@1.0.0" && $0.detail?["reason"]?.contains("overdue") == true })
        let periodic = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(action: "tool.periodic_review"))
        #expect(periodic.count == 1 && periodic[0].actor == "b1")
    }

    @Test func suspensionCanBeTurnedOff() async throws {
        var policy = GovernancePolicy.default
        policy.reviewOverdueSuspendAfterDays = nil
        let clock = ShiftedClock()
        let h = try await GovernanceHarness(policy: policy, clock: clock)
        try await h.activate(h.definition(name: "weather.lookup"))
        clock.advance(days: 1000)
        #expect(try await h.service.enforceOverdueReviews().isEmpty)
        #expect(h.registry.tool(named: "weather.lookup") != nil)
    }

    @Test func periodicReviewsAreForTheBoardWithNotesAndAServingVersion() async throws {
        let h = try await GovernanceHarness()
        await #expect(throws: WardenError.self) {
            try await h.service.recordPeriodicReview(try await h.ctx("bot"), name: "time.now", .init(notes: "fine"))
        }
        await #expect(throws: WardenError.self) {
            try await h.service.recordPeriodicReview(try await h.ctx("b1"), name: "time.now", .init(notes: "   "))
        }
        await #expect(throws: WardenError.self) {
            try await h.service.recordPeriodicReview(try await h.ctx("b1"), name: "no.such.tool", .init(notes: "x"))
        }
        _ = try await h.proposedAndReviewed(name: "not.serving")
        await #expect(throws: WardenError.self) {
            try await h.service.recordPeriodicReview(try await h.ctx("b1"), name: "not.serving", .init(notes: "x"))
        }
        await #expect(throws: WardenError.self) { try await h.service.reviewsDue(try await h.ctx("bot"), withinDays: -1) }
    }

    @Test func anExternalAgentsReviewComesDueIsListedAndOverdueSuspendsIt() async throws {
        let clock = ShiftedClock()
        let h = try await GovernanceHarness(clock: clock)
        let d = AgentDefinition(name: "partner-bot", version: SemanticVersion("1.0.0")!, description: "Quotes.", purpose: "Quotes.",
                                owner: "team-x", trustLevel: .external, region: "eu-west", clearance: .public,
                                cardURL: "https://partner.example.com/.well-known/agent-card.json")
        _ = try await h.service.registerAgent(try await h.ctx("req"), d, card: ["name": "P", "skills": []], cardPin: "p")
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await h.service.fileAgentReview(try await h.ctx(who), name: d.name, version: d.version, GovernanceHarness.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await h.service.voteAgent(try await h.ctx(b), name: d.name, version: d.version, .init(approve: true)) }
        _ = try await h.service.decideAgent(try await h.ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        _ = try await h.service.transitionAgent(try await h.ctx("admin"), name: d.name, .init(action: .activate))

        clock.advance(days: 80)
        let soon = try await h.service.reviewsDue(try await h.ctx("bot"), withinDays: 30)
        #expect(soon.map(\.kind) == [.agent])
        #expect(soon.first?.status == .due)
        // Overdue, but within the grace period: listed, still serving.
        clock.advance(days: 20)
        #expect(try await h.service.enforceOverdueReviews().isEmpty)
        #expect(try await h.service.reviewsDue(try await h.ctx("bot"), withinDays: 0).first?.status == .overdue)
        // A periodic review sets the next date from now.
        let reviewed = try await h.service.recordAgentPeriodicReview(try await h.ctx("b1"), name: d.name, .init(notes: "card unchanged, still needed"))
        #expect(abs((reviewed.reviewDueAt?.timeIntervalSince(clock.now()) ?? 0) / 86_400 - 90) < 0.1)
        // Past due and grace: suspended by the system, on record.
        clock.advance(days: 90 + 31)
        #expect(try await h.service.enforceOverdueReviews() == ["agent:partner-bot@1.0.0"])
        let after = try await h.store.read { tx in try tx.agentVersions(name: d.name) }
        #expect(after.first?.state == .suspended)
        let t = try await h.store.read { tx in try tx.agentTransitions(name: d.name) }
        #expect(t.last?.actor == GovernanceService.systemPrincipalID)
        let denied = await #expect(throws: WardenError.self) {
            _ = try await h.service.recordAgentPeriodicReview(try await h.ctx("req"), name: d.name, .init(notes: "x"))
        }
        #expect(denied?.code == .forbidden)
    }
}
