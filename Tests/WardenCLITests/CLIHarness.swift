import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import WardenCore

/// Runs the built `warden` executable for the client-command tests, each test against its own server
/// (`warden init` then `warden serve` on a free port).
enum CLIHarness {
    /// The `warden` executable in the build products directory beside the test bundle.
    static func executable() throws -> URL {
        var starts = [URL(fileURLWithPath: CommandLine.arguments[0]), Bundle.main.bundleURL]
        starts += Bundle.allBundles.map(\.bundleURL)
        for start in starts {
            var dir = start.deletingLastPathComponent()
            for _ in 0..<5 {
                let candidate = dir.appendingPathComponent("warden")
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
                    FileManager.default.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                dir = dir.deletingLastPathComponent()
            }
        }
        throw WardenError(.notFound, "the warden executable was not found beside the test bundle (build it with `swift build --product warden`)")
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The environment for a child process: the parent's, without any Warden or OpenTelemetry settings, plus `extra`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        for k in ["WARDEN_API_KEY", "WARDEN_SERVER", "WARDEN_BOOTSTRAP_ADMIN_KEY"] { env[k] = nil }
        for k in env.keys where k.hasPrefix("OTEL_") { env[k] = nil }
        env["LOG_LEVEL"] = "error"
        return env.merging(extra) { $1 }
    }

    /// The outcome of one run.
    struct Run: CustomStringConvertible {
        var status: Int32
        var out: String
        var err: String
        var description: String { "exit \(status)\n--- stdout:\n\(out)\n--- stderr:\n\(err)" }
    }

    /// Runs `warden arguments` to completion (killed after `timeout` seconds).
    static func run(_ arguments: [String], environment extra: [String: String] = [:], timeout: TimeInterval = 60) throws -> Run {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let p = Process()
        p.executableURL = try executable()
        p.arguments = arguments
        p.environment = environment(extra)
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(10_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        try out.close()
        try err.close()
        return Run(status: p.terminationStatus,
                   out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                   err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// A running server with its bootstrap administrator's key.
    final class Server: @unchecked Sendable {
        let process: Process
        let url: String
        let adminKey: String
        let directory: URL

        init(process: Process, url: String, adminKey: String, directory: URL) {
            self.process = process
            self.url = url
            self.adminKey = adminKey
            self.directory = directory
        }

        /// Runs a client command against this server with `key` (default: the admin's) in WARDEN_API_KEY.
        func run(_ arguments: [String], key: String? = nil, environment: [String: String] = [:]) throws -> Run {
            var env = ["WARDEN_SERVER": url].merging(environment) { $1 }
            env["WARDEN_API_KEY"] = key ?? adminKey
            return try CLIHarness.run(arguments, environment: env)
        }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// `warden init` on a new database, then `warden serve` on a free port until it says it listens.
    /// - Parameters:
    ///   - config: a configuration file's text (YAML) passed with `--config`.
    ///   - environment: variables added to the server's environment.
    static func startServer(config: String? = nil, environment extra: [String: String] = [:]) throws -> Server {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("warden.db").path
        return try startServer(database: db, adminKey: try initialize(db), directory: dir, config: config, environment: extra)
    }

    /// `warden init --database database`; returns the bootstrap administrator's key.
    static func initialize(_ database: String) throws -> String {
        let initRun = try run(["init", "--database", database, "--json"])
        guard initRun.status == 0,
            let result = try? JSONDecoder().decode(JSONValue.self, from: Data(initRun.out.utf8)),
            let key = result["key"]?.stringValue
        else { throw WardenError(.internal, "warden init failed: \(initRun)") }
        return key
    }

    /// `warden serve` on an initialized `database` (a file or a postgres:// URL) until it says it listens; its files
    /// (output, configuration) go in `directory`.
    static func startServer(database db: String, adminKey key: String, directory dir: URL, config: String? = nil,
                            environment extra: [String: String] = [:]) throws -> Server {
        let outURL = dir.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).out")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let p = Process()
        p.executableURL = try executable()
        p.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--database", db]
        if let config { p.arguments? += ["--config", try write(config, to: "warden-\(UUID().uuidString.prefix(8)).yaml", in: dir)] }
        p.environment = environment(extra)
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            text = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("Warden listening on ") }),
                let range = line.range(of: "https://") ?? line.range(of: "http://")
            {
                let url = String(line[range.lowerBound...].split(separator: " ")[0])
                return Server(process: p, url: url, adminKey: key, directory: dir)
            }
            if !p.isRunning { break }
            usleep(50_000)
        }
        p.terminate()
        p.waitUntilExit()
        throw WardenError(.timeout, "warden serve did not start in time; it printed: \(text)")
    }

