import Foundation
import GRDB
import Synchronization
import Testing
import WardenCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A principal with `role` and its key, made through the CLI as an operator would.
func principal(_ server: CLIHarness.Server, _ id: String, role: String, kind: String = "person") throws -> String {
    let created = try server.run(["principal", "create", id, "--name", id, "--kind", kind, "--role", role])
    guard created.status == 0 else { throw WardenError(.internal, "principal create failed: \(created)") }
    let key = try server.run(["key", "create", id, "--json"])
    guard let token = try CLIHarness.json(key)["token"]?.stringValue else { throw WardenError(.internal, "no key: \(key)") }
    return token
}


@Suite("warden audit: checkpoints, export, offline verification, durability", .serialized)
struct AuditCLITests {
    @Test("serve signs checkpoints; verify checks them; an export verifies offline and a doctored one does not")
    func checkpointsExportAndVerify() async throws {
        let server = try CLIHarness.startServer(config: "audit:\n  checkpointIntervalSeconds: 1\n")
        defer { server.stop() }
        let db = server.directory.appendingPathComponent("warden.db").path
        let auditor = try principal(server, "aud", role: "auditor")
        let agent = try principal(server, "bot", role: "agent", kind: "agent")
        for i in 0..<5 { #expect(await CLIHarness.callTool(server.url, key: agent, headers: ["X-Request-Id": "call-\(i)"])) }
        // Wait for the interval's checkpoint to cover the calls.
        var covered = false
        for _ in 0..<50 where !covered {
            try await Task.sleep(for: .milliseconds(200))
            let r = try CLIHarness.run(["audit", "verify", "--database", db, "--json"])
            covered = (try? CLIHarness.json(r))?["provenThroughSeq"] == (try? CLIHarness.json(r))?["head"]?["seq"]
                && (try? CLIHarness.json(r))?["checkpointsChecked"] != .number(JSONNumber(0))
        }
        #expect(covered, "a checkpoint should cover the head within seconds")
        let verified = try CLIHarness.run(["audit", "verify", "--database", db])
        #expect(verified.status == 0 && verified.out.contains("signatures valid"), "\(verified)")

        // The admin may not read the log; the auditor exports it.
        let refused = try server.run(["audit", "events"])
        #expect(refused.status == 1 && refused.err.contains("forbidden"), "\(refused)")
        let exportPath = server.directory.appendingPathComponent("export.jsonl").path
        let export = try server.run(["audit", "export", "--since", "2000-01-01", "--output", exportPath], key: auditor)
        #expect(export.status == 0 && export.err.contains("signed checkpoint"), "\(export)")
        let publicKey = try #require(try await fetchJSON(server.url + "/v1/audit/public-key")["publicKey"]?.stringValue)
        let offline = try CLIHarness.run(["audit", "verify", "--file", exportPath, "--public-key", publicKey, "--json"])
        let report = try CLIHarness.json(offline)
        #expect(offline.status == 0 && report["ok"] == true && report["signaturesChecked"] == true, "\(offline)")

        // A stranger's key proves nothing: the signatures fail.
        let stranger = try CLIHarness.json(try CLIHarness.run(["audit", "keygen", "--json"]))["publicKey"]?.stringValue ?? ""
        #expect(try CLIHarness.run(["audit", "verify", "--file", exportPath, "--public-key", stranger]).status == 1)

        // Doctor one event of the export: the file no longer verifies, and the report names that event.
        var lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex { $0.contains(#""requestID":"call-2""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""outcome":"success""#, with: #""outcome":"denied""#)
        let doctored = server.directory.appendingPathComponent("doctored.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: doctored, atomically: true, encoding: .utf8)
        let bad = try CLIHarness.run(["audit", "verify", "--file", doctored, "--public-key", publicKey, "--json"])
        let badReport = try CLIHarness.json(bad)
        #expect(bad.status == 1 && badReport["problem"]?.stringValue?.contains("altered") == true, "\(bad)")
        // Cut short: the end line is missing.
        let cut = server.directory.appendingPathComponent("cut.jsonl").path
        try (lines.dropLast(3).joined(separator: "\n") + "\n").write(toFile: cut, atomically: true, encoding: .utf8)
        let short = try CLIHarness.run(["audit", "verify", "--file", cut, "--public-key", publicKey])
        #expect(short.status == 1 && short.out.contains("BROKEN"), "\(short)")
    }

    @Test(arguments: [
        ["audit", "verify", "--file", "/nonexistent/export.jsonl"],
        ["audit", "verify", "--database", "/nonexistent/warden.db"],
        ["audit", "verify", "--public-key", "not-a-key", "--file", "/dev/null"],
    ])
    func unreadableInputsExitWith2(_ arguments: [String]) throws {
        let r = try CLIHarness.run(arguments)
        #expect(r.status == 2, "\(r)")
        #expect(r.err.contains("error") || !r.err.isEmpty)
    }

    @Test func garbageExportIsBrokenNotACrash() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write("{\"type\":\"event\"}\nnot json at all\n", to: "x.jsonl", in: dir)
        let r = try CLIHarness.run(["audit", "verify", "--file", path])
        #expect(r.status == 1 && r.out.contains("BROKEN"), "\(r)")
    }

    @Test func keygenMakesAKeyServeAccepts() throws {
        let r = try CLIHarness.run(["audit", "keygen", "--json"])
        let json = try CLIHarness.json(r)
        let key = try AuditSigningKey(base64: try #require(json["privateKey"]?.stringValue))
        #expect(json["publicKey"]?.stringValue == key.publicKey.base64 && json["keyId"]?.stringValue == key.publicKey.keyID)
    }

    /// The durability promise: a call acknowledged to its client has its audit event on disk, even when the
    /// server dies at once.
    @Test("SIGKILL during load loses no acknowledged call's audit event, and the chain verifies after restart")
    func killDuringLoad() async throws {
        let server = try CLIHarness.startServer()
        defer { server.stop() }
        let db = server.directory.appendingPathComponent("warden.db").path
        let agent = try principal(server, "bot", role: "agent", kind: "agent")
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var n = 0
                    while !tally.stop.load(ordering: .relaxed) {
                        let id = "kill-\(client)-\(n)"
                        n += 1
                        if await CLIHarness.callTool(server.url, key: agent, headers: ["X-Request-Id": id]) {
                            tally.acknowledged.withLock { $0.append(id) }
                        } else if tally.stop.load(ordering: .relaxed) {
                            return
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(1500))
                kill(server.process.processIdentifier, SIGKILL)
                tally.stop.store(true, ordering: .relaxed)
            }
            try await group.waitForAll()
        }
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .uncaughtSignal)
        let seen = tally.acknowledged.withLock { $0 }
        #expect(seen.count > 20, "the clients should have had calls acknowledged before the kill (\(seen.count))")

        // Start again on the same file: recovery, then the chain verifies and holds every acknowledged call.
        let restarted = try WardenProcess.serve(database: db)
        let (health, _) = try await restarted.request("/health", key: nil)
        #expect(health == 200)
        _ = restarted.stop()
        let verify = try CLIHarness.run(["audit", "verify", "--database", db])
        #expect(verify.status == 0, "\(verify)")
        let queue = try DatabaseQueue(path: db)
        let recorded = try await queue.read { db in
            Set(try String.fetchAll(db, sql: "SELECT request_id FROM audit_events WHERE action = 'tool.call' AND outcome = 'success'"))
        }
        try queue.close()
        let missing = seen.filter { !recorded.contains($0) }
        #expect(missing.isEmpty, "acknowledged but not on record: \(missing.prefix(10))")
    }
}

/// What the load clients share: the request ids Warden acknowledged, and the signal to stop.
private final class Tally: Sendable {
    let acknowledged = Mutex<[String]>([])
    let stop = Atomic<Bool>(false)
}

private func fetchJSON(_ url: String) async throws -> JSONValue {
    let (data, _) = try await URLSession.shared.data(from: try #require(URL(string: url)))
    return try JSONDecoder().decode(JSONValue.self, from: data)
}
