import Foundation
import GRDB
import Testing
import WardenCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the real `warden` executable, as an operator would.
struct WardenProcess {
    /// The built `warden` executable beside the test bundle.
    static var executable: URL {
        get throws {
            var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            for _ in 0..<4 {
                let candidate = dir.appendingPathComponent("warden")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
                dir = dir.deletingLastPathComponent()
            }
            throw WardenError(.notFound, "the warden executable was not built next to the tests")
        }
    }

    /// Runs `warden` to completion: exit status, standard output, standard error.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = try executable
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.runWithDefaultSignalMask()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    let process: Process
    let url: String
    /// Everything the server printed on standard output until it was ready.
    let banner: String

    /// Starts `warden serve` on a free loopback port and waits until it listens.
    static func serve(database: String, config: String? = nil, environment: [String: String] = [:]) throws -> WardenProcess {
        let p = Process()
        p.executableURL = try executable
        p.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--database", database] + (config.map { ["--config", $0] } ?? [])
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.merging(["LOG_LEVEL": "error"]) { $1 }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("Warden listening on ") }),
                let range = line.range(of: "http://") {
                let url = String(line[range.lowerBound...].split(separator: " ")[0])
                return WardenProcess(process: p, url: url, banner: text)
            }
        }
        p.terminate()
        throw WardenError(.timeout, "warden serve did not start: \(text)")
    }

    /// Sends a request to the running server.
    func request(_ path: String, key: String?) async throws -> (Int, JSONValue) {
        var r = URLRequest(url: URL(string: url + path)!)
        if let key { r.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: r)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        return (status, (try? JSONDecoder().decode(JSONValue.self, from: data)) ?? .null)
    }

    /// Stops the server with SIGTERM and returns its exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

func temporaryDatabasePath() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cli-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("warden.db").path
}

