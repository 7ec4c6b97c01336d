import A2APeerSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Prometheus
import Testing
import WardenCore
import WardenRuntime
import WardenStore
@testable import WardenServer

/// Warden as it runs (`WardenApplication.engine`: the pipeline with the A2A performer and the live agent registry), with
/// principals and keys, and agents registered over the admin API of a live loopback server.
private struct OutboundHarness {
    let engine: WardenEngine
    let configuration: WardenConfiguration
    let keys: [String: String]
    let secretsDirectory: URL

    init(secrets: [String: String] = [:], minimization: MinimizationPolicy = MinimizationPolicy(),
         reviewRequired: Set<AgentTrustLevel> = [.partner, .external]) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-out-\(UUID().uuidString)")
        let secretsDir = dir.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secretsDir, withIntermediateDirectories: true)
        for (name, value) in secrets { try Data(value.utf8).write(to: secretsDir.appendingPathComponent(name)) }
        var config = WardenConfiguration()
        config.database = dir.appendingPathComponent("warden.db").path
        config.secretsDirectory = secretsDir.path
        config.secretsEnvironmentPrefix = "WARDEN_TEST_NONE_"
        // Small figures so the test sees retries, an open circuit and a fallback in seconds.
        config.a2aClient.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100))
        config.a2aClient.breaker = .init(failureThreshold: 2, coolDown: .seconds(60))
        config.a2aMinimization = minimization
        config.governance.agentReviewRequired = reviewRequired
        configuration = config
        secretsDirectory = secretsDir
        engine = try await WardenApplication.engine(configuration: config, metrics: PrometheusCollectorRegistry())
        let service = engine.service
        let boot = try await service.bootstrap(adminKey: nil)
        var keys = ["admin": try #require(boot.generatedKey)]
        let admin = CallContext(principal: try #require(try await engine.store.read { try $0.principal(id: "admin") }), requestID: "setup")
        for (id, role) in [("req", Role.requester), ("sec", .securityReviewer), ("fun", .functionalReviewer), ("com", .complianceReviewer),
                           ("b1", .governanceBoard), ("b2", .governanceBoard), ("aud", .auditor), ("bot", .agent)] {
            _ = try await service.createPrincipal(admin, .init(id: id, displayName: id, kind: .person, roles: [role]))
            keys[id] = try await service.createKey(admin, principalID: id, .init()).token
        }
        self.keys = keys
    }

    func ctx(_ id: String) async throws -> CallContext {
        CallContext(principal: try #require(try await engine.store.read { try $0.principal(id: id) }), requestID: "t-\(UUID().uuidString.prefix(8))")
    }

    /// Onboards `definition` as any tool: reviews, two votes, the decision, activation.
    func onboard(_ definition: ToolDefinition) async throws {
        let s = engine.service
        _ = try await s.propose(try await ctx("req"), definition)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            var r = ReviewSubmission(kind: kind, verdict: .pass, summary: "fine")
            switch kind {
            case .security: r.security = .init(sourceAnalysis: "n/a", permissions: "calls one agent", inputOutputValidation: "schema",
                                               dependencies: "none", vendorTrust: "internal")
            case .functional: r.functional = .init(performance: "ok", reliability: "fallbacks", accuracy: "ok", businessFit: "ok")
            case .compliance: r.compliance = .init(dataHandling: "internal", regulations: [], biasAndMisuse: "none", transparency: "ok")
            case .risk: r.risks = [.init(category: .operational, description: "agent outage", severity: .low, mitigation: "alternate agent")]
            }
            _ = try await s.fileReview(try await ctx(who), name: definition.name, version: definition.version, r)
        }
        for b in ["b1", "b2"] { _ = try await s.vote(try await ctx(b), name: definition.name, version: definition.version, .init(approve: true)) }
        _ = try await s.decide(try await ctx("b1"), name: definition.name, version: definition.version, .init(outcome: .approved, reasons: "ok"))
        _ = try await s.transition(try await ctx("admin"), name: definition.name, .init(action: .activate))
    }

    /// A tool whose provider is `agent`'s skill `sum`, with alternates and an optional fallback tool.
    static func sumTool(_ name: String, agent: String, alternates: [String], fallbackTool: String? = nil,
                        inputSchema: JSONValue = ["type": "object", "properties": ["a": ["type": "number"], "b": ["type": "number"]],
                                                  "required": ["a", "b"]]) -> ToolDefinition {
        ToolDefinition(
            name: name, version: SemanticVersion("1.0.0")!, title: "Sum by an agent", description: "Adds two numbers by asking an agent.",
            purpose: "Exercise outgoing A2A calls.", justification: "Tests.",
            provider: ToolProvider(kind: .a2a, origin: .internal,
                                   a2a: .init(agent: agent, skill: "sum", fallbackAgents: alternates.map { .init(agent: $0) }, fallbackTool: fallbackTool)),
            useCases: ["sums"], dataRequirements: .init(reads: [.internal], returns: [.internal]), inputSchema: inputSchema, outputSchema: nil,
            requiredCredentials: [], requiredRole: .agent, rateLimit: nil, timeoutMs: 20_000, owner: "team-test",
            usageGuidelines: "Numbers only.", limitations: [])
    }

    /// Reviews, votes, decides and activates an agent version.
    func approveAgent(_ name: String, _ version: String) async throws {
        let s = engine.service
        let v = try #require(SemanticVersion(version))
        var r = ReviewSubmission(kind: .security, verdict: .pass, summary: "card and endpoint checked")
        r.security = .init(sourceAnalysis: "n/a", permissions: "one skill", inputOutputValidation: "schemas on the card", dependencies: "n/a",
                           vendorTrust: "internal team")
        _ = try await s.fileAgentReview(try await ctx("sec"), name: name, version: v, r)
        var f = ReviewSubmission(kind: .functional, verdict: .pass, summary: "answers")
        f.functional = .init(performance: "ok", reliability: "ok", accuracy: "ok", businessFit: "ok")
        _ = try await s.fileAgentReview(try await ctx("fun"), name: name, version: v, f)
        var c = ReviewSubmission(kind: .compliance, verdict: .pass, summary: "internal data only")
        c.compliance = .init(dataHandling: "internal", regulations: [], biasAndMisuse: "none", transparency: "ok")
        _ = try await s.fileAgentReview(try await ctx("com"), name: name, version: v, c)
        var k = ReviewSubmission(kind: .risk, verdict: .pass, summary: "low")
        k.risks = [.init(category: .operational, description: "outage", severity: .low, mitigation: "alternates")]
        _ = try await s.fileAgentReview(try await ctx("sec"), name: name, version: v, k)
        for b in ["b1", "b2"] { _ = try await s.voteAgent(try await ctx(b), name: name, version: v, .init(approve: true)) }
        _ = try await s.decideAgent(try await ctx("b1"), name: name, version: v, .init(outcome: .approved, reasons: "reviewed"))
        _ = try await s.transitionAgent(try await ctx("admin"), name: name, .init(action: .activate, version: v))
    }

    func call(_ tool: String, _ arguments: JSONValue) async throws -> ToolResult {
        try await engine.pipeline.call(GovernedCall(principal: try await ctx("bot").principal, toolName: tool, arguments: arguments,
                                                    requestID: "call-\(UUID().uuidString.prefix(8))", transport: "test"))
    }

    func events(action: String) async throws -> [AuditEvent] {
        try await engine.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.filter { $0.action == action }
    }
}

