import Foundation
import Testing
import Tracing
import TracingTestSupport
import WardenCore
import WardenStore
@testable import WardenRuntime

/// A pipeline with built-in and HTTP performers whose spans go to `tracer`.
private func tracedPipeline(_ h: GovernanceHarness, tracer: RecordingTracer) -> InvocationPipeline {
    InvocationPipeline(registry: h.registry, audit: AuditWriter(store: h.store), secrets: FixedSecrets(values: ["WEATHER_KEY": "s3cret-value"]),
                       performers: [.builtin: BuiltinToolPerformer(), .http: HTTPToolPerformer(client: sharedTestClient)],
                       tracer: tracer)
}

private func governed(_ h: GovernanceHarness, _ who: String, _ tool: String, _ args: JSONValue,
                      trace: TraceContext? = nil) async throws -> GovernedCall {
    GovernedCall(principal: try await h.ctx(who).principal, toolName: tool, arguments: args,
                 requestID: "r-\(UUID().uuidString.prefix(6))", transport: "test", trace: trace)
}

private func lastCallEvent(_ h: GovernanceHarness) async throws -> AuditEvent? {
    try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.last { $0.action == "tool.call" }
}

@Suite("Invocation pipeline spans", .serialized)
struct PipelineTracingTests {
    static let caller = TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")

    @Test("an HTTP tool call is a span tree in the caller's trace, and the endpoint sees the client span's id")
    func httpCallSpanTree() async throws {
        let h = try await GovernanceHarness()
        let tracer = RecordingTracer()
        let caller = try #require(Self.caller)
        try await withUpstream { port in
            try await activateHTTPTool(h, url: "http://127.0.0.1:\(port)/trace?city={{city}}", output: nil, rateLimit: .init(requests: 10, perSeconds: 60))
            let call = try await governed(h, "bot", "weather.lookup", ["city": "Oslo"], trace: caller)
            let result = try await tracedPipeline(h, tracer: tracer).call(call)

            let root = try #require(tracer.span(named: "tools/call weather.lookup"))
            #expect(root.kind == .server && root.parentSpanID == caller.spanID && root.traceID == caller.traceID)
            #expect(root.string("warden.tool.name") == "weather.lookup" && root.string("warden.tool.version") == "1.0.0")
            #expect(root.string("warden.principal") == "bot" && root.string("warden.request_id") == call.requestID)
            #expect(root.string("warden.outcome") == "success" && root.string("error.type") == nil && root.status == nil)

            // Every stage is a child of the call; perform is inside guard, the HTTP request inside perform.
            for name in ["authorize", "validate input", "throttle", "guard", "validate output", "record"] {
                let stage = try #require(tracer.span(named: name), "no span \(name)")
                #expect(stage.parentSpanID == root.spanID && stage.kind == .internal, "\(name)")
            }
            let guardSpan = try #require(tracer.span(named: "guard"))
            let perform = try #require(tracer.span(named: "perform"))
            let client = try #require(tracer.span(named: "HTTP GET"))
            #expect(perform.parentSpanID == guardSpan.spanID)
            #expect(client.parentSpanID == perform.spanID && client.kind == .client)
            #expect(client.string("server.address") == "127.0.0.1" && client.int("server.port") == port)
            #expect(client.string("http.request.method") == "GET" && client.int("http.response.status_code") == 200)
            #expect(tracer.finished.count == 9 && tracer.finished.allSatisfy { $0.traceID == caller.traceID })

            // The endpoint got a traceparent naming the client span: Warden's hop is in the caller's trace.
            #expect(result.structuredContent?["traceparent"]?.stringValue == "00-\(caller.traceID)-\(client.spanID)-01")
            #expect(try await lastCallEvent(h)?.detail?["traceId"] == caller.traceID)

            // Never arguments, outputs or credentials in a span.
            let values = tracer.finished.flatMap { span -> [String] in
                var out: [String] = []
                span.attributes.forEach { _, value in out.append("\(value)") }
                return out + [span.operationName]
            }
            #expect(!values.contains { $0.contains("Oslo") || $0.contains("s3cret") })
        }
    }

    @Test("a refusal marks the call and its stage with the error code; later stages have no span")
    func refusalCarriesErrorCode() async throws {
        let h = try await GovernanceHarness()
        let tracer = RecordingTracer()
        let e = await #expect(throws: WardenError.self) {
            try await tracedPipeline(h, tracer: tracer).call(try await governed(h, "aud", "math.evaluate", ["expression": "1+1"]))
        }
        #expect(e?.code == .forbidden)
        let root = try #require(tracer.span(named: "tools/call math.evaluate"))
        #expect(root.string("error.type") == "forbidden" && root.string("warden.outcome") == "denied")
        #expect(root.status?.code == .error)
        let authorize = try #require(tracer.span(named: "authorize"))
        #expect(authorize.string("error.type") == "forbidden" && authorize.status?.code == .error)
        #expect(tracer.span(named: "validate input") == nil && tracer.span(named: "guard") == nil)
        #expect(tracer.span(named: "record")?.parentSpanID == root.spanID, "a refusal is recorded too")
    }

    @Test("a call without a caller's trace starts one; the audit event has the span's trace id")
    func untracedCallerStartsATrace() async throws {
        let h = try await GovernanceHarness()
        let tracer = RecordingTracer()
        let call = try await governed(h, "bot", "math.evaluate", ["expression": "6*7"])
        #expect(!call.continuesCallerTrace)
        _ = try await tracedPipeline(h, tracer: tracer).call(call)
        let root = try #require(tracer.span(named: "tools/call math.evaluate"))
        #expect(root.parentSpanID == nil && tracer.span(named: "perform")?.traceID == root.traceID)
        #expect(try await lastCallEvent(h)?.detail?["traceId"] == root.traceID)
    }

    @Test("without a tracer (none bootstrapped) nothing is traced and calls work as before")
    func noTracerByDefault() async throws {
        let h = try await GovernanceHarness()
        let p = InvocationPipeline(registry: h.registry, audit: AuditWriter(store: h.store), secrets: FixedSecrets(values: [:]),
                                   performers: [.builtin: BuiltinToolPerformer()])
        #expect(p.tracing.tracer == nil)
        let caller = try #require(Self.caller)
        _ = try await p.call(try await governed(h, "bot", "math.evaluate", ["expression": "1"], trace: caller))
        #expect(try await lastCallEvent(h)?.detail?["traceId"] == caller.traceID)
    }
}
