import Foundation
import Hummingbird
import Testing
import TracingTestSupport
import WardenCore
import WardenMCP
import WardenRuntime

/// A minimal modern (2026-07-28) MCP server on a free loopback port whose only tool answers with the `traceparent`
/// header of the request that called it.
private func withTraceEchoUpstream(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
    let router = Router()
    router.post("/mcp") { request, _ -> Response in
        let traceparent = request.headers[.init("traceparent")!] ?? ""
        let message = try JSONValue(parsing: try await request.body.collect(upTo: 65_536).readableBytesView)
        let result: JSONValue = message["method"]?.stringValue == "server/discover"
            ? ["supportedVersions": ["2026-07-28"]]
            : ["content": [["type": "text", "text": .string(traceparent)]], "isError": false]
        let answer: JSONValue = ["jsonrpc": "2.0", "id": message["id"] ?? .null, "result": result]
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: answer.canonicalData)))
    }
    let (ports, sink) = AsyncStream<Int>.makeStream()
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { sink.yield($0.localAddress?.port ?? 0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next() else { return }
        defer { group.cancelAll() }
        try await body("http://127.0.0.1:\(port)/mcp")
    }
}

@Suite("Upstream MCP call spans")
struct UpstreamTracingTests {
    @Test("an upstream MCP call is a client span under perform, and the upstream sees its span id")
    func upstreamCallIsAClientSpan() async throws {
        let tracer = RecordingTracer()
        let h = try await UpstreamEngineHarness(tracer: tracer)
        try await withTraceEchoUpstream { url in
            let listing: JSONValue = ["name": "add", "description": "Adds two integers.",
                                      "inputSchema": ["type": "object", "properties": ["a": ["type": "integer"], "b": ["type": "integer"]]]]
            try await h.onboard(UpstreamEngineHarness.definition(name: "math.add", url: url, listing: listing))
            let caller = try #require(TraceContext(traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
            let bot = try await h.ctx("bot").principal
            let result = try await h.engine.pipeline.call(GovernedCall(principal: bot, toolName: "math.add", arguments: ["a": 2, "b": 3],
                                                                       requestID: "req-upstream-span", transport: "mcp", trace: caller))
            let root = try #require(tracer.span(named: "tools/call math.add"))
            let perform = try #require(tracer.span(named: "perform"))
            let client = try #require(tracer.span(named: "mcp tools/call"))
            #expect(root.parentSpanID == caller.spanID && root.traceID == caller.traceID)
            #expect(client.kind == .client && client.parentSpanID == perform.spanID && client.traceID == caller.traceID)
            #expect(client.string("server.address") == "127.0.0.1" && client.int("server.port") == URL(string: url)?.port)
            #expect(client.string("mcp.method.name") == "tools/call" && client.int("http.response.status_code") == 200)
            #expect(result.text == "00-\(caller.traceID)-\(client.spanID)-01", "the upstream got the client span's traceparent")
            let values = tracer.finished.flatMap { span -> [String] in
                var out: [String] = []
                span.attributes.forEach { _, value in out.append("\(value)") }
                return out
            }
            #expect(!values.contains { $0.contains(UpstreamEngineHarness.token) }, "never a credential in a span")
        }
    }
}
