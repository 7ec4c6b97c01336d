import Foundation
import PostgresTestSupport
import Synchronization
import Testing
import WardenCore
@testable import WardenStore

private func toolRecord(_ name: String, state: LifecycleState = .proposed) -> ToolVersionRecord {
    let d = ToolDefinition(name: name, version: SemanticVersion("1.0.0")!, title: name, description: "d", purpose: "p",
                           justification: "j", provider: .init(kind: .builtin, origin: .internal, builtin: name), useCases: ["u"],
                           dataRequirements: .init(reads: [.public], returns: [.public]), inputSchema: ["type": "object"],
                           outputSchema: nil, requiredCredentials: [], requiredRole: .agent, rateLimit: nil, timeoutMs: 100,
                           owner: "o", usageGuidelines: "g", limitations: [])
    return ToolVersionRecord(definition: d, digest: d.digest, state: state, proposer: "p", proposedAt: Date(), updatedAt: Date(),
                             decision: nil, reviewDueAt: nil)
}

@Suite("PostgreSQL store: several instances on one database")
struct PostgresStoreTests {
    @Test("PostgreSQL is available for the store suite", .enabled(if: PostgresTestServer.available,
          "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb, no WARDEN_TEST_POSTGRES_URL); .ci/run installs and starts it"))
    func postgresAvailability() async throws {
        let t = try await StoreEngine.postgres.make()
        try await t.store.ping()
        await t.close()
    }

