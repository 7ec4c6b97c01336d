import Foundation
import Synchronization
import Tracing
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore

/// An upstream MCP server (the official Python `mcp` package) whose tool `add` takes its description from a file,
/// so a test can change it and restart the server on the same port. Arguments: port, description file, mode
/// (`modern`: the SDK as it is; `auth:TOKEN`: answers 401 unless `Authorization: Bearer TOKEN`; `unsupported`: answers every request with a modern UnsupportedProtocolVersion error; `legacy`: refuses 2026-07-28 requests with an empty 400, so clients fall back
/// to `initialize`; `stdio`: serves on stdin/stdout).
let upstreamPeerScript = #"""
import sys
import uvicorn
from mcp.server.mcpserver import MCPServer

port = int(sys.argv[1])
with open(sys.argv[2]) as f:
    desc = f.read()
mode = sys.argv[3] if len(sys.argv) > 3 else "modern"
app = MCPServer("upstream")

@app.tool(description=desc)
def add(a: int, b: int) -> int:
    return a + b

@app.tool(description="Sleeps, then answers.")
async def slow(seconds: float) -> str:
    import asyncio
    await asyncio.sleep(seconds)
    return "done"

@app.tool(description="Answers n characters.")
def big(n: int) -> str:
    return "x" * n

@app.tool(description="Always fails.")
def explode() -> str:
    raise ValueError("boom")

if mode == "stdio":
    app.run(transport="stdio")