/// A registration of the peer as an internal agent (reached over plain HTTP on loopback), by card URL.
private func registration(_ name: String, _ peer: A2APeerAgent, auth: String = "") -> String {
    #"{"name":"\#(name)","version":"1.0.0","description":"Adds numbers.","purpose":"Sums for tests.","owner":"team-test","trustLevel":"internal","clearance":"internal","region":"eu-west","cardURL":"\#(peer.base)/.well-known/agent-card.json"\#(auth)}"#
}

@Suite("Warden's A2A client against real Python agents", .enabled(if: PeerVenv.python != nil, "the Python peers are not installed (.venv-peers)"))
struct A2AClientEndToEndTests {
    @Test func retriesThenAnOpenCircuitThenAFallbackToAnAlternateAgent() async throws {
        let flaky = try await A2APeerAgent.start(name: "flaky", ["--fail-first", "2"])
        let down = try await A2APeerAgent.start(name: "down", ["--fail-first", "100000"])
        let backup = try await A2APeerAgent.start(name: "backup", ["--require-api-key", "backup-key-1234"])
        defer { Task { await flaky.stop(); await down.stop(); await backup.stop() } }
        let h = try await OutboundHarness(secrets: ["BACKUP_KEY": "backup-key-1234"])
        let app = Application(router: try WardenApplication.router(engine: h.engine, configuration: h.configuration))
        try await app.test(.live) { client in
            // Registered over the admin API: Warden fetches each card from the running agent.
            for (name, peer, auth) in [("flaky", flaky, ""), ("down", down, ""),
                                       ("backup", backup, #","authentication":{"apiKey":{"credential":"BACKUP_KEY"}}"#)] {
                let r = try await client.send(.post, "/v1/agents", as: h.keys["req"], json: registration(name, peer, auth: auth))
                #expect(r.status == .created, "\(name): \(r.json)")
                #expect(r.json["state"] == "active")
            }
            let found = try await client.send(.get, "/v1/agents?skill=sum&serving=true", as: h.keys["bot"])
            #expect(found.json["agents"]?.arrayValue?.count == 3)
        }
        try await h.onboard(OutboundHarness.sumTool("sum.flaky", agent: "flaky", alternates: ["backup"]))
        try await h.onboard(OutboundHarness.sumTool("sum.down", agent: "down", alternates: ["backup"]))

        // 1. Retries: the flaky agent answers 503 twice, then the sum.
        let first = try await h.call("sum.flaky", ["a": 2, "b": 3])
        #expect(first.structuredContent?["sum"]?.numberValue?.doubleValue == 5)
        #expect(first.structuredContent?["agent"] == "flaky")
        #expect(try await flaky.posts() == 3)
        let sent = try await h.events(action: "a2a.send")
        #expect(sent.last?.detail?["attempts"] == "3")
        #expect(sent.last?.subject == "agent:flaky")
        #expect(sent.last?.detail?["sentDigest"] != nil)
        #expect(sent.last?.detail?["receivedDigest"] != nil)

        // 2. An agent that keeps failing: each call is retried, then falls back to the alternate agent; after two
        //    failed calls its circuit is open and the next call does not reach it at all.
        for _ in 0..<2 {
            let r = try await h.call("sum.down", ["a": 1, "b": 1])
            #expect(r.structuredContent?["agent"] == "backup")
            #expect(r.structuredContent?["sum"]?.numberValue?.doubleValue == 2)
        }
        let downPosts = try await down.posts()
        #expect(downPosts == 6, "three attempts per call")
        let third = try await h.call("sum.down", ["a": 4, "b": 5])
        #expect(third.structuredContent?["agent"] == "backup")
        #expect(try await down.posts() == downPosts, "the open circuit keeps calls away from the failing agent")
        let lastTwo = try await h.events(action: "a2a.send").suffix(2)
        #expect(lastTwo.first?.subject == "agent:down")
        #expect(lastTwo.first?.detail?["error"] == "circuit_open")
        #expect(lastTwo.last?.subject == "agent:backup")
        #expect(lastTwo.last?.detail?["after"] == "down=circuit_open")
        // The open circuit is on /metrics (2: open), the healthy agents' closed.
        try await app.test(.router) { client in
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains(#"warden_circuit_state{upstream="a2a:down"} 2"#), "\(metrics)")
            #expect(metrics.contains(#"warden_circuit_state{upstream="a2a:backup"} 0"#))
        }
        // The backup agent was called with its API key, which appears in no audit event.
        #expect(try await backup.stats()["unauthorized"]?.numberValue?.intValue == 0)
        let all = try await h.engine.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(!all.contains { ($0.detail ?? [:]).values.contains { $0.contains("backup-key-1234") } })

        // 3. No agent left: a clear error naming each agent's failure.
        await backup.stop()
        let e = await #expect(throws: WardenError.self) { _ = try await h.call("sum.down", ["a": 1, "b": 2]) }
        #expect(e?.code == .upstreamUnavailable)
        #expect(e?.details["agentErrors"]?.hasPrefix("down=circuit_open,backup=") == true)
        #expect(e?.message.contains("no agent could answer the skill sum") == true)
        #expect(try await h.engine.store.verifyAuditChain().ok)
    }

    @Test func whenNoAgentAnswersTheCallFallsBackToAGovernedTool() async throws {
        let h = try await OutboundHarness()
        // The agent is not registered at all, so the call goes straight to the fallback tool: a call of its own, audited.
        try await h.onboard(OutboundHarness.sumTool("time.by-agent", agent: "nobody", alternates: [], fallbackTool: "time.now",
                                                    inputSchema: ["type": "object"]))
        let r = try await h.call("time.by-agent", [:])
        #expect(r.fallback == "time.now")
        #expect(r.structuredContent?["utc"] != nil || !r.text.isEmpty)
        let calls = try await h.events(action: "tool.call")
        let nested = try #require(calls.first { $0.subject.hasPrefix("tool:time.now@") })
        #expect(nested.detail?["fallbackFor"] == "time.by-agent")
        let outer = try #require(calls.first { $0.subject.hasPrefix("tool:time.by-agent@") })
        #expect(outer.detail?["fallback"] == "time.now")
        #expect(outer.requestID == nested.requestID)
        let refused = try await h.events(action: "a2a.send")
        #expect(refused.first?.detail?["reason"] == "not_serving")
    }

    @Test func minimizationAndResidencyOnTheWayToAnAgent() async throws {
        let peer = try await A2APeerAgent.start(name: "echo", ["--open-input"])
        defer { Task { await peer.stop() } }
        // Restricted data may only go to us-east, whether or not minimization would remove it.
        let h = try await OutboundHarness(minimization: MinimizationPolicy(residency: [.restricted: ["us-east"]], residencyScope: .present))
        let app = Application(router: try WardenApplication.router(engine: h.engine, configuration: h.configuration))
        try await app.test(.live) { client in
            let r = try await client.send(.post, "/v1/agents", as: h.keys["req"], json: registration("echo", peer))
            #expect(r.status == .created, "\(r.json)")
        }
        // The tool's input marks a confidential note and a restricted field kept in the EU; the agent is cleared for
        // internal data, no PII, and sits in eu-west.
        let schema: JSONValue = ["type": "object", "required": ["a", "b"], "properties": [
            "a": ["type": "number"], "b": ["type": "number"],
            "note": ["type": "string", "x-sensitivity": "confidential"],
            "comment": ["type": "string"],
            "account": ["type": "string", "x-sensitivity": "restricted"],
        ]]
        try await h.onboard(OutboundHarness.sumTool("sum.minimized", agent: "echo", alternates: [], inputSchema: schema))
        _ = try await h.call("sum.minimized", ["a": 1, "b": 2, "note": "salary 90000", "comment": "mail me at ann@example.com"])
        let body = try #require(try await peer.stats()["lastBody"]).canonicalString
        #expect(!body.contains("salary 90000"), "the confidential field never reaches the agent")
        #expect(!body.contains("ann@example.com"), "the e-mail address is masked for an agent not cleared for PII")
        let sent = try #require(try await h.events(action: "a2a.send").last)
        #expect(sent.detail?["minimization.masked"] != nil || sent.detail?["minimization.removed"] != nil)
        #expect(!(sent.detail ?? [:]).values.contains { $0.contains("salary") || $0.contains("ann@example.com") })

        // Restricted data for an agent in eu-west: refused before anything is sent, and audited.
        let posts = try await peer.posts()
        let e = await #expect(throws: WardenError.self) {
            _ = try await h.call("sum.minimized", ["a": 1, "b": 2, "account": "DE89 3704 0044 0532 0130 00"])
        }
        #expect(e?.code == .policyViolation)
        #expect(try await peer.posts() == posts)
        let refusal = try #require(try await h.events(action: "a2a.send").last)
        #expect(refusal.outcome == .denied)
        #expect(refusal.detail?["error"] == "policy_violation")
        #expect(!(refusal.detail ?? [:]).values.contains { $0.contains("DE89") })
    }

    @Test func aChangedCardQuarantinesTheAgentUntilItIsReviewedAgain() async throws {
        let peer = try await A2APeerAgent.start(name: "billing")
        defer { Task { await peer.stop() } }
        // Every trust level is reviewed here, so the refreshed card waits for its reviewers.
        let h = try await OutboundHarness(reviewRequired: [.internal, .partner, .external])
        let app = Application(router: try WardenApplication.router(engine: h.engine, configuration: h.configuration))
        try await app.test(.live) { client in
            let r = try await client.send(.post, "/v1/agents", as: h.keys["req"], json: registration("billing", peer))
            #expect(r.json["state"] == "proposed", "\(r.json)")
            // Not usable before its review.
            try await h.onboard(OutboundHarness.sumTool("sum.billing", agent: "billing", alternates: []))
            let early = await #expect(throws: WardenError.self) { _ = try await h.call("sum.billing", ["a": 1, "b": 1]) }
            #expect(early?.code == .upstreamUnavailable)
            try await h.approveAgent("billing", "1.0.0")
            #expect(try await h.call("sum.billing", ["a": 1, "b": 1]).structuredContent?["sum"]?.numberValue?.doubleValue == 2)

            let same = try await client.send(.post, "/v1/agents/billing/refresh", as: h.keys["admin"])
            #expect(same.json["outcome"] == "unchanged", "\(same.json)")
            try await peer.post("/change-card")
            let changed = try await client.send(.post, "/v1/agents/billing/refresh", as: h.keys["admin"])
            #expect(changed.json["outcome"] == "quarantined", "\(changed.json)")
            #expect(changed.json["changed"] == ["skills"])
            #expect(changed.json["proposedVersion"] == "1.0.1")

            // Quarantined: no call reaches the agent until the new card is reviewed.
            let posts = try await peer.posts()
            let refused = await #expect(throws: WardenError.self) { _ = try await h.call("sum.billing", ["a": 1, "b": 1]) }
            #expect(refused?.code == .upstreamUnavailable)
            #expect(try await peer.posts() == posts)
            let detail = try await client.send(.get, "/v1/agents/billing", as: h.keys["bot"])
            #expect(detail.json["versions"]?.arrayValue?.compactMap { $0["state"]?.stringValue } == ["suspended", "proposed"])
            #expect(detail.json["versions"]?.arrayValue?.last?["card"]?["skills"]?.arrayValue?.count == 2)

            try await h.approveAgent("billing", "1.0.1")
            #expect(try await h.call("sum.billing", ["a": 2, "b": 2]).structuredContent?["sum"]?.numberValue?.doubleValue == 4)
            let events = try await h.events(action: "agent.quarantined")
            #expect(events.count == 1)
            #expect(events.first?.detail?["changed"] == "skills")
        }
    }
}
