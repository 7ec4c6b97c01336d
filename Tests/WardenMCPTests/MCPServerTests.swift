import Foundation
import Testing
import WardenCore
import WardenMCP
import WardenRuntime

/// MCPServer answered directly (no HTTP): both eras, and every message checked against the MCP JSON Schemas.
@Suite("MCP server", .serialized)
struct MCPServerTests {
    @Test("2026-07-28: discover, tools/list, tools/call are schema-valid and complete")
    func statelessFlow() async throws {
        let h = try await MCPHarness.shared.value
        let bot = try await h.principal("bot")

        let discover = await h.server.send(headers: Modern.headers("server/discover"), body: Modern.body(1, "server/discover"), as: bot)
        #expect(discover.status == 200)
        let d = try #require(discover.jsonBody)
        #expect(try MCPSchemas.problems(d, "DiscoverResultResponse") == [])
        #expect(d["result"]?["supportedVersions"] == .array(MCPProtocolVersion.supported.map { .string($0) }))
        #expect(d["result"]?["resultType"] == "complete")
        #expect(d["result"]?["_meta"]?["io.modelcontextprotocol/serverInfo"]?["name"] == "Warden")

        let list = await h.server.send(headers: Modern.headers("tools/list"), body: Modern.body(2, "tools/list"), as: bot)
        let l = try #require(list.jsonBody)
        #expect(try MCPSchemas.problems(l, "ListToolsResultResponse") == [])
        let names = l["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names == ["math.evaluate", "text.redact", "time.now"])
        #expect(l["result"]?["resultType"] == "complete")
        #expect(l["result"]?["cacheScope"] == "private")
        #expect(l["result"]?["ttlMs"]?.numberValue?.intValue == 60_000)
        let math = l["result"]?["tools"]?.arrayValue?.first
        #expect(math?["inputSchema"]?["required"] == ["expression"])
        #expect(math?["outputSchema"] != nil)
        #expect(math?["title"] == "Arithmetic evaluator")

        let call = await h.server.send(headers: Modern.headers("tools/call", name: "math.evaluate"),
                                       body: Modern.body(3, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "2*(3+4)"]]),
                                       as: bot)
        #expect(call.status == 200)
        let c = try #require(call.jsonBody)
        #expect(try MCPSchemas.problems(c, "CallToolResultResponse") == [])
        #expect(c["result"]?["isError"] == false)
        #expect(c["result"]?["structuredContent"]?["value"]?.numberValue?.intValue == 14)
        #expect(c["result"]?["resultType"] == "complete")
        #expect(c["result"]?["content"]?.arrayValue?.first?["type"] == "text")
    }

    @Test("refusals are isError results with Warden's code; an unknown tool is -32602")
    func refusals() async throws {
        let h = try await MCPHarness.shared.value
        let bot = try await h.principal("bot"), aud = try await h.principal("aud")

        let invalid = await h.server.send(headers: Modern.headers("tools/call", name: "math.evaluate"),
                                          body: Modern.body(4, "tools/call", ["name": "math.evaluate", "arguments": ["expression": 5]]), as: bot)
        let i = try #require(invalid.jsonBody)
        #expect(invalid.status == 200)
        #expect(try MCPSchemas.problems(i, "CallToolResultResponse") == [])
        #expect(i["result"]?["isError"] == true)
        #expect(i["result"]?["_meta"]?["io.warden/errorCode"] == "invalid_input")
        #expect(i["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue?.hasPrefix("invalid_input: ") == true)

        let auditorList = await h.server.send(headers: Modern.headers("tools/list"), body: Modern.body(5, "tools/list"), as: aud)
        #expect(auditorList.jsonBody?["result"]?["tools"] == .array([]))
        let forbidden = await h.server.send(headers: Modern.headers("tools/call", name: "math.evaluate"),
                                            body: Modern.body(6, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "1+1"]]), as: aud)
        let f = try #require(forbidden.jsonBody)
        #expect(try MCPSchemas.problems(f, "CallToolResultResponse") == [])
        #expect(f["result"]?["isError"] == true)
        #expect(f["result"]?["_meta"]?["io.warden/errorCode"] == "forbidden")

        let unknown = await h.server.send(headers: Modern.headers("tools/call", name: "no.such"),
                                          body: Modern.body(7, "tools/call", ["name": "no.such", "arguments": [:]]), as: bot)
        let u = try #require(unknown.jsonBody)
        #expect(unknown.status == 400)
        #expect(u["error"]?["code"]?.numberValue?.intValue == -32602)
        #expect(u["id"] == 7)
        #expect(try MCPSchemas.problems(u, "JSONRPCErrorResponse") == [])
    }

    @Test("handshake era: initialize, initialized, ping, list, call, DELETE; sessions are the principal's")
    func handshakeFlow() async throws {
        let h = try await MCPHarness.shared.value
        let bot = try await h.principal("bot"), aud = try await h.principal("aud")
        let base = ["content-type": "application/json", "accept": "application/json, text/event-stream"]
        func msg(_ id: Int?, _ method: String, _ params: JSONValue = [:]) -> Data {
            var o: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method), "params": params]
            if let id { o["id"] = .number(JSONNumber(id)) }
            return JSONValue.object(o).canonicalData
        }
        let initialize = await h.server.send(headers: base, body: msg(1, "initialize", [
            "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"],
        ]), as: bot)
        let ir = try #require(initialize.jsonBody)
        #expect(try MCPSchemas.problems(ir, "JSONRPCResultResponse", version: "2025-11-25") == [])
        #expect(try MCPSchemas.problems(try #require(ir["result"]), "InitializeResult", version: "2025-11-25") == [])
        #expect(ir["result"]?["protocolVersion"] == "2025-06-18")
        let sid = try #require(initialize.header("Mcp-Session-Id"))
        var headers = base
        headers["mcp-session-id"] = sid
        headers["mcp-protocol-version"] = "2025-06-18"

        let initialized = await h.server.send(headers: headers, body: msg(nil, "notifications/initialized"), as: bot)
        #expect(initialized.status == 202)
        let ping = await h.server.send(headers: headers, body: msg(2, "ping"), as: bot)
        #expect(ping.jsonBody?["result"] == .object([:]))
        let list = await h.server.send(headers: headers, body: msg(3, "tools/list"), as: bot)
        let l = try #require(list.jsonBody)
        #expect(try MCPSchemas.problems(try #require(l["result"]), "ListToolsResult", version: "2025-11-25") == [])
        #expect(l["result"]?["tools"]?.arrayValue?.count == 3)
        let call = await h.server.send(headers: headers, body: msg(4, "tools/call", ["name": "text.redact", "arguments": ["text": "mail a@b.example"]]), as: bot)
        let c = try #require(call.jsonBody)
        #expect(try MCPSchemas.problems(try #require(c["result"]), "CallToolResult", version: "2025-11-25") == [])
        #expect(c["result"]?["isError"] == false)
        #expect(c["result"]?["structuredContent"]?["redactions"]?.numberValue?.intValue == 1)

        // Another principal cannot use this session.
        let stolen = await h.server.send(headers: headers, body: msg(5, "tools/list"), as: aud)
        #expect(stolen.status == 404)
        let unknownMethod = await h.server.send(headers: headers, body: msg(6, "resources/list"), as: bot)
        #expect(unknownMethod.jsonBody?["error"]?["code"]?.numberValue?.intValue == -32601)

        let deleted = await h.server.send("DELETE", headers: headers, as: bot)
        #expect(deleted.status == 200)
        let after = await h.server.send(headers: headers, body: msg(7, "tools/list"), as: bot)
        #expect(after.status == 404)
        #expect(try MCPSchemas.problems(try #require(after.jsonBody), "JSONRPCErrorResponse", version: "2025-11-25") == [])
    }

    @Test("an unsupported initialize version negotiates the newest handshake version")
    func initializeNegotiates() async throws {
        let h = try await MCPHarness.shared.value
        let bot = try await h.principal("bot")
        let body = JSONValue.object(["jsonrpc": "2.0", "id": "a", "method": "initialize",
                                     "params": ["protocolVersion": "1999-01-01", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]]])
        let r = await h.server.send(headers: ["content-type": "application/json"], body: body.canonicalData, as: bot)
        #expect(r.jsonBody?["result"]?["protocolVersion"] == .string(MCPProtocolVersion.handshake[0]))
        #expect(r.jsonBody?["id"] == "a")
    }

    @Test("the session table is bounded: the oldest session is evicted")
    func sessionBound() {
        let table = MCPSessionTable(capacity: 3)
        let s = (0..<5).map { _ in table.create(principalID: "p", protocolVersion: "2025-11-25") }
        #expect(table.count == 3)
        #expect(table.session(s[0].id, principalID: "p") == nil)
        #expect(table.session(s[1].id, principalID: "p") == nil)
        #expect(table.session(s[4].id, principalID: "p") != nil)
        #expect(table.session(s[4].id, principalID: "q") == nil)
        #expect(table.remove(s[4].id, principalID: "p"))
        #expect(table.count == 2)
    }

    @Test("origin allow-list", arguments: [
        (nil, true), ("http://localhost", true), ("http://localhost:6274", true), ("http://127.0.0.1:8080", true),
        ("http://localhost.evil.example", false), ("http://localhost:80x", false), ("https://evil.example", false), ("null", false),
    ] as [(String?, Bool)])
    func origins(origin: String?, allowed: Bool) {
        #expect(MCPOriginPolicy().allows(origin) == allowed)
    }

    @Test("subscriptions/listen acknowledges, then tags tools/list_changed with the subscription id")
    func listenStream() async throws {
        let h = try await MCPHarness()
        let bot = try await h.principal("bot")
        let r = await h.server.send(headers: Modern.headers("subscriptions/listen"),
                                    body: Modern.body(42, "subscriptions/listen", ["notifications": ["toolsListChanged": true]]), as: bot)
        #expect(r.header("Content-Type") == "text/event-stream")
        guard case .stream(let stream, let close) = r.body else { Issue.record("not a stream"); return }
        defer { close() }
        let admin = CallContext(principal: try await h.principal("admin"), requestID: "t")
        Task {
            try await Task.sleep(for: .milliseconds(100))
            _ = try await h.engine.service.transition(admin, name: "time.now", .init(action: .suspend, reason: "test"))
        }
        let text = await readEvents(stream) { sseMessages($0).count >= 2 }
        let messages = sseMessages(text)
        #expect(messages.count >= 2, "\(text)")
        guard messages.count >= 2 else { return }
        #expect(messages[0]["method"] == "notifications/subscriptions/acknowledged")
        #expect(messages[0]["params"]?["notifications"]?["toolsListChanged"] == true)
        #expect(try MCPSchemas.problems(messages[0], "SubscriptionsAcknowledgedNotification") == [])
        #expect(messages[1]["method"] == "notifications/tools/list_changed")
        #expect(messages[1]["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == 42)
        #expect(try MCPSchemas.problems(messages[1], "ToolListChangedNotification") == [])
        let list = await h.server.send(headers: Modern.headers("tools/list"), body: Modern.body(2, "tools/list"), as: bot)
        #expect(list.jsonBody?["result"]?["tools"]?.arrayValue?.count == 2)

        // Closing the server's streams sends the graceful subscriptions/listen result.
        let r2 = await h.server.send(headers: Modern.headers("subscriptions/listen"),
                                     body: Modern.body(43, "subscriptions/listen", ["notifications": ["toolsListChanged": true]]), as: bot)
        guard case .stream(let stream2, _) = r2.body else { Issue.record("not a stream"); return }
        h.server.closeStreams()
        let closing = sseMessages(await readEvents(stream2) { _ in false })
        #expect(closing.count == 2)
        if let last = closing.last {
            #expect(try MCPSchemas.problems(last, "SubscriptionsListenResultResponse") == [])
        }
        #expect(h.server.openStreamCount == 0)
    }

    @Test("handshake era: the GET stream carries tools/list_changed")
    func legacyGetStream() async throws {
        let h = try await MCPHarness()
        let bot = try await h.principal("bot")
        let body = JSONValue.object(["jsonrpc": "2.0", "id": 1, "method": "initialize",
                                     "params": ["protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]]])
        let ini = await h.server.send(headers: ["content-type": "application/json"], body: body.canonicalData, as: bot)
        let sid = try #require(ini.header("Mcp-Session-Id"))
        let r = await h.server.send("GET", headers: ["mcp-session-id": sid, "accept": "text/event-stream"], as: bot)
        guard case .stream(let stream, let close) = r.body else { Issue.record("not a stream: \(r.status)"); return }
        defer { close() }
        let admin = CallContext(principal: try await h.principal("admin"), requestID: "t")
        Task {
            try await Task.sleep(for: .milliseconds(100))
            _ = try await h.engine.service.transition(admin, name: "time.now", .init(action: .suspend, reason: "test"))
        }
        let messages = sseMessages(await readEvents(stream) { !sseMessages($0).isEmpty })
        #expect(messages.first?["method"] == "notifications/tools/list_changed")
        if let m = messages.first {
            #expect(try MCPSchemas.problems(m, "ToolListChangedNotification", version: "2025-11-25") == [])
        }
    }
}

@Suite("MCP schemas used by the tests")
struct MCPSchemaSanityTests {
    @Test("the schema check rejects what the specification forbids")
    func rejects() throws {
        // No resultType, ttlMs or cacheScope: not a 2026-07-28 tools/list response.
        let stale: JSONValue = ["jsonrpc": "2.0", "id": 1, "result": ["tools": []]]
        #expect(try MCPSchemas.problems(stale, "ListToolsResultResponse") != [])
        // A null id is not an MCP request id.
        let nullID: JSONValue = ["jsonrpc": "2.0", "id": nil, "error": ["code": -32700, "message": "x"]]
        #expect(try MCPSchemas.problems(nullID, "JSONRPCErrorResponse") != [])
        #expect(try MCPSchemas.problems(["jsonrpc": "2.0", "error": ["code": -32700, "message": "x"]], "JSONRPCErrorResponse") == [])
    }
}

@Suite("MCP event stream lifecycle")
struct MCPStreamLifecycleTests {
    @Test("idle streams get keep-alive comments; closing one releases it")
    func keepAliveAndRelease() async throws {
        let h = try await MCPHarness.shared.value
        let server = MCPServer(engine: h.engine, options: .init(keepAliveInterval: .milliseconds(50)))
        let bot = try await h.principal("bot")
        let r = await server.send(headers: Modern.headers("subscriptions/listen"),
                                  body: Modern.body(1, "subscriptions/listen", ["notifications": ["toolsListChanged": true]]), as: bot)
        guard case .stream(let stream, let close) = r.body else { Issue.record("not a stream"); return }
        #expect(server.openStreamCount == 1)
        let text = await readEvents(stream) { $0.contains(": keep-alive") }
        #expect(text.contains(": keep-alive"))
        close()
        #expect(server.openStreamCount == 0)
    }
}

@Suite("MCP calls on record")
struct MCPAuditTests {
    @Test("an MCP call and an MCP refusal are audited with transport mcp and the request id")
    func audited() async throws {
        let h = try await MCPHarness()
        let bot = try await h.principal("bot"), aud = try await h.principal("aud")
        let ok = await h.server.handle(MCPHTTPRequest(method: "POST", headers: Modern.headers("tools/call", name: "math.evaluate"),
            body: Modern.body(1, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "1+2"]]), principal: bot, requestID: "req-ok"))
        #expect(ok.jsonBody?["result"]?["isError"] == false)
        let refused = await h.server.handle(MCPHTTPRequest(method: "POST", headers: Modern.headers("tools/call", name: "math.evaluate"),
            body: Modern.body(2, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "1+2"]]), principal: aud, requestID: "req-no"))
        #expect(refused.jsonBody?["result"]?["_meta"]?["io.warden/requestId"] == "req-no")
        let events = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        let calls = events.filter { $0.detail?["transport"] == "mcp" }
        #expect(calls.map(\.requestID).sorted() == ["req-no", "req-ok"])
        #expect(calls.first { $0.requestID == "req-ok" }?.actor == "bot")
        #expect(calls.allSatisfy { ($0.detail?["traceId"]?.count ?? 0) == 32 && $0.detail?["requestTimeMs"] != nil })
    }

    @Test("the caller's traceparent is the trace id on record")
    func traced() async throws {
        let h = try await MCPHarness()
        let bot = try await h.principal("bot")
        var headers = Modern.headers("tools/call", name: "math.evaluate")
        headers["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        _ = await h.server.handle(MCPHTTPRequest(method: "POST", headers: headers,
            body: Modern.body(1, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "2*3"]]), principal: bot, requestID: "req-traced"))
        let events = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(events.first { $0.requestID == "req-traced" }?.detail?["traceId"] == "4bf92f3577b34da6a3ce929d0e0e4736")
    }
}