    @Test("two instances appending at once make one chain that verifies", .enabled(if: PostgresTestServer.available))
    func oneChainAcrossInstances() async throws {
        let t = try await StoreEngine.postgres.make()
        let other = try await t.another()
        let writers = [AuditWriter(store: t.store), AuditWriter(store: other)]
        let n = 150
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<(2 * n) {
                group.addTask {
                    try await writers[i % 2].append(AuditDraft(actor: "agent-\(i % 2)", action: "tool.call", subject: "tool:x",
                                                               requestID: "r\(i)"), at: Date())
                }
            }
            try await group.waitForAll()
        }
        let events = try await t.store.read { try $0.auditEvents(afterSeq: 0, limit: 10_000) }
        #expect(events.map(\.seq) == Array(1...Int64(2 * n)))
        #expect(Set(events.map(\.requestID)).count == 2 * n)
        let report = try await other.verifyAuditChain()
        #expect(report.ok && report.eventsChecked == Int64(2 * n), "\(report.problem ?? "")")
        await (other as? PostgresStore)?.close()
        await t.close()
    }

    @Test("two instances deciding the same proposal at once: exactly one wins", .enabled(if: PostgresTestServer.available))
    func decisionsAreRaceFree() async throws {
        let t = try await StoreEngine.postgres.make()
        let other = try await t.another()
        let stores = [t.store, other]
        for round in 0..<8 {
            let name = "tool\(round)"
            try await t.store.write { try $0.insertToolVersion(toolRecord(name)) }
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for store in stores {
                    group.addTask {
                        try await store.write { tx in
                            // The service's read-check-write: only a proposed version can be decided.
                            guard var r = try tx.toolVersion(name: name, version: SemanticVersion("1.0.0")!), r.state == .proposed else {
                                return false
                            }
                            r.state = .approved
                            try tx.updateToolVersion(r)
                            return true
                        }
                    }
                }
                var n = 0
                for try await won in group where won { n += 1 }
                return n
            }
            #expect(wins == 1, "round \(round): \(wins) instances decided")
        }
        await (other as? PostgresStore)?.close()
        await t.close()
    }

    @Test("a change committed by one instance reaches the other's observer; a rolled-back one does not",
          .enabled(if: PostgresTestServer.available))
    func changesAreAnnounced() async throws {
        let t = try await StoreEngine.postgres.make()
        let other = try await t.another()
        let heardHere = Mutex<[Set<StoreChange>]>([])
        let heardThere = Mutex<[Set<StoreChange>]>([])
        t.store.observeSharedChanges { if case .changed(let k) = $0 { heardHere.withLock { $0.append(k) } } }
        other.observeSharedChanges { if case .changed(let k) = $0 { heardThere.withLock { $0.append(k) } } }
        try await Task.sleep(for: .milliseconds(300))   // both listeners are up
        struct Boom: Error {}
        _ = try? await t.store.write { tx in
            try tx.insertToolVersion(toolRecord("never"))
            throw Boom()
        }
        let start = ContinuousClock.now
        try await t.store.write { try $0.insertToolVersion(toolRecord("weather")) }
        while heardThere.withLock({ $0.isEmpty }), ContinuousClock.now - start < .seconds(3) { try await Task.sleep(for: .milliseconds(10)) }
        let elapsed = ContinuousClock.now - start
        #expect(heardThere.withLock { $0 } == [[.tools]], "one notification, for the committed change only")
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        #expect(heardHere.withLock { $0 }.isEmpty, "an instance does not hear its own changes")
        await (other as? PostgresStore)?.close()
        await t.close()
    }

    @Test("live instances are counted from their heartbeats", .enabled(if: PostgresTestServer.available))
    func liveInstancesAreCounted() async throws {
        var options = PostgresStore.Options()
        options.heartbeatInterval = .milliseconds(200)
        let t = try await StoreEngine.postgres.make(options: options)
        let counts = Mutex<[Int]>([])
        t.store.observeSharedChanges { if case .liveInstances(let n) = $0 { counts.withLock { $0.append(n) } } }
        let other = try await t.another(options: options)
        let start = ContinuousClock.now
        while !counts.withLock({ $0.contains(2) }), ContinuousClock.now - start < .seconds(3) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(counts.withLock { $0.contains(2) }, "saw \(counts.withLock { $0 })")
        await (other as? PostgresStore)?.close()
        await t.close()
    }

    @Test("an unreachable database is upstream_unavailable within the timeout, naming it without the password")
    func unreachableDatabase() async throws {
        let port = try PrivatePostgres.freePort()
        var options = PostgresStore.Options()
        options.requestTimeout = .seconds(1)
        let start = ContinuousClock.now
        let error = await #expect(throws: WardenError.self) {
            _ = try await PostgresStore(location: try PostgresLocation(url: "postgres://warden:s3cr3t-pw@127.0.0.1:\(port)/db"), options: options)
        }
        #expect(error?.code == .upstreamUnavailable)
        #expect(error?.message.contains("127.0.0.1:\(port)/db") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("s3cr3t-pw") == false)
        #expect(ContinuousClock.now - start < .seconds(40))
    }

    @Test("database settings select the engine; bad URLs are clear errors that never echo a password", arguments: [
        ("./warden.db", "sqlite", "./warden.db"),
        ("sqlite:/var/lib/warden.db", "sqlite", "/var/lib/warden.db"),
        ("postgres://warden@db.internal:6432/gov", "postgres", "postgres://warden@db.internal:6432/gov"),
        ("postgresql://warden:pa%40ss@db/gov?sslmode=require", "postgres", "postgres://warden@db:5432/gov"),
        ("postgres://db/gov", "error", "no user"),
        ("postgres://warden:topsecret@db", "error", "no database"),
        ("postgres://warden:topsecret@db/gov?sslmode=bogus", "error", "sslmode"),
        ("postgres://warden:topsecret@db/gov?password=x", "error", "unknown parameter"),
        ("", "error", "empty"),
    ])
    func databaseSettings(setting: String, engine: String, expected: String) throws {
        if engine == "error" {
            let error = #expect(throws: WardenError.self) { try DatabaseLocation(setting, environment: [:]) }
            #expect(error?.code == .invalidInput)
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("topsecret") == false)
            return
        }
        let location = try DatabaseLocation(setting, environment: [:])
        #expect(location.engine == engine)
        #expect(location.description == expected)
        if case .postgres(let pg) = location, setting.contains("pa%40ss") {
            #expect(pg.password == "pa@ss" && pg.tls == .require)
        }
    }
}
