import Foundation
import Testing
import WardenCore
import WardenRuntime
import WardenStore

/// `warden mcp-stdio` run as a process: JSON-RPC lines in, JSON-RPC lines out.
@Suite("warden mcp-stdio", .serialized)
struct MCPStdioCommandTests {
    /// A database made by `warden init`, with an agent principal `bot` beside the administrator.
    static func database() async throws -> (dir: URL, path: String) {
        let dir = try CLIHarness.temporaryDirectory()
        let db = dir.appendingPathComponent("warden.db").path
        let initRun = try CLIHarness.run(["init", "--database", db, "--json"])
        guard initRun.status == 0 else { throw WardenError(.internal, "warden init failed: \(initRun)") }
        let store = try SQLiteStore(path: db)
        let service = GovernanceService(store: store)
        let admin = try #require(try await store.read { tx in try tx.principal(id: "admin") })
        _ = try await service.createPrincipal(CallContext(principal: admin, requestID: "test"),
                                              NewPrincipal(id: "bot", displayName: "Bot", kind: .agent, roles: [.agent]))
        return (dir, db)
    }

    /// Waits for `process` by its pid (Foundation may not notice a child's exit while another child runs).
    static func waitForExit(_ process: Process, timeout: TimeInterval) -> Int32 {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var killed = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 {
                let settle = Date().addingTimeInterval(5)
                while process.isRunning && Date() < settle { usleep(10_000) }
                return process.isRunning ? -1 : process.terminationStatus
            }
            if !killed && Date() > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(10_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs `executable arguments` with `input` on standard input until it exits.
    static func run(_ executable: URL, _ arguments: [String], input: Data, environment: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> CLIHarness.Run {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inURL = dir.appendingPathComponent("in"), outURL = dir.appendingPathComponent("out")
        let errURL = dir.appendingPathComponent("err")
        try input.write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.environment = CLIHarness.environment(environment)
        p.standardInput = try FileHandle(forReadingFrom: inURL)
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        try p.runWithDefaultSignalMask()
        let status = waitForExit(p, timeout: timeout)
        return CLIHarness.Run(status: status,
                              out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                              err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// `warden mcp-stdio` on `db` as `principal`, fed `lines`.
    static func stdio(_ db: String, principal: String, lines: [String]) throws -> CLIHarness.Run {
        let input = Data(lines.map { $0 + "\n" }.joined().utf8)
        return try run(try CLIHarness.executable(), ["mcp-stdio", "--database", db, "--principal", principal], input: input)
    }

    /// The output lines parsed, by id (the notifications under their method).
    static func messages(_ run: CLIHarness.Run) throws -> [JSONValue] {
        try run.out.split(separator: "\n").map { try JSONValue(parsing: Data($0.utf8)) }
    }

    static func byID(_ messages: [JSONValue], _ id: Int) -> JSONValue? {
        messages.first { $0["id"]?.numberValue?.intValue == id && $0["method"] == nil }
    }

    static let meta = #""_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}"#

    @Test("both eras over piped lines: initialize, initialized, list, call; stateless list, call and listen")
    func pipedLines() async throws {
        let (dir, db) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.stdio(db, principal: "bot", lines: [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
            #"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"math.evaluate","arguments":{"expression":"6*7"}}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"tools/list","params":{\#(Self.meta)}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"math.evaluate","arguments":{"expression":"6*7"},\#(Self.meta)}}"#,
            #"{"jsonrpc":"2.0","id":6,"method":"subscriptions/listen","params":{"notifications":{"toolsListChanged":true},\#(Self.meta)}}"#,
        ])
        #expect(run.status == 0, "\(run)")
        let m = try Self.messages(run)
        #expect(m.count == 7, "\(run)")  // 5 responses, the listen acknowledgement and its final result
        #expect(Self.byID(m, 1)?["result"]?["protocolVersion"] == "2025-11-25", "\(run)")
        for id in [2, 4] {
            let names = Self.byID(m, id)?["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
            #expect(names == ["math.evaluate", "text.redact", "time.now"], "\(run)")
        }
        for id in [3, 5] {
            #expect(Self.byID(m, id)?["result"]?["isError"] == false, "\(run)")
            #expect(Self.byID(m, id)?["result"]?["structuredContent"]?["value"]?.numberValue?.intValue == 42, "\(run)")
        }
        #expect(m.contains { $0["method"] == "notifications/subscriptions/acknowledged" }, "\(run)")
        #expect(Self.byID(m, 6)?["result"]?["resultType"] == "complete", "\(run)")
    }

    @Test("a principal without the agent role sees no tools and is refused a call")
    func noAgentRole() async throws {
        let (dir, db) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.stdio(db, principal: "admin", lines: [
            #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(Self.meta)}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"math.evaluate","arguments":{"expression":"1"},\#(Self.meta)}}"#,
        ])
        #expect(run.status == 0, "\(run)")
        let m = try Self.messages(run)
        #expect(Self.byID(m, 1)?["result"]?["tools"] == [], "\(run)")
        #expect(Self.byID(m, 2)?["result"]?["isError"] == true, "\(run)")
        #expect(Self.byID(m, 2)?["result"]?["_meta"]?["io.warden/errorCode"] == "forbidden", "\(run)")
    }

    @Test("a malformed line gets -32700 and an oversized one -32600; the server keeps going")
    func malformedLines() async throws {
        let (dir, db) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try Self.stdio(db, principal: "bot", lines: [
            "{not json",
            "",
            #"{"jsonrpc":"2.0","id":"big","method":"tools/list","params":{"pad":""# + String(repeating: "a", count: 5 * 1_048_576) + #""}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{\#(Self.meta)}}"#,
        ])
        #expect(run.status == 0, "\(run.status) \(run.err)")
        let m = try Self.messages(run)
        #expect(m.count == 3, "\(run.out.prefix(2000))")
        #expect(m.first?["error"]?["code"]?.numberValue?.intValue == -32700, "\(run.out.prefix(2000))")
        #expect(m.dropFirst().first?["error"]?["code"]?.numberValue?.intValue == -32600, "\(run.out.prefix(2000))")
        #expect(Self.byID(m, 1)?["result"]?["tools"]?.arrayValue?.count == 3, "\(run.out.prefix(2000))")
    }

    @Test("an unknown principal or a missing database ends with exit 2 and a message")
    func refusals() async throws {
        let (dir, db) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unknown = try Self.stdio(db, principal: "nobody", lines: [])
        #expect(unknown.status == 2, "\(unknown)")
        #expect(unknown.err.contains("unknown principal 'nobody'"), "\(unknown)")
        #expect(unknown.out.isEmpty, "\(unknown)")
        let missing = try Self.stdio(dir.appendingPathComponent("none.db").path, principal: "bot", lines: [])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("does not exist"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.db").path))
    }

    static let pythonClient = #"""
    import sys, json, asyncio
    from mcp import Client, ClientSession
    from mcp.client.stdio import stdio_client, StdioServerParameters

    def dump(r):
        return r.model_dump(mode="json", by_alias=True, exclude_none=True)

    async def main(mode, warden, db):
        params = StdioServerParameters(command=warden, args=["mcp-stdio", "--database", db, "--principal", "bot"],
                                       env={"LOG_LEVEL": "error"})
        if mode == "default":
            async with Client(stdio_client(params)) as c:
                out = {"version": c.protocol_version}
                out["tools"] = [t.name for t in (await c.list_tools()).tools]
                out["call"] = dump(await c.call_tool("math.evaluate", {"expression": "6*7"}))
                return out
        async with stdio_client(params) as (read, write):
            async with ClientSession(read, write) as s:
                init = await s.initialize()
                out = {"version": init.protocol_version}
                out["tools"] = [t.name for t in (await s.list_tools()).tools]
                out["call"] = dump(await s.call_tool("math.evaluate", {"expression": "6*7"}))
                return out

    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3]))))
    """#

    @Test("the official Python client's stdio transport lists and calls", arguments: ["default", "handshake"])
    func pythonClient(_ mode: String) async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["WARDEN_TEST_PYTHON"].map { URL(fileURLWithPath: $0) }
            ?? root.appendingPathComponent(".venv-peers/bin/python")
        try #require(FileManager.default.isExecutableFile(atPath: python.path),
                     "the Python peers are not installed (python3 -m venv .venv-peers && .venv-peers/bin/pip install mcp)")
        let (dir, db) = try await Self.database()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = try CLIHarness.write(Self.pythonClient, to: "client.py", in: dir)
        let run = try Self.run(python, [script, mode, try CLIHarness.executable().path, db], input: Data(), timeout: 90)
        #expect(run.status == 0, "\(run)")
        let out = try JSONValue(parsing: Data(run.out.utf8))
        #expect(out["version"] == (mode == "default" ? "2026-07-28" : "2025-11-25"), "\(run)")
        #expect(out["tools"] == ["math.evaluate", "text.redact", "time.now"], "\(run)")
        #expect(out["call"]?["isError"] == false, "\(run)")
        #expect(out["call"]?["structuredContent"]?["value"]?.numberValue?.intValue == 42, "\(run)")
    }
}