@Suite("MCP event stream limits")
struct MCPStreamLimitTests {
    @Test("a principal may hold a bounded number of streams; DELETE of a session ends its GET stream")
    func limits() async throws {
        let h = try await MCPHarness.shared.value
        let server = MCPServer(engine: h.engine, options: .init(maxStreamsPerPrincipal: 2))
        let bot = try await h.principal("bot"), aud = try await h.principal("aud")
        func listen(_ p: Principal) async -> MCPHTTPResponse {
            await server.send(headers: Modern.headers("subscriptions/listen"),
                              body: Modern.body(1, "subscriptions/listen", ["notifications": ["toolsListChanged": true]]), as: p)
        }
        let body = JSONValue.object(["jsonrpc": "2.0", "id": 1, "method": "initialize",
                                     "params": ["protocolVersion": "2025-11-25", "capabilities": [:], "clientInfo": ["name": "t", "version": "1"]]])
        let ini = await server.send(headers: ["content-type": "application/json"], body: body.canonicalData, as: bot)
        let sid = try #require(ini.header("Mcp-Session-Id"))
        let get = await server.send("GET", headers: ["mcp-session-id": sid], as: bot)
        let first = await listen(bot)
        #expect(get.status == 200)
        #expect(first.status == 200)
        let third = await listen(bot)
        #expect(third.status == 429)
        #expect(third.jsonBody?["error"]?["code"]?.numberValue?.intValue == -32600)
        let other = await listen(aud)
        #expect(other.status == 200)
        #expect(server.openStreamCount == 3)

        let deleted = await server.send("DELETE", headers: ["mcp-session-id": sid], as: bot)
        #expect(deleted.status == 200)
        if case .stream(let stream, _) = get.body {
            let text = await readEvents(stream, timeout: .seconds(2)) { _ in false }
            #expect(text.isEmpty)  // finished without events
        }
        #expect(server.openStreamCount == 2)
        #expect(await listen(bot).status == 200)
        withExtendedLifetime((first, other)) { server.closeStreams() }
        #expect(server.openStreamCount == 0)
    }
}

@Suite("MCP throttling")
struct MCPThrottleTests {
    @Test("a call over the tool's rate limit is an isError result with rate_limited")
    func rateLimited() async throws {
        let builtins = BuiltinTools.definitions.map { d -> ToolDefinition in
            var d = d
            if d.name == "math.evaluate" { d.rateLimit = .init(requests: 1, perSeconds: 3600) }
            return d
        }
        let h = try await MCPHarness(builtins: builtins)
        let bot = try await h.principal("bot")
        func call(_ id: Int) async -> MCPHTTPResponse {
            await h.server.send(headers: Modern.headers("tools/call", name: "math.evaluate"),
                                body: Modern.body(id, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "2+2"]]), as: bot)
        }
        let first = await call(1)
        #expect(first.jsonBody?["result"]?["isError"] == false)
        let second = await call(2)
        #expect(second.status == 200)
        let r = try #require(second.jsonBody)
        #expect(r["result"]?["isError"] == true)
        #expect(r["result"]?["_meta"]?["io.warden/errorCode"] == "rate_limited")
        #expect(try MCPSchemas.problems(r, "CallToolResultResponse") == [])
    }
}
