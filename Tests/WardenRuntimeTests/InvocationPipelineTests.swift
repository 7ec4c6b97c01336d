import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import WardenCore
import WardenStore
@testable import WardenRuntime

/// A pipeline over the harness's registry, with built-in and HTTP performers.
private func pipeline(_ h: GovernanceHarness, secrets: [String: String] = ["WEATHER_KEY": "s3cret-value"],
                      toolWideFactor: Int = 10) -> InvocationPipeline {
    InvocationPipeline(registry: h.registry, audit: AuditWriter(store: h.store), secrets: FixedSecrets(values: secrets),
                       performers: [.builtin: BuiltinToolPerformer(), .http: HTTPToolPerformer(client: sharedTestClient)],
                       throttle: CallThrottle(limiter: RateLimiter(), toolWideFactor: toolWideFactor),
                       guard: CallGuard(breakers: CircuitBreakers(configuration: .init(failureThreshold: 2, coolDown: .seconds(60))),
                                        retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))))
}

private func call(_ h: GovernanceHarness, _ who: String, _ tool: String, _ args: JSONValue) async throws -> GovernedCall {
    GovernedCall(principal: try await h.ctx(who).principal, toolName: tool, arguments: args, requestID: "r-\(UUID().uuidString.prefix(6))",
                 transport: "test")
}

/// Activates an HTTP tool pointing at `url` with the given output schema and rate limit.
func activateHTTPTool(_ h: GovernanceHarness, url: String, output: JSONValue?, rateLimit: ToolDefinition.RateLimit?) async throws {
    var d = h.definition()
    d.provider = ToolProvider(kind: .http, origin: .internal,
                              http: .init(method: "GET", url: url, headers: ["X-Api-Key": "{{secret.WEATHER_KEY}}"]))
    d.outputSchema = output
    d.rateLimit = rateLimit
    d.idempotent = true
    _ = try await h.service.propose(try await h.ctx("req"), d)
    for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
        _ = try await h.service.fileReview(try await h.ctx(who), name: d.name, version: d.version, GovernanceHarness.submission(kind))
    }
    for b in ["b1", "b2"] { _ = try await h.service.vote(try await h.ctx(b), name: d.name, version: d.version, .init(approve: true)) }
    _ = try await h.service.decide(try await h.ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
    _ = try await h.service.transition(try await h.ctx("admin"), name: d.name, .init(action: .activate))
}

@Suite("Invocation pipeline", .serialized)
struct InvocationPipelineTests {
    @Test func builtinCallSucceedsAndIsAudited() async throws {
        let h = try await GovernanceHarness()
        let p = pipeline(h)
        let r = try await p.call(try await call(h, "bot", "math.evaluate", ["expression": "2 * (3 + 4)"]))
        #expect(r.structuredContent?["value"] == 14)
        let e = try #require(try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.last)
        #expect(e.action == "tool.call" && e.outcome == .success && e.actor == "bot" && e.subject == "tool:math.evaluate@1.0.0")
        #expect(e.detail?["inputDigest"] == Digest.sha256Hex(JSONValue.object(["expression": "2 * (3 + 4)"]).canonicalData))
        #expect(e.detail?["outputDigest"]?.count == 64)
        #expect(!(e.detail ?? [:]).values.contains { $0.contains("3 + 4") }, "payloads never enter the audit log")
    }

    @Test("refusals by stage", arguments: [
        ("aud", "math.evaluate", JSONValue.object(["expression": "1"]), WardenError.Code.forbidden),
        ("bot", "math.evaluate", JSONValue.object(["expression": 5]), .invalidInput),
        ("bot", "math.evaluate", JSONValue.object(["expression": "1", "extra": true]), .invalidInput),
        ("bot", "nope.tool", JSONValue.object([:]), .toolInactive),
        ("bot", "math.evaluate", JSONValue.object(["expression": "1/0"]), .invalidInput),
    ])
    func refusals(who: String, tool: String, args: JSONValue, code: WardenError.Code) async throws {
        let h = try await GovernanceHarness()
        let e = await #expect(throws: WardenError.self) { try await pipeline(h).call(try await call(h, who, tool, args)) }
        #expect(e?.code == code, "\(e?.message ?? "")")
        let last = try #require(try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.last)
        #expect(last.action == "tool.call" && last.detail?["error"] == code.rawValue)
        #expect(last.outcome == (code == .forbidden ? .denied : .failed))
    }