else:
    asgi = app.streamable_http_app()
    if mode.startswith("auth:"):
        inner_auth = asgi
        expected = ("Bearer " + mode[5:]).encode()
        async def auth(scope, receive, send):
            if scope["type"] == "http" and dict(scope.get("headers", [])).get(b"authorization") != expected:
                await send({"type": "http.response.start", "status": 401, "headers": [(b"content-length", b"0")]})
                await send({"type": "http.response.body", "body": b""})
                return
            await inner_auth(scope, receive, send)
        asgi = auth
    if mode == "unsupported":
        inner_u = asgi
        body = b'{"jsonrpc":"2.0","id":null,"error":{"code":-32022,"message":"Unsupported protocol version","data":{"supported":["2099-01-01"],"requested":"2026-07-28"}}}'
        async def unsupported(scope, receive, send):
            if scope["type"] == "http":
                await send({"type": "http.response.start", "status": 400,
                            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await inner_u(scope, receive, send)
        asgi = unsupported
    if mode == "legacy":
        inner = asgi
        async def legacy(scope, receive, send):
            if scope["type"] == "http":
                for k, v in scope.get("headers", []):
                    if k.lower() == b"mcp-protocol-version" and v == b"2026-07-28":
                        await send({"type": "http.response.start", "status": 400, "headers": [(b"content-length", b"0")]})
                        await send({"type": "http.response.body", "body": b""})
                        return
            await inner(scope, receive, send)
        asgi = legacy
    uvicorn.run(asgi, host="127.0.0.1", port=port, log_level="warning")
"""#

/// A running ``upstreamPeerScript`` on a fixed port, restartable with another description.
final class UpstreamPeer: @unchecked Sendable {
    let directory: URL
    let port: Int
    let mode: String
    private let process = Mutex<Process?>(nil)

    var url: String { "http://127.0.0.1:\(port)/mcp" }
    var scriptURL: URL { directory.appendingPathComponent("server.py") }
    var descriptionURL: URL { directory.appendingPathComponent("description.txt") }

    init(description: String = "Add two integers.", mode: String = "modern") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-upstream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = try PythonPeer.freePort()
        self.mode = mode
        try Data(upstreamPeerScript.utf8).write(to: scriptURL)
        try Data(description.utf8).write(to: descriptionURL)
        try start()
    }

    /// The stdio command serving the same tools.
    func stdioCommand() throws -> [String] {
        [try PythonPeer.python().path, scriptURL.path, "0", descriptionURL.path, "stdio"]
    }

    func start() throws {
        let p = Process()
        p.executableURL = try PythonPeer.python()
        p.arguments = [scriptURL.path, String(port), descriptionURL.path, mode]
        let logURL = directory.appendingPathComponent("log")
        if !FileManager.default.fileExists(atPath: logURL.path) { FileManager.default.createFile(atPath: logURL.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: logURL)
        handle.seekToEndOfFile()
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        process.withLock { $0 = p }
        let deadline = Date().addingTimeInterval(30)
        while !PythonPeer.accepts(port: port) {
            guard p.isRunning, Date() < deadline else {
                stop()
                throw PythonPeer.PeerError(message: "the upstream did not start on port \(port): \(log())")
            }
            usleep(50_000)
        }
    }

    func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
    }

    func stop() {
        let p = process.withLock { p in
            defer { p = nil }
            return p
        }
        if let p {
            p.terminate()
            _ = PythonPeer.waitForExit(p, timeout: 5)
        }
    }

    /// Stops the server, changes the description and starts it again on the same port.
    func restart(description: String) throws {
        stop()
        try Data(description.utf8).write(to: descriptionURL)
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A WardenEngine on a fresh SQLite file with the upstream MCP provider and the usual principals.
struct UpstreamEngineHarness {
    let engine: WardenEngine
    let upstreams: MCPUpstreams

    static let token = "upstream-t0ken-value"

    /// - Parameter tracer: where the engine's spans go (none by default).
    init(tracer: (any Tracer)? = nil) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-mcpup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("warden.db").path)
        let upstreams = MCPUpstreams(httpClient: HTTPToolPerformer.sharedClient)
        self.upstreams = upstreams
        engine = try await WardenEngine(store: store, secrets: FixedSecrets(values: ["UPSTREAM_TOKEN": Self.token]),
                                        performers: [.mcp: MCPToolPerformer(upstreams: upstreams)], tracer: tracer)
        _ = try await engine.service.bootstrap(adminKey: nil)
        let admin = try await ctx("admin")
        for (id, roles) in [("req", [Role.requester]), ("sec", [.securityReviewer]), ("fun", [.functionalReviewer]),
                            ("com", [.complianceReviewer]), ("b1", [.governanceBoard]), ("b2", [.governanceBoard]),
                            ("aud", [.auditor]), ("bot", [.agent])] {
            _ = try await engine.service.createPrincipal(admin, NewPrincipal(id: id, displayName: id, kind: .person, roles: roles))
        }
    }

    func ctx(_ id: String) async throws -> CallContext {
        let p = try await engine.store.read { tx in try tx.principal(id: id) }
        guard let p else { throw WardenError.notFound(id) }
        return CallContext(principal: p, requestID: "req-\(UUID().uuidString.prefix(8))")
    }

    func call(_ who: String, _ tool: String, _ args: JSONValue) async throws -> ToolResult {
        let p = try await ctx(who).principal
        return try await engine.pipeline.call(GovernedCall(principal: p, toolName: tool, arguments: args,
                                                           requestID: "call-\(UUID().uuidString.prefix(8))", transport: "mcp"))
    }

    static func submission(_ kind: ReviewKind) -> ReviewSubmission {
        var s = ReviewSubmission(kind: kind, verdict: .pass, summary: "\(kind) review")
        switch kind {
        case .security: s.security = .init(sourceAnalysis: "SAST clean", permissions: "read-only", inputOutputValidation: "schema",
                                           dependencies: "none vulnerable", vendorTrust: "internal")
        case .functional: s.functional = .init(performance: "fast", reliability: "99.9%", accuracy: "matches", businessFit: "yes")
        case .compliance: s.compliance = .init(dataHandling: "public data", regulations: ["GDPR"], biasAndMisuse: "low",
                                               transparency: "disclosed")
        case .risk: s.risks = [.init(category: .security, description: "upstream drift", severity: .low, mitigation: "pin")]
        }
        return s
    }

    /// A definition of the upstream tool built from its listing, pinned to the listing's digest.
    static func definition(name: String, url: String, listing: JSONValue) -> ToolDefinition {
        ToolDefinition(
            name: name, version: SemanticVersion("1.0.0") ?? SemanticVersion("0.0.1")!, title: "Adder",
            description: listing["description"]?.stringValue ?? "", purpose: "Add numbers.", justification: "Agents add.",
            provider: ToolProvider(kind: .mcp, origin: .internal,
                                   mcp: .init(url: url, tool: "add", pin: MCPToolPin.digest(of: listing))),
            useCases: ["arithmetic"], dataRequirements: .init(reads: [.public], returns: [.public]),
            inputSchema: listing["inputSchema"] ?? ["type": "object"], outputSchema: listing["outputSchema"],
            requiredCredentials: ["UPSTREAM_TOKEN"], requiredRole: .agent, rateLimit: nil,
            timeoutMs: 10_000, owner: "team-math", usageGuidelines: "Integers only.", limitations: [], idempotent: true)
    }

    /// Proposes, reviews, approves and activates `d`.
    func onboard(_ d: ToolDefinition) async throws {
        let s = engine.service
        _ = try await s.propose(try await ctx("req"), d)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await s.fileReview(try await ctx(who), name: d.name, version: d.version, Self.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await s.vote(try await ctx(b), name: d.name, version: d.version, .init(approve: true)) }
        _ = try await s.decide(try await ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        _ = try await s.transition(try await ctx("admin"), name: d.name, .init(action: .activate))
    }
}
