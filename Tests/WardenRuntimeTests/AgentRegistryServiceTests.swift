import Foundation
import Testing
import WardenCore
import WardenRuntime
import WardenStore

private func card(skills: [(id: String, tags: [String])], url: String = "https://billing.example.com/a2a") -> JSONValue {
    .object([
        "name": "Billing", "description": "Invoices", "version": "1.0.0",
        "supportedInterfaces": [["url": .string(url), "protocolBinding": "JSONRPC", "protocolVersion": "1.0"]],
        "skills": .array(skills.map { s in
            .object(["id": .string(s.id), "name": .string(s.id), "description": "d", "tags": .array(s.tags.map(JSONValue.string))])
        }),
    ])
}

private func agent(_ name: String = "billing", version: String = "1.0.0", trust: AgentTrustLevel = .external,
                   auth: AgentAuthentication? = nil) -> AgentDefinition {
    AgentDefinition(name: name, version: SemanticVersion(version)!, description: "Issues invoices.", purpose: "Billing questions.",
                    owner: "team-billing", trustLevel: trust, region: "eu-west", clearance: .internal,
                    cardURL: "https://billing.example.com/.well-known/agent-card.json", authentication: auth, tags: ["finance"])
}

@Suite("Agent registry: registration, review lifecycle, discovery")
struct AgentRegistryServiceTests {
    @Test func anExternalAgentIsUsableOnlyAfterReviewDecisionAndActivation() async throws {
        let h = try await GovernanceHarness()
        let registered = try await h.service.registerAgent(try await h.ctx("req"), agent(), card: card(skills: [("invoice", ["billing"])]),
                                                           cardPin: "pin1")
        #expect(registered.state == .proposed)
        // The decision needs the reviews and votes the approval rule asks for, as for tools.
        await #expect(throws: WardenError.self) {
            _ = try await h.service.decideAgent(try await h.ctx("b1"), name: "billing", version: registered.version,
                                                .init(outcome: .approved, reasons: "ok"))
        }
        // Separation of duties: the registrant may not review their own registration.
        let own = await #expect(throws: WardenError.self) {
            _ = try await h.service.fileAgentReview(try await h.ctx("req"), name: "billing", version: registered.version,
                                                    GovernanceHarness.submission(.security))
        }
        #expect(own?.code == .forbidden)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await h.service.fileAgentReview(try await h.ctx(who), name: "billing", version: registered.version,
                                                    GovernanceHarness.submission(kind))
        }
        for b in ["b1", "b2"] {
            _ = try await h.service.voteAgent(try await h.ctx(b), name: "billing", version: registered.version, .init(approve: true))
        }
        let decided = try await h.service.decideAgent(try await h.ctx("b1"), name: "billing", version: registered.version,
                                                      .init(outcome: .approvedWithConditions, reasons: "ok",
                                                            conditions: .init(rateLimit: .init(requests: 5, perSeconds: 1))))
        #expect(decided.state == .approved)
        let active = try await h.service.transitionAgent(try await h.ctx("admin"), name: "billing", .init(action: .activate))
        #expect(active.state == .active)
        #expect(active.effectiveDefinition.rateLimit == .init(requests: 5, perSeconds: 1))
        // External agents are reviewed again after 90 days by default.
        let due = try #require(active.reviewDueAt)
        #expect(abs(due.timeIntervalSince(active.updatedAt) - 90 * 86_400) < 1)

        let detail = try await h.service.agent(try await h.ctx("bot"), name: "billing")
        #expect(detail.summary.activeVersion == registered.version)
        #expect(detail.transitions.map(\.event) == [.fileReview, .approve, .activate])
        let events = try await h.store.read { tx in try tx.auditEvents(afterSeq: 0, limit: 1000) }.filter { $0.subject.hasPrefix("agent:billing") }
        #expect(events.map(\.action).contains("agent.register"))
        #expect(events.map(\.action).contains("agent.decide"))
        #expect(events.map(\.action).contains("agent.activate"))
        #expect(try await h.store.verifyAuditChain().ok)
    }

    @Test func anInternalAgentIsApprovedAndActivatedAtRegistrationOnRecord() async throws {
        let h = try await GovernanceHarness()
        let r = try await h.service.registerAgent(try await h.ctx("req"), agent("helper", trust: .internal),
                                                  card: card(skills: [("summarize", [])]), cardPin: "p")
        #expect(r.state == .active)
        #expect(r.decision?.decidedBy == GovernanceService.systemPrincipalID)
        let t = try await h.store.read { tx in try tx.agentTransitions(name: "helper") }
        #expect(t.map(\.event) == [.approve, .activate])
        // A policy that reviews internal agents too leaves it proposed.
        var policy = GovernancePolicy.default
        policy.agentReviewRequired = [.internal, .partner]
        let strict = try await GovernanceHarness(policy: policy)
        let p = try await strict.service.registerAgent(try await strict.ctx("req"), agent("helper", trust: .internal),
                                                       card: card(skills: [("summarize", [])]), cardPin: "p")
        #expect(p.state == .proposed)
        // External agents need review even when the policy forgets them.
        policy.agentReviewRequired = []
        let lax = try await GovernanceHarness(policy: policy)
        let e = try await lax.service.registerAgent(try await lax.ctx("req"), agent("outside"), card: card(skills: [("x", [])]), cardPin: "p")
        #expect(e.state == .proposed)
    }

    @Test func anAgentWithoutItsCredentialsIsApprovedButNotActivated() async throws {
        let h = try await GovernanceHarness()
        let r = try await h.service.registerAgent(try await h.ctx("req"),
                                                  agent("keyed", trust: .internal, auth: .init(apiKey: .init(credential: "MISSING_KEY"))),
                                                  card: card(skills: [("x", [])]), cardPin: "p")
        #expect(r.state == .approved)
        let refused = await #expect(throws: WardenError.self) {
            _ = try await h.service.transitionAgent(try await h.ctx("admin"), name: "keyed", .init(action: .activate))
        }
        #expect(refused?.code == .conflict)
        #expect(refused?.details["missingCredentials"] == "MISSING_KEY")
    }

    /// A registration broken in one way, and the field its refusal names.
    static func broken(_ flaw: String) -> (AgentDefinition, String) {
        var d = agent()
        switch flaw {
        case "name": d.name = "bad name!"; return (d, "name")
        case "scheme": d.cardURL = "ftp://x"; return (d, "cardURL")
        case "both cards": d.card = ["name": "inline"]; return (d, "cardURL")
        case "plain http": d.cardURL = "http://plain.example.com/card"; return (d, "https only")
        case "two schemes": d.authentication = .init(apiKey: .init(credential: "A"), bearer: .init(credential: "B")); return (d, "authentication")
        case "secret name": d.authentication = .init(bearer: .init(credential: "1bad")); return (d, "not a valid secret name")
        case "timeout": d.timeoutMs = 0; return (d, "timeoutMs")
        case "description": d.description = " "; return (d, "description")
        default: d.region = "eu west"; return (d, "region")
        }
    }

    @Test("bad registrations are refused and nothing is recorded",
          arguments: ["name", "scheme", "both cards", "plain http", "two schemes", "secret name", "timeout", "description", "region"])
    func badRegistrations(flaw: String) async throws {
        let h = try await GovernanceHarness()
        let (d, field) = Self.broken(flaw)
        let e = await #expect(throws: WardenError.self) {
            _ = try await h.service.registerAgent(try await h.ctx("req"), d, card: card(skills: []), cardPin: "p")
        }
        #expect(e?.code == .invalidInput)
        #expect(e?.message.contains(field) == true)
        #expect(try await h.store.read { tx in try tx.allAgentVersions() }.isEmpty)
    }

    @Test func registeringNeedsThePermissionAndVersionsOnlyGoUp() async throws {
        let h = try await GovernanceHarness()
        let denied = await #expect(throws: WardenError.self) {
            _ = try await h.service.registerAgent(try await h.ctx("bot"), agent(), card: card(skills: []), cardPin: "p")
        }
        #expect(denied?.code == .forbidden)
        _ = try await h.service.registerAgent(try await h.ctx("req"), agent(version: "1.2.0"), card: card(skills: []), cardPin: "p")
        for v in ["1.2.0", "1.1.0"] {
            let e = await #expect(throws: WardenError.self) {
                _ = try await h.service.registerAgent(try await h.ctx("req"), agent(version: v), card: card(skills: []), cardPin: "p")
            }
            #expect(e?.code == .conflict)
        }
    }

    @Test func conditionsOnAnAgentMayOnlyNarrowIt() async throws {
        let h = try await GovernanceHarness()
        var d = agent()
        d.rateLimit = .init(requests: 10, perSeconds: 1)
        _ = try await h.service.registerAgent(try await h.ctx("req"), d, card: card(skills: []), cardPin: "p")
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await h.service.fileAgentReview(try await h.ctx(who), name: "billing", version: d.version, GovernanceHarness.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await h.service.voteAgent(try await h.ctx(b), name: "billing", version: d.version, .init(approve: true)) }
        for conditions in [ApprovalConditions(rateLimit: .init(requests: 100, perSeconds: 1)), ApprovalConditions(requiredRole: .admin),
                           ApprovalConditions(timeoutMs: 60_000)] {
            let e = await #expect(throws: WardenError.self) {
                _ = try await h.service.decideAgent(try await h.ctx("b1"), name: "billing", version: d.version,
                                                    .init(outcome: .approvedWithConditions, reasons: "ok", conditions: conditions))
            }
            #expect(e?.code == .invalidInput)
        }
    }

    @Test func discoveryBySkillAndTag() async throws {
        let h = try await GovernanceHarness()
        let req = try await h.ctx("req")
        _ = try await h.service.registerAgent(req, agent("billing", trust: .internal), card: card(skills: [("invoice", ["Billing"])]), cardPin: "a")
        _ = try await h.service.registerAgent(req, agent("travel", trust: .internal), card: card(skills: [("book", ["trips"])]), cardPin: "b")
        _ = try await h.service.registerAgent(req, agent("unreviewed"), card: card(skills: [("invoice", [])]), cardPin: "c")
        let bot = try await h.ctx("bot")
        #expect(try await h.service.agents(bot, matching: .init(skill: "invoice")).map(\.name) == ["billing", "unreviewed"])
        #expect(try await h.service.agents(bot, matching: .init(skill: "invoice", servingOnly: true)).map(\.name) == ["billing"])
        #expect(try await h.service.agents(bot, matching: .init(tag: "billing")).map(\.name) == ["billing"])
        // Agent tags count as well as skill tags.
        #expect(try await h.service.agents(bot, matching: .init(tag: "FINANCE")).count == 3)
        #expect(try await h.service.agents(bot, matching: .init(skill: "nothing")).isEmpty)
    }

    @Test func aChangedCardQuarantinesTheServingVersionAndOpensAReview() async throws {
        let h = try await GovernanceHarness()
        let req = try await h.ctx("req")
        _ = try await h.service.registerAgent(req, agent("partner", trust: .internal), card: card(skills: [("a", [])]), cardPin: "old")
        let newCard = card(skills: [("a", []), ("b", [])])
        let out = try await h.service.quarantineAgent(.init(name: "partner", servingVersion: SemanticVersion("1.0.0")!, card: newCard,
                                                            cardPin: "new", changed: ["skills"]))
        #expect(out.suspended.state == .suspended)
        #expect(out.proposal.version == SemanticVersion("1.0.1"))
        #expect(out.proposal.card == newCard)
        // An internal agent needs no review: its new card is approved and serves again, on record.
        #expect(out.proposal.state == .active)
        let after = try await h.store.read { tx in try tx.agentVersions(name: "partner") }
        #expect(after.map(\.state) == [.superseded, .active])

        var policy = GovernancePolicy.default
        policy.agentReviewRequired = [.internal]
        let strict = try await GovernanceHarness(policy: policy)
        _ = try await strict.service.registerAgent(try await strict.ctx("req"), agent("partner", trust: .internal, auth: nil),
                                                   card: card(skills: [("a", [])]), cardPin: "old")
        // Reviewed and active first.
        let v = SemanticVersion("1.0.0")!
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await strict.service.fileAgentReview(try await strict.ctx(who), name: "partner", version: v, GovernanceHarness.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await strict.service.voteAgent(try await strict.ctx(b), name: "partner", version: v, .init(approve: true)) }
        _ = try await strict.service.decideAgent(try await strict.ctx("b1"), name: "partner", version: v, .init(outcome: .approved, reasons: "ok"))
        _ = try await strict.service.transitionAgent(try await strict.ctx("admin"), name: "partner", .init(action: .activate))
        let q = try await strict.service.quarantineAgent(.init(name: "partner", servingVersion: v, card: newCard, cardPin: "new", changed: ["skills"]))
        #expect(q.suspended.state == .suspended)
        #expect(q.proposal.state == .proposed)
        let events = try await strict.store.read { tx in try tx.auditEvents(afterSeq: 0, limit: 1000) }
        let quarantined = try #require(events.last { $0.action == "agent.quarantined" })
        #expect(quarantined.actor == GovernanceService.systemPrincipalID)
        #expect(quarantined.detail?["proposedVersion"] == "1.0.1")
    }
}
