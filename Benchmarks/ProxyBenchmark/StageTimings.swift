import AsyncHTTPClient
import Foundation
import NIOCore
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore

/// `--stages`: one caller, in process, no load generator: how long each part of a proxied call takes on its own,
/// to find where Warden's added latency goes.
enum StageTimings {
    static func run(_ warden: WardenUnderTest, upstreamURL: String, iterations: Int) async throws {
        let engine = warden.engine
        let principal = try await engine.service.authenticate(token: warden.agentToken, requestID: "stages")
        let mcp = MCPServer(engine: engine)
        let upstream = try warden.upstreams.connection(for: ToolProvider.MCPUpstream(url: upstreamURL, tool: EchoUpstream.toolName))
        let body = Data("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\(WardenUnderTest.toolName)","arguments":{"text":"hello"},\
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},\
            "io.modelcontextprotocol/clientInfo":{"name":"proxy-bench","version":"1.0.0"}}}}
            """.utf8)
        let headers = ["content-type": "application/json", "accept": "application/json, text/event-stream",
                       "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": WardenUnderTest.toolName]

        func time(_ label: String, _ body: () async throws -> Void) async throws {
            for _ in 0..<min(200, iterations) { try await body() }
            var samples: [UInt64] = []
            samples.reserveCapacity(iterations)
            for _ in 0..<iterations {
                let start = DispatchTime.now().uptimeNanoseconds
                try await body()
                samples.append(DispatchTime.now().uptimeNanoseconds - start)
            }
            samples.sort()
            let mean = Double(samples.reduce(0, +)) / Double(samples.count) / 1000
            let p50 = Double(samples[samples.count / 2]) / 1000
            let p99 = Double(samples[min(samples.count - 1, samples.count * 99 / 100)]) / 1000
            print(label.padding(toLength: 44, withPad: " ", startingAt: 0)
                  + String(format: "mean %8.1f µs   p50 %8.1f µs   p99 %8.1f µs", mean, p50, p99))
        }

        print("stage timings, one caller, \(iterations) iterations each")
        try await time("authenticate (cached key)") {
            _ = try await engine.service.authenticate(token: warden.agentToken, requestID: "stages")
        }
        try await time("audit append (group commit, alone)") {
            try await engine.service.audit.append(AuditDraft(actor: "bot", action: "bench", subject: "tool:x", requestID: "r"), at: Date())
        }
        // What the console's per-minute history adds to every call (CallMetrics.record feeds it): 100 calls per sample.
        let history = CallHistory()
        try await time("call history record, 100 calls") {
            for i in 0..<100 { history.record(tool: EchoUpstream.toolName, failed: i % 10 == 0, latencyNanoseconds: 150_000) }
        }
        try await time("store write, empty transaction") {
            _ = try await engine.store.write { _ in 0 }
        }
        try await time("upstream client callTool (one hop)") {
            _ = try await upstream.callTool(name: EchoUpstream.toolName, arguments: ["text": "hello"], bearer: nil,
                                            timeout: .seconds(10))
        }
        // The same request as raw bytes with the same shared client: what the hop costs without Warden's upstream client.
        let rawBody = Data("""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"\(EchoUpstream.toolName)","arguments":{"text":"hello"},\
            "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """.utf8)
        try await time("raw HTTPClient POST to the upstream") {
            var req = HTTPClientRequest(url: upstreamURL)
            req.method = .POST
            req.headers.add(name: "Content-Type", value: "application/json")
            req.headers.add(name: "Accept", value: "application/json, text/event-stream")
            req.headers.add(name: "MCP-Protocol-Version", value: "2026-07-28")
            req.headers.add(name: "Mcp-Method", value: "tools/call")
            req.headers.add(name: "Mcp-Name", value: EchoUpstream.toolName)
            req.body = .bytes(ByteBuffer(bytes: rawBody))
            let r = try await HTTPToolPerformer.sharedClient.execute(req, timeout: .seconds(10))
            _ = try await r.body.collect(upTo: 1 << 20)
        }
        try await time("the same inside withTimeout (task group)") {
            _ = try await withTimeout(.seconds(10)) {
                try await upstream.callTool(name: EchoUpstream.toolName, arguments: ["text": "hello"], bearer: nil,
                                            timeout: .seconds(10))
            }
        }
        try await time("callTool, then audit append") {
            _ = try await upstream.callTool(name: EchoUpstream.toolName, arguments: ["text": "hello"], bearer: nil,
                                            timeout: .seconds(10))
            try await engine.service.audit.append(AuditDraft(actor: "bot", action: "bench", subject: "tool:x", requestID: "r"), at: Date())
        }
        try await time("withTimeout around nothing") {
            _ = try await withTimeout(.seconds(10)) { 1 }
        }
        let arguments: JSONValue = ["text": "hello"]
        try await time("input digest (canonical JSON + SHA-256)") {
            _ = Digest.sha256Hex(arguments.canonicalData)
        }
        try await time("pipeline.call (hop + governance + audit)") {
            _ = try await engine.pipeline.call(GovernedCall(principal: principal, toolName: WardenUnderTest.toolName,
                                                            arguments: ["text": "hello"], requestID: "r", transport: "bench"))
        }
        // The same tool on a second engine over the same store whose MCP performer answers at once: governance alone.
        let instant = try await WardenEngine(store: engine.store, performers: [.mcp: InstantPerformer()])
        try await time("pipeline.call, performer answers at once") {
            _ = try await instant.pipeline.call(GovernedCall(principal: principal, toolName: WardenUnderTest.toolName,
                                                             arguments: ["text": "hello"], requestID: "r", transport: "bench"))
        }
        // The live event stream's cost on the call path: the same calls with one subscriber reading every event.
        let subscription = instant.events.subscribe(EventFilter())
        let reader = Task {
            var read = 0
            loop: while true {
                switch await subscription.next() {
                case .events(let events): read += events.count
                case .dropped, .ended: break loop
                }
            }
            return read
        }
        try await time("the same, one event subscriber reading") {
            _ = try await instant.pipeline.call(GovernedCall(principal: principal, toolName: WardenUnderTest.toolName,
                                                             arguments: ["text": "hello"], requestID: "r", transport: "bench"))
        }
        subscription.cancel()
        print("  (the subscriber read \(await reader.value) events)")
        try await time("MCPServer.handle tools/call (no HTTP server)") {
            _ = await mcp.handle(MCPHTTPRequest(method: "POST", headers: headers, body: body, principal: principal, requestID: "r"))
        }
    }
}

/// A performer that answers without doing anything, to time the pipeline's own work.
struct InstantPerformer: ToolPerformer {
    var enforcesTimeout: Bool { true }
    func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult {
        ToolResult(structuredContent: nil, text: arguments["text"]?.stringValue ?? "", content: [["type": "text", "text": "hello"]],
                   isError: false)
    }
}