@Suite("warden serve, init and audit verify as processes", .serialized)
struct ServeProcessTests {
    @Test("first start creates the database, prints a generated admin key once, and stops cleanly on SIGTERM")
    func firstStart() async throws {
        let db = temporaryDatabasePath()
        let server = try WardenProcess.serve(database: db)
        let key = try #require(server.banner.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("wdn_") }.map(String.init))
        #expect(server.banner.contains("shown only this once"))
        let (status, health) = try await server.request("/health", key: nil)
        #expect(status == 200 && health["status"] == "ok")
        let (who, me) = try await server.request("/v1/whoami", key: key)
        #expect(who == 200 && me["id"] == "admin")
        let (denied, error) = try await server.request("/v1/whoami", key: "wdn_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
        #expect(denied == 401 && error["error"]?["code"] == "unauthenticated")
        #expect(server.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: db))

        let again = try WardenProcess.serve(database: db)
        #expect(!again.banner.contains("wdn_"), "the key is never shown a second time")
        let (tools, list) = try await again.request("/v1/tools", key: key)
        #expect(tools == 200)
        #expect(list["tools"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" }.sorted() == ["math.evaluate", "text.redact", "time.now"])
        _ = again.stop()
    }

    @Test func bootstrapKeyFromTheEnvironment() async throws {
        let db = temporaryDatabasePath()
        let mine = "wdn_zzzzzzzzzzzz_" + String(repeating: "k", count: 40)
        let server = try WardenProcess.serve(database: db, environment: ["WARDEN_BOOTSTRAP_ADMIN_KEY": "wdn_abcdefghijkl_" + String(repeating: "s", count: 40)])
        #expect(!server.banner.contains("wdn_"), "a key from the environment is not printed")
        let (status, me) = try await server.request("/v1/whoami", key: "wdn_abcdefghijkl_" + String(repeating: "s", count: 40))
        #expect(status == 200 && me["id"] == "admin")
        #expect(try await server.request("/v1/whoami", key: mine).0 == 401)
        _ = server.stop()
    }

    @Test func malformedBootstrapKeyIsRefused() throws {
        let (status, out, err) = try WardenProcess.run(["serve", "--port", "0", "--database", temporaryDatabasePath()],
                                                     environment: ["WARDEN_BOOTSTRAP_ADMIN_KEY": "password123"])
        #expect(status != 0)
        #expect(err.contains("wdn_"))
        #expect(!out.contains("password123") && !err.contains("password123"))
    }

    @Test func initPrintsAKeyOnceAndRefusesASecondTime() throws {
        let db = temporaryDatabasePath()
        let (status, out, _) = try WardenProcess.run(["init", "--database", db, "--json"])
        #expect(status == 0)
        let result = try JSONDecoder().decode(JSONValue.self, from: Data(out.utf8))
        #expect(result["principal"] == "admin")
        #expect(result["key"]?.stringValue.flatMap(APIKey.parse) != nil)
        let (second, _, err) = try WardenProcess.run(["init", "--database", db])
        #expect(second == 1)
        #expect(err.contains("initialized already"))
    }

    @Test("audit verify finds each kind of tampering in the file", arguments: [
        ("UPDATE audit_events SET actor = 'mallory' WHERE seq = 2", 2),
        ("DELETE FROM audit_events WHERE seq = 3", 3),
        ("UPDATE audit_events SET seq = -1 WHERE seq = 1; UPDATE audit_events SET seq = 1 WHERE seq = 2; UPDATE audit_events SET seq = 2 WHERE seq = -1", 1),
        ("INSERT INTO audit_events SELECT 99, time_ms, actor, action, subject, request_id, outcome, body_digest, detail, prev_hash, hash FROM audit_events WHERE seq = 1", 6),
    ])
    func auditVerify(sql: String, firstBad: Int) throws {
        let db = temporaryDatabasePath()
        #expect(try WardenProcess.run(["init", "--database", db]).0 == 0)
        let (ok, okOut, _) = try WardenProcess.run(["audit", "verify", "--database", db])
        #expect(ok == 0, "\(okOut)")
        #expect(okOut.contains("OK"))
        let queue = try DatabaseQueue(path: db)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
        let (bad, out, _) = try WardenProcess.run(["audit", "verify", "--database", db, "--json"])
        #expect(bad == 1)
        let report = try JSONDecoder().decode(JSONValue.self, from: Data(out.utf8))
        #expect(report["ok"] == false)
        #expect(report["firstBadSeq"] == .number(JSONNumber(firstBad)), "\(out)")
    }

    @Test("each start records its configuration's digest, and whether it changed since the last start")
    func configurationChangesAreOnRecord() async throws {
        let db = temporaryDatabasePath()
        for config in [nil, nil, "governance:\n  reviewIntervalDays: 90\n"] as [String?] {
            var env: [String: String] = [:]
            if let config {
                let path = db + ".yaml"
                try config.write(toFile: path, atomically: true, encoding: .utf8)
                env["WARDEN_TEST_CONFIG"] = path
            }
            let server = try WardenProcess.serve(database: db, config: env["WARDEN_TEST_CONFIG"])
            #expect(server.stop() == 0)
        }
        let queue = try DatabaseQueue(path: db)
        let details = try await queue.read { db in
            try String.fetchAll(db, sql: "SELECT detail FROM audit_events WHERE action = 'config.loaded' ORDER BY seq")
        }.map { try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        try queue.close()
        #expect(details.map { $0["changed"]?.stringValue } == ["first start", "false", "true"])
        #expect(details[1]["digest"] == details[0]["digest"] && details[2]["previousDigest"] == details[1]["digest"])
        #expect(try WardenProcess.run(["audit", "verify", "--database", db]).0 == 0)
    }

    @Test func auditVerifyOnAMissingFileIsAClearError() throws {
        let (status, _, err) = try WardenProcess.run(["audit", "verify", "--database", "/nonexistent/warden.db"])
        #expect(status == 2)
        #expect(err.contains("no database"))
    }
}
