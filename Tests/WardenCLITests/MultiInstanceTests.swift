import AsyncHTTPClient
import Foundation
import NIOCore
import PostgresTestSupport
import Synchronization
import Testing
import WardenCore

/// The configuration both instances share: the same signing keys (so either verifies the other's tokens and
/// checkpoints) and quick heartbeats.
private func sharedConfig(_ dir: URL, requestTimeoutSeconds: Int = 5) -> String {
    """
    postgres:
      resyncSeconds: 5
      heartbeatSeconds: 1
      requestTimeoutSeconds: \(requestTimeoutSeconds)
    audit:
      signingKeyFile: \(dir.appendingPathComponent("audit-signing-key").path)
    oauth:
      signingKeyFile: \(dir.appendingPathComponent("oauth-signing-key").path)
    """
}

/// Opens a 2026-07-28 `subscriptions/listen` stream on `url` and returns once it has seen `count` messages, or after
/// `timeout`; `onFirst` runs once the acknowledgement arrived.
private func listen(_ url: String, key: String, until count: Int, timeout: Duration,
                    onFirst: @escaping @Sendable () async throws -> Void) async throws -> (messages: [JSONValue], afterFirst: Duration?) {
    var request = HTTPClientRequest(url: url + "/mcp")
    request.method = .POST
    for (k, v) in ["mcp-protocol-version": "2026-07-28", "mcp-method": "subscriptions/listen", "content-type": "application/json",
                   "accept": "application/json, text/event-stream", "authorization": "Bearer \(key)"] {
        request.headers.add(name: k, value: v)
    }
    request.body = .bytes(ByteBuffer(string: #"""
        {"jsonrpc":"2.0","id":7,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
        """#))
    // A client of its own, shut down afterwards: an SSE stream left open would hold up the server's graceful shutdown.
    let client = HTTPClient(eventLoopGroupProvider: .singleton)
    defer { _ = client.shutdown() }
    let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
    var text = ""
    var changedAt: ContinuousClock.Instant?
    var firstDone = false
    func messages() -> [JSONValue] {
        text.split(separator: "\n").compactMap { line in
            line.hasPrefix("data: ") ? try? JSONValue(parsing: Data(line.dropFirst(6).utf8)) : nil
        }
    }
    for try await chunk in response.body {
        text += String(buffer: chunk)
        if !firstDone, messages().count >= 1 {
            firstDone = true
            changedAt = .now
            try await onFirst()
        }
        if messages().count >= count { break }
    }
    return (messages(), changedAt.map { ContinuousClock.now - $0 })
}

/// One `tools/call` of `math.evaluate` over HTTP; nil when it succeeded, else what came back.
private func call(_ url: String, key: String, requestID: String? = nil) async -> String? {
    var request = HTTPClientRequest(url: url + "/mcp")
    request.method = .POST
    for (k, v) in ["mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "math.evaluate",
                   "content-type": "application/json", "accept": "application/json, text/event-stream", "authorization": "Bearer \(key)"] {
        request.headers.add(name: k, value: v)
    }
    if let requestID { request.headers.add(name: "X-Request-Id", value: requestID) }
    request.body = .bytes(ByteBuffer(string: #"""
        {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"math.evaluate","arguments":{"expression":"6*7"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
        """#))
    do {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        if response.status.code == 200, let json = try? JSONValue(parsing: Data(body.utf8)), json["result"]?["isError"] == false { return nil }
        return "\(response.status.code) \(body.prefix(300))"
    } catch {
        return "\(error)"
    }
}

/// What a load loop saw: the request ids of acknowledged calls, how many were refused, and whether to stop.
private final class LoadState: Sendable {
    let acknowledged = Mutex<[String]>([])
    let refused = Mutex(0)
    let stop = Mutex(false)
}

@Suite("Several Warden instances on one PostgreSQL database", .serialized,
       .enabled(if: PostgresTestServer.available,
                "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb, no WARDEN_TEST_POSTGRES_URL); .ci/run installs and starts it"))
struct MultiInstanceTests {
    @Test("a suspension through one instance reaches the other's MCP clients; calls through both make one chain that verifies")
    func twoInstances() async throws {
        let dir = try CLIHarness.temporaryDirectory()
        let database = try await PostgresTestServer.makeDatabase()
        let key = try CLIHarness.initialize(database)
        let a = try CLIHarness.startServer(database: database, adminKey: key, directory: dir, config: sharedConfig(dir))
        defer { a.stop() }
        let b = try CLIHarness.startServer(database: database, adminKey: key, directory: dir, config: sharedConfig(dir))
        defer { b.stop() }

        // An MCP client of B hears of a suspension made through A.
        let (messages, latency) = try await listen(b.url, key: key, until: 2, timeout: .seconds(20)) {
            let run = try a.run(["tool", "suspend", "text.redact", "--reason", "incident drill through instance A"])
            #expect(run.status == 0, "\(run)")
        }
        #expect(messages.map { $0["method"] } == ["notifications/subscriptions/acknowledged", "notifications/tools/list_changed"])
        let seen = try #require(latency)
        print("tools/list_changed reached an MCP client of the other instance \(seen) after the suspension command started")
        // The time includes running the `warden tool suspend` process itself.
        #expect(seen < .seconds(1), "B's client heard of A's change after \(seen)")
        // B no longer serves the tool: its registry reloaded.
        let listed = try b.run(["tool", "show", "text.redact", "--json"])
        #expect(listed.status == 0 && listed.out.contains("suspended"), "\(listed)")

        // An agent created through A calls through both instances at once: one chain, in order, that verifies.
        let agent = try principal(a, "bot", role: "agent", kind: "agent")
        let (urlA, urlB) = (a.url, b.url)
        let failures = await withTaskGroup(of: String?.self) { group in
            for i in 0..<60 { group.addTask { await call(i % 2 == 0 ? urlA : urlB, key: agent) } }
            var out: [String] = []
            for await failure in group { if let failure { out.append(failure) } }
            return out
        }
        #expect(failures.isEmpty, "\(failures.count) of 60 calls failed, e.g. \(failures.first ?? "")")
        let calls = try await PostgresTestServer.column("SELECT seq::text FROM audit_events WHERE action = 'tool.call' ORDER BY seq", on: database)
        #expect(calls.count == 60)
        let verify = try CLIHarness.run(["audit", "verify", "--database", database])
        #expect(verify.status == 0 && verify.out.contains("audit chain OK"), "\(verify)")
        // Both instances counted each other.
        let live = try await PostgresTestServer.column("SELECT COUNT(*)::text FROM warden_instances", on: database)
        #expect(live == ["2"])
    }

    @Test("a PostgreSQL restart mid-load loses no acknowledged call; calls fail closed while it is down, /health says so")
    func restartMidLoad() async throws {
        let server = try PrivatePostgres.start()
        defer { try? server.stop() }
        let dir = try CLIHarness.temporaryDirectory()
        let database = try await PostgresTestServer.makeDatabase(on: server.adminURL)
        let key = try CLIHarness.initialize(database)
        let a = try CLIHarness.startServer(database: database, adminKey: key, directory: dir,
                                          config: sharedConfig(dir, requestTimeoutSeconds: 2))
        defer { a.stop() }
        let agent = try principal(a, "bot", role: "agent", kind: "agent")
        let state = LoadState()
        let url = a.url
        let load = Task {
            var i = 0
            while !state.stop.withLock({ $0 }) {
                let id = "load-\(i)"
                i += 1
                if await call(url, key: agent, requestID: id) == nil {
                    state.acknowledged.withLock { $0.append(id) }
                } else {
                    state.refused.withLock { $0 += 1 }
                }
            }
        }

        defer { state.stop.withLock { $0 = true } }
        try await Task.sleep(for: .seconds(1))
        try server.stop()
        // While the database is down: /health reports it and calls fail rather than pass unrecorded.
        let (health, body) = try await WardenProcess(process: a.process, url: a.url, banner: "").request("/health", key: nil)
        #expect(health == 503 && body["database"] == "unreachable", "\(health) \(body)")
        try await Task.sleep(for: .seconds(1))
        try server.startAgain()
        let before = state.acknowledged.withLock { $0.count }
        let deadline = ContinuousClock.now + .seconds(30)
        while state.acknowledged.withLock({ $0.count }) < before + 10, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        state.stop.withLock { $0 = true }
        await load.value
        let acked = state.acknowledged.withLock { $0 }
        #expect(acked.count >= before + 10, "calls resumed after the restart (\(acked.count) acknowledged, \(before) before)")
        #expect(state.refused.withLock { $0 } > 0, "calls were refused while the database was down")
        let recorded = Set(try await PostgresTestServer.column(
            "SELECT request_id FROM audit_events WHERE action = 'tool.call' AND outcome = 'success'", on: database).compactMap { $0 })
        let lost = acked.filter { !recorded.contains($0) }
        print("PostgreSQL restart mid-load: \(acked.count) calls acknowledged (\(before) before the restart), "
              + "\(state.refused.withLock { $0 }) refused while it was down, \(lost.count) acknowledged without their audit event")
        #expect(lost.isEmpty, "acknowledged calls without their audit event: \(lost.prefix(5))")
        let verify = try CLIHarness.run(["audit", "verify", "--database", database])
        #expect(verify.status == 0, "\(verify)")
    }
}
