import AsyncHTTPClient
import Foundation
import Hummingbird
import JSONSchema
import NIOCore
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore
@testable import WardenServer

/// A Warden engine on a fresh SQLite file with the built-in tools active, an `agent` principal (`bot`), an `auditor`
/// (`aud`) and the bootstrap admin, and the MCP endpoint in front of it.
struct MCPHarness: Sendable {
    let engine: WardenEngine
    let store: SQLiteStore
    let configuration: WardenConfiguration
    let endpoint: MCPEndpoint
    /// API key by principal id: `admin`, `bot` (agent), `aud` (auditor).
    let keys: [String: String]
    var server: MCPServer { endpoint.server }

    /// One harness shared by the tests that do not change the registry.
    static let shared = Task { try await MCPHarness() }

    init(configuration: WardenConfiguration = WardenConfiguration(), builtins: [ToolDefinition] = BuiltinTools.definitions) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var config = configuration
        config.database = dir.appendingPathComponent("warden.db").path
        self.configuration = config
        store = try SQLiteStore(path: config.database)
        engine = try await WardenEngine(store: store, policy: config.governance, secrets: FixedSecrets(values: [:]))
        let service = engine.service
        let boot = try await service.bootstrap(adminKey: nil, builtins: builtins)
        try await engine.registry.reload()
        guard let adminKey = boot.generatedKey,
              let adminPrincipal = try await store.read({ try $0.principal(id: "admin") }) else {
            throw PythonPeer.PeerError(message: "bootstrap made no admin")
        }
        var keys = ["admin": adminKey]
        let admin = CallContext(principal: adminPrincipal, requestID: "setup")
        for (id, role) in [("bot", Role.agent), ("aud", Role.auditor)] {
            _ = try await service.createPrincipal(admin, .init(id: id, displayName: id, kind: .agent, roles: [role]))
            keys[id] = try await service.createKey(admin, principalID: id, .init()).token
        }
        self.keys = keys
        endpoint = MCPEndpoint(engine: engine, configuration: config)
    }

    func principal(_ id: String) async throws -> Principal {
        guard let p = try await store.read({ try $0.principal(id: id) }) else {
            throw PythonPeer.PeerError(message: "no principal \(id)")
        }
        return p
    }

    /// The router as the server builds it, with this harness's endpoint.
    func router() -> Router<WardenRequestContext> {
        let router = Router(context: WardenRequestContext.self)
        router.add(middleware: RequestEnvelopeMiddleware())
        endpoint.register(on: router)
        return router
    }

    /// Runs the server live on 127.0.0.1 (a free port) while `body` runs with the MCP URL.
    func live<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(router: router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw PythonPeer.PeerError(message: "the server did not start") }
            do {
                let r = try await body("http://127.0.0.1:\(port)/mcp")
                server.closeStreams()
                group.cancelAll()
                return r
            } catch {
                server.closeStreams()
                group.cancelAll()
                throw error
            }
        }
    }
}

/// Runs a Python peer script on a thread of its own (it blocks while the child runs): never on the cooperative pool,
/// whose few threads the in-process Warden the peer talks to needs.
func runPeer(_ script: String, arguments: [String], timeout: TimeInterval = 90) async throws -> PythonPeer.Run {
    try await withCheckedThrowingContinuation { c in
        let thread = Thread {
            do { c.resume(returning: try PythonPeer.run(script, arguments: arguments, timeout: timeout)) } catch { c.resume(throwing: error) }
        }
        thread.start()
    }
}

/// The MCP JSON Schemas of /work/shared/spec (or `WARDEN_MCP_SCHEMA_DIR`), for validating what Warden sends.
enum MCPSchemas {
    static let directory: String = ProcessInfo.processInfo.environment["WARDEN_MCP_SCHEMA_DIR"]
        ?? PythonPeer.repositoryRoot.appendingPathComponent("../shared/spec/mcp/schema").standardizedFileURL.path

    static func uri(_ version: String) -> String { "https://modelcontextprotocol.io/schema/\(version)/schema.json" }

    static let registry: SchemaRegistry? = {
        var r = SchemaRegistry()
        for v in ["2025-11-25", "2026-07-28"] {
            guard let data = FileManager.default.contents(atPath: "\(directory)/\(v)/schema.json"),
                  let doc = try? JSONValue(parsing: data) else { return nil }
            r.add(doc, at: uri(v))
        }
        return r
    }()

    /// The problems of `instance` against `$defs/definition` of the schema of `version` (empty when valid).
    static func problems(_ instance: JSONValue, _ definition: String, version: String = "2026-07-28") throws -> [String] {
        guard let registry else { throw PythonPeer.PeerError(message: "MCP schemas not found in \(directory)") }
        let v = try SchemaValidator(schema: .object(["$ref": .string("\(uri(version))#/$defs/\(definition)")]), registry: registry)
        return v.validate(instance).errors.prefix(8).map { "\($0.instanceLocation): \($0.message)" }
    }
}

/// The 2026-07-28 envelope and headers for a request.
enum Modern {
    static let version = MCPProtocolVersion.stateless

    static func body(_ id: Int, _ method: String, _ params: [String: JSONValue] = [:], version: String = Modern.version) -> Data {
        var p = params
        p["_meta"] = .object([
            "io.modelcontextprotocol/protocolVersion": .string(version),
            "io.modelcontextprotocol/clientCapabilities": .object([:]),
            "io.modelcontextprotocol/clientInfo": .object(["name": "warden-tests", "version": "1"]),
        ])
        return JSONValue.object(["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method), "params": .object(p)]).canonicalData
    }

    static func headers(_ method: String, name: String? = nil, version: String = Modern.version) -> [String: String] {
        var h = ["mcp-protocol-version": version, "mcp-method": method, "content-type": "application/json",
                 "accept": "application/json, text/event-stream"]
        if let name { h["mcp-name"] = name }
        return h
    }
}

extension MCPServer {
    /// Sends one request as `principal` straight to the server (no HTTP).
    func send(_ method: String = "POST", headers: [String: String], body: Data = Data(), as principal: Principal) async -> MCPHTTPResponse {
        await handle(MCPHTTPRequest(method: method, headers: headers, body: body, principal: principal, requestID: "test-\(UUID().uuidString.prefix(8))"))
    }
}

/// Reads a server-sent event stream until `done` holds for the text so far (or `timeout` passes); returns the text.
func readEvents(_ stream: AsyncStream<Data>, timeout: Duration = .seconds(10), until done: @escaping @Sendable (String) -> Bool) async -> String {
    await withTaskGroup(of: String?.self) { group in
        group.addTask {
            var text = ""
            for await chunk in stream {
                text += String(decoding: chunk, as: UTF8.self)
                if done(text) { return text }
            }
            return text
        }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        var result = ""
        for await r in group {
            if let r { result = r; group.cancelAll(); break }
            group.cancelAll()
            break
        }
        return result
    }
}

/// The JSON messages in server-sent event text.
func sseMessages(_ text: String) -> [JSONValue] {
    text.split(separator: "\n").compactMap { line in
        guard line.hasPrefix("data: ") else { return nil }
        return try? JSONValue(parsing: Data(line.dropFirst(6).utf8))
    }
}