    @Test func burstIsRateLimitedPerCaller() async throws {
        let h = try await GovernanceHarness()
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/weather?city={{city}}", output: nil,
                                       rateLimit: .init(requests: 3, perSeconds: 60))
            let p = pipeline(h)
            for _ in 0..<3 { _ = try await p.call(try await call(h, "bot", "weather.lookup", ["city": "Oslo"])) }
            let e = await #expect(throws: WardenError.self) { try await p.call(try await call(h, "bot", "weather.lookup", ["city": "Oslo"])) }
            #expect(e?.code == .rateLimited)
            #expect(Int(e?.details["retryAfterMs"] ?? "") ?? 0 > 0)
        }
    }

    @Test func outputViolatingItsSchemaIsAnError() async throws {
        let h = try await GovernanceHarness()
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/weather?city={{city}}",
                                       output: ["type": "object", "required": ["temperature"]], rateLimit: nil)
            let e = await #expect(throws: WardenError.self) {
                try await pipeline(h).call(try await call(h, "bot", "weather.lookup", ["city": "Oslo"]))
            }
            #expect(e?.code == .invalidOutput)
            #expect(e?.message.contains("sunny") == false, "the bad output is not passed on")
        }
    }

    @Test func missingCredentialStopsTheCallWithoutLeakingAnything() async throws {
        let h = try await GovernanceHarness()
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/weather", output: nil, rateLimit: nil)
            let e = await #expect(throws: WardenError.self) {
                try await pipeline(h, secrets: [:]).call(try await call(h, "bot", "weather.lookup", [:]))
            }
            #expect(e?.code == .upstreamUnavailable && e?.message.contains("WEATHER_KEY") == true)
        }
    }

    @Test func credentialEchoedByTheUpstreamIsRedacted() async throws {
        let h = try await GovernanceHarness()
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/weather?city={{secret.WEATHER_KEY}}", output: nil, rateLimit: nil)
            let r = try await pipeline(h).call(try await call(h, "bot", "weather.lookup", [:]))
            #expect(!r.text.contains("s3cret-value"))
            #expect(r.structuredContent?["forecast"]?.stringValue?.contains("[REDACTED]") == true)
        }
    }

    @Test func circuitOpensAfterRepeatedUpstreamFailures() async throws {
        let h = try await GovernanceHarness()
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/unavailable", output: nil, rateLimit: nil)
            let p = pipeline(h)
            let first = await #expect(throws: WardenError.self) { try await p.call(try await call(h, "bot", "weather.lookup", [:])) }
            #expect(first?.code == .upstreamUnavailable || first?.code == .circuitOpen)
            let second = await #expect(throws: WardenError.self) { try await p.call(try await call(h, "bot", "weather.lookup", [:])) }
            #expect(second?.code == .circuitOpen)
        }
    }

    @Test func suspendedToolStopsServingAtTheNextCall() async throws {
        let h = try await GovernanceHarness()
        let p = pipeline(h)
        _ = try await p.call(try await call(h, "bot", "time.now", [:]))
        _ = try await h.service.transition(try await h.ctx("admin"), name: "time.now", .init(action: .suspend, reason: "test"))
        let e = await #expect(throws: WardenError.self) { try await p.call(try await call(h, "bot", "time.now", [:])) }
        #expect(e?.code == .toolInactive)
    }

    @Test func listingShowsOnlyWhatTheCallerMayUse() async throws {
        let h = try await GovernanceHarness()
        let p = pipeline(h)
        #expect(Set(p.tools(for: try await h.ctx("bot").principal).map(\.definition.name)) == ["time.now", "math.evaluate", "text.redact"])
        #expect(p.tools(for: try await h.ctx("aud").principal).isEmpty)
    }
}
