import Foundation
import Logging
import PostgresNIO
import WardenCore
import WardenStore

// Usage: AuditBenchmark [--seconds N] [--tasks 1,16,256] [--verify-events N] [--database-dir DIR] [--postgres URL]
//
// With --postgres (a server's `postgres` database, e.g. postgres://warden@127.0.0.1:5432/postgres), every measurement
// runs on a new database created on that server instead of a SQLite file.
//
// 1. Durable appends: for each task count, that many concurrent tasks append tool-call audit events through
//    `AuditWriter` (group commit; an append returns once its event is committed with fsync) for N seconds on a
//    fresh SQLite database (WAL, synchronous=FULL), and reports durable events per second.
// 2. Verification: fills a database with --verify-events events (default 1,000,000) in large transactions, then
//    times `verifyAuditChain()` over all of them.
// Prints a table, then one JSON line (prefix `JSON `).

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let seconds = Double(option("--seconds") ?? "3") ?? 3
let taskCounts = (option("--tasks") ?? "1,16,256").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
let verifyEvents = Int(option("--verify-events") ?? "1000000") ?? 1_000_000
let parent = URL(fileURLWithPath: option("--database-dir") ?? FileManager.default.temporaryDirectory.path)

let postgresAdmin = option("--postgres")

/// A new store, and what to remove afterwards (a directory for SQLite).
func freshStore() async throws -> (any GovernanceStore, URL) {
    let dir = parent.appendingPathComponent("warden-audit-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    guard let admin = postgresAdmin else { return (try SQLiteStore(path: dir.appendingPathComponent("warden.db").path), dir) }
    let location = try PostgresLocation(url: admin)
    let name = "warden_bench_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
    let config = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                  password: location.password, database: location.database, tls: .disable)
    let connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: Logger(label: "bench"))
    try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: Logger(label: "bench"))
    try await connection.close()
    var target = location
    target.database = name
    var options = PostgresStore.Options.commandLine
    options.maximumConnections = 4
    return (try await PostgresStore(location: target, options: options), dir)
}

/// A realistic tool-call event: the fields and detail the invocation pipeline records.
func callEvent(_ i: Int) -> AuditDraft {
    AuditDraft(actor: "agent-\(i % 50)", action: "tool.call", subject: "tool:weather.lookup@1.2.0",
               requestID: "req-\(i)", outcome: .success,
               detail: ["transport": "mcp", "latencyUs": String(200 + i % 900),
                        "inputDigest": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "outputDigest": "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"])
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add(_ n: Int) { lock.lock(); value += n; lock.unlock() }
    var total: Int { lock.lock(); defer { lock.unlock() }; return value }
}

struct AppendResult { var tasks: Int; var events: Int; var seconds: Double; var perSecond: Double { Double(events) / seconds } }

var appendResults: [AppendResult] = []
for tasks in taskCounts {
    let (store, dir) = try await freshStore()
    let writer = AuditWriter(store: store)
    let counter = Counter()
    let deadline = Date().addingTimeInterval(seconds)
    let start = DispatchTime.now().uptimeNanoseconds
    try await withThrowingTaskGroup(of: Void.self) { group in
        for t in 0..<tasks {
            group.addTask {
                var i = t
                var n = 0
                while Date() < deadline {
                    try await writer.append(callEvent(i), at: Date())
                    i += tasks
                    n += 1
                }
                counter.add(n)
            }
        }
        try await group.waitForAll()
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let report = try await store.verifyAuditChain()
    guard report.ok, report.eventsChecked == Int64(counter.total) else {
        FileHandle.standardError.write(Data("AuditBenchmark: the chain does not verify after the run: \(report)\n".utf8))
        exit(1)
    }
    appendResults.append(AppendResult(tasks: tasks, events: counter.total, seconds: elapsed))
    try? FileManager.default.removeItem(at: dir)
}

// Verification speed over a large log.
let (store, dir) = try await freshStore()
let fillStart = DispatchTime.now().uptimeNanoseconds
var written = 0
let batch = 20_000
while written < verifyEvents {
    let n = min(batch, verifyEvents - written)
    let base = written
    let now = Date()
    try await store.write { tx in _ = try tx.appendAudit((0..<n).map { (draft: callEvent(base + $0), time: now) }) }
    written += n
    FileHandle.standardError.write(Data("\rfilling the log for verification: \(written) / \(verifyEvents)".utf8))
}
FileHandle.standardError.write(Data("\n".utf8))
let fillSeconds = Double(DispatchTime.now().uptimeNanoseconds - fillStart) / 1e9
let verifyStart = DispatchTime.now().uptimeNanoseconds
let report = try await store.verifyAuditChain()
let verifySeconds = Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9
try? FileManager.default.removeItem(at: dir)
guard report.ok, report.eventsChecked == Int64(verifyEvents) else {
    FileHandle.standardError.write(Data("AuditBenchmark: verification failed: \(report)\n".utf8))
    exit(1)
}

func f(_ v: Double, _ d: Int = 0) -> String { String(format: "%.\(d)f", v) }
print(postgresAdmin == nil
      ? "durable audit appends through AuditWriter (group commit, WAL, synchronous=FULL), \(f(seconds, 1)) s each, database in \(parent.path)"
      : "durable audit appends through AuditWriter (group commit) on PostgreSQL (synchronous_commit on), \(f(seconds, 1)) s each")
print("  tasks    events   events/s")
for r in appendResults {
    print(String(repeating: " ", count: max(0, 7 - String(r.tasks).count)) + String(r.tasks)
          + String(repeating: " ", count: max(0, 10 - String(r.events).count)) + String(r.events)
          + String(repeating: " ", count: max(0, 11 - f(r.perSecond).count)) + f(r.perSecond))
}
print("verification: \(verifyEvents) events in \(f(verifySeconds, 2)) s (\(f(Double(verifyEvents) / verifySeconds)) events/s); "
      + "the log was filled in \(f(fillSeconds, 1)) s")
let best = appendResults.map(\.perSecond).max() ?? 0
print("goal: 50,000 durable events/s: \(best >= 50_000 ? "met" : "not met") (best \(f(best))); "
      + "1,000,000 events verified in under 5 s: \(verifySeconds * 1_000_000 / Double(max(verifyEvents, 1)) < 5 ? "met" : "not met")")
let rows = appendResults.map { "{\"tasks\":\($0.tasks),\"events\":\($0.events),\"events_per_second\":\(f($0.perSecond, 1))}" }
print("JSON {\"benchmark\":\"audit\",\"append\":[\(rows.joined(separator: ","))],\"verify\":{\"events\":\(verifyEvents),"
      + "\"seconds\":\(f(verifySeconds, 3)),\"events_per_second\":\(f(Double(verifyEvents) / verifySeconds, 1))}}")
