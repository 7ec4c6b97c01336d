import Foundation
import GRDB
import Testing
import WardenCore
@testable import WardenStore

/// A fresh database file in a temporary directory.
func temporaryDatabase() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-store-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("warden.db").path
}

/// Writes `n` audit events through the store, each in its own transaction.
func appendEvents(_ store: any GovernanceStore, _ n: Int) async throws {
    for i in 1...n {
        try await store.write { tx in
            try tx.appendAudit(AuditDraft(actor: "alice", action: "tool.propose", subject: "tool:t@1.0.\(i)", requestID: "r\(i)"),
                               at: Date())
        }
    }
}

/// Runs raw SQL on the file behind the store's back, as an attacker with file access would.
func tamper(_ path: String, _ sql: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in try db.execute(sql: sql) }
    try queue.close()
}

@Suite("Store (SQLite and PostgreSQL)")
struct SQLiteStoreTests {
    @Test func createsAndMigratesOnFirstOpen() async throws {
        let path = temporaryDatabase()
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try SQLiteStore(path: path)
        try await store.ping()
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await store.read { try $0.principalCount() } == 0)
        // Reopening an existing file migrates nothing twice.
        _ = try SQLiteStore(path: path)
    }

    @Test func unopenablePathIsAClearError() {
        #expect(throws: WardenError.self) { try SQLiteStore(path: "/nonexistent-dir/x/warden.db") }
        #expect(throws: WardenError.self) { try SQLiteStore(path: temporaryDatabase(), readOnly: true) }
    }

    @Test("an action and its audit event commit together or not at all", arguments: StoreEngine.available)
    func atomicity(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        struct Boom: Error {}
        await #expect(throws: WardenError.self) {
            try await store.write { tx in
                try tx.insertPrincipal(Principal(id: "p", displayName: "P", kind: .person, roles: [.admin], createdAt: Date()))
                try tx.appendAudit(AuditDraft(actor: "x", action: "principal.create", subject: "principal:p", requestID: "r"), at: Date())
                throw Boom()
            }
        }
        #expect(try await store.read { try $0.principalCount() } == 0)
        #expect(try await store.read { try $0.auditEvents(afterSeq: 0, limit: 10) }.isEmpty)
        #expect(try await store.read { try $0.auditHead() } == .genesis)
    }

    @Test(arguments: StoreEngine.available)
    func duplicateToolVersionIsConflict(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        let d = ToolDefinition(name: "t", version: SemanticVersion("1.0.0")!, title: "t", description: "d", purpose: "p",
                               justification: "j", provider: .init(kind: .builtin, origin: .internal, builtin: "t"), useCases: ["u"],
                               dataRequirements: .init(reads: [.public], returns: [.public]), inputSchema: ["type": "object"],
                               outputSchema: nil, requiredCredentials: [], requiredRole: .agent, rateLimit: nil, timeoutMs: 100,
                               owner: "o", usageGuidelines: "g", limitations: [])
        let r = ToolVersionRecord(definition: d, digest: d.digest, state: .proposed, proposer: "p", proposedAt: Date(),
                                  updatedAt: Date(), decision: nil, reviewDueAt: nil)
        try await store.write { try $0.insertToolVersion(r) }
        await #expect(throws: WardenError.self) { try await store.write { try $0.insertToolVersion(r) } }
        let back = try await store.read { try $0.toolVersion(name: "t", version: d.version) }
        #expect(back?.definition == d)
        #expect(back?.digest == d.digest)
    }

    @Test(arguments: StoreEngine.available)
    func intactChainVerifies(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        try await appendEvents(store, 20)
        let r = try await store.verifyAuditChain()
        #expect(r.ok && r.eventsChecked == 20 && r.head.seq == 20)
    }

    @Test("tampering in the database is found, naming the first bad event", arguments: StoreEngine.available, [
        ("edit", "UPDATE audit_events SET actor = 'mallory' WHERE seq = 7", Int64(7)),
        ("edit digest", "UPDATE audit_events SET body_digest = 'ff' WHERE seq = 3", 3),
        ("delete", "DELETE FROM audit_events WHERE seq = 5", 5),
        ("insert", "INSERT INTO audit_events SELECT 100, time_ms, actor, action, subject, request_id, outcome, body_digest, detail, prev_hash, hash FROM audit_events WHERE seq = 4", 11),
        ("reorder", "UPDATE audit_events SET seq = -8 WHERE seq = 8; UPDATE audit_events SET seq = 8 WHERE seq = 9; UPDATE audit_events SET seq = 9 WHERE seq = -8", 8),
        ("truncate tail", "DELETE FROM audit_events WHERE seq > 8", 9),
        ("delete head row", "DELETE FROM audit_head", 1),
    ])
    func tamperingIsFound(engine: StoreEngine, tampering: (String, String, Int64)) async throws {
        let (kind, sql, firstBad) = tampering
        let t = try await engine.make()
        defer { Task { await t.close() } }
        try await appendEvents(t.store, 10)
        try await t.tamper(sql)
        let report = try await t.store.verifyAuditChain()
        #expect(!report.ok, "\(kind) should break the chain")
        #expect(report.firstBadSeq == firstBad, "\(kind): \(report.problem ?? "")")
    }
}