    /// Runs `body` with a fresh server, stopping it afterwards.
    static func withServer(_ body: (Server) throws -> Void) throws {
        let server = try startServer()
        defer { server.stop() }
        try body(server)
    }

    /// Writes `text` to `name` in `directory` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// One MCP 2026-07-28 `tools/call` of `math.evaluate` over HTTP with extra `headers` (a request id, a
    /// traceparent); true when Warden answered with a successful result.
    static func callTool(_ url: String, key: String, headers: [String: String] = [:]) async -> Bool {
        guard let endpoint = URL(string: url + "/mcp") else { return false }
        var r = URLRequest(url: endpoint)
        r.httpMethod = "POST"
        r.timeoutInterval = 10
        let base = ["Content-Type": "application/json", "Accept": "application/json, text/event-stream",
                    "MCP-Protocol-Version": "2026-07-28", "Mcp-Method": "tools/call", "Mcp-Name": "math.evaluate",
                    "Authorization": "Bearer \(key)"]
        for (k, v) in base.merging(headers, uniquingKeysWith: { $1 }) { r.setValue(v, forHTTPHeaderField: k) }
        r.httpBody = Data(#"""
            {"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"math.evaluate","arguments":{"expression":"6*7"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}}}
            """#.utf8)
        guard let (data, response) = try? await URLSession.shared.data(for: r), (response as? HTTPURLResponse)?.statusCode == 200,
              let json = try? JSONDecoder().decode(JSONValue.self, from: data)
        else { return false }
        return json["result"]?["isError"] == false
    }

    /// Parses a command's JSON output.
    static func json(_ run: Run) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(run.out.utf8))
    }
}

/// Example documents for the tests.
enum CLIFixtures {
    static func tool(name: String = "clock.cli", version: String = "1.0.0", description: String = "Returns the current time.") -> String {
        """
        name: \(name)
        version: "\(version)"
        title: Clock for the CLI tests
        description: \(description)
        purpose: Agents need the time.
        justification: Tested through the command-line client.
        provider: {kind: builtin, origin: internal, builtin: time.now}
        useCases:
          - Tell the time
        dataRequirements: {reads: [public], returns: [public]}
        inputSchema:
          type: object
          additionalProperties: false
          properties:
            timeZone: {type: string, maxLength: 64}
        requiredCredentials: []
        requiredRole: agent
        rateLimit: {requests: 60, perSeconds: 60}
        timeoutMs: 5000
        owner: platform-team
        usageGuidelines: Call when the answer depends on the time.
        limitations: []

        """
    }

    static func review(_ kind: String) -> String {
        let section: String
        switch kind {
        case "security":
            section = """
                security:
                  sourceAnalysis: SAST clean
                  permissions: none needed
                  inputOutputValidation: schema enforced
                  dependencies: none
                """
        case "functional":
            section = """
                functional:
                  performance: under 1 ms
                  reliability: no external calls
                  accuracy: system clock
                  businessFit: needed by schedulers
                """
        case "compliance":
            section = """
                compliance:
                  dataHandling: no personal data
                  regulations: [GDPR]
                  biasAndMisuse: none known
                  transparency: documented
                """
        default:
            section = """
                risks:
                  - category: operational
                    description: clock drift
                    severity: low
                    mitigation: NTP
                """
        }
        return """
            kind: \(kind)
            verdict: pass
            summary: Looks fine.
            findings:
              - severity: info
                title: Nothing notable
            \(section)

            """
    }
}
