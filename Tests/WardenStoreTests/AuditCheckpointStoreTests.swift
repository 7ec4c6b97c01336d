import Foundation
import GRDB
import Testing
import WardenCore
@testable import WardenStore

/// Rewrites events from `seq` on in the file, recomputing every hash and the head, as an attacker who knows the
/// hashing scheme (but not the signing key) would.
private func rewriteChain(_ path: String, from seq: Int64, actor: String) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
        var events = try StoreTransaction(session: SQLiteSession(db: db)).auditEvents(afterSeq: 0, limit: Int.max)
        for i in events.indices where events[i].seq >= seq {
            if events[i].seq == seq { events[i].actor = actor }
            events[i].prevHash = i == 0 ? AuditChain.genesisHash : events[i - 1].hash
            events[i].hash = events[i].computedHash
            try db.execute(sql: "UPDATE audit_events SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                           arguments: [events[i].actor, events[i].prevHash, events[i].hash, events[i].seq])
        }
        if let last = events.last {
            try db.execute(sql: "UPDATE audit_head SET seq = ?, hash = ?", arguments: [last.seq, last.hash])
        }
    }
    try queue.close()
}

@Suite("Audit checkpoints and queries")
struct AuditCheckpointStoreTests {
    @Test func checkpointsAreWrittenOnlyWhenTheChainGrewAndProveIt() async throws {
        let path = temporaryDatabase()
        let store = try SQLiteStore(path: path)
        let key = AuditSigningKey()
        let writer = AuditWriter(store: store)
        func checkpoint() async throws -> AuditCheckpoint? {
            // The same read-then-insert the runtime's checkpointer does, kept here so the store is tested alone.
            try await store.write { tx in
                let head = try tx.auditHead()
                guard head.seq > (try tx.latestAuditCheckpoint()?.seq ?? 0) else { return nil }
                let c = try key.checkpoint(head, at: Date().millisecondsSince1970)
                try tx.insertAuditCheckpoint(c)
                return c
            }
        }
        #expect(try await checkpoint() == nil, "nothing to sign in an empty log")
        for i in 0..<10 { try await writer.append(AuditDraft(actor: "a\(i)", action: "tool.call", subject: "tool:x", requestID: "r"), at: Date()) }
        let first = try #require(try await checkpoint())
        #expect(first.seq == 10)
        #expect(try await checkpoint() == nil, "the head did not move")
        for _ in 0..<10 { try await writer.append(AuditDraft(actor: "b", action: "tool.call", subject: "tool:x", requestID: "r"), at: Date()) }
        #expect(try await checkpoint()?.seq == 20)
        await #expect(throws: WardenError.self) { try await store.write { tx in try tx.insertAuditCheckpoint(first) } }

        let report = try await store.verifyAuditChain(keys: [key.publicKey])
        #expect(report.ok && report.checkpointsChecked == 2 && report.provenThroughSeq == 20 && report.signaturesChecked)

        // Rewritten from #15 on with every hash recomputed: the hash chain holds, the checkpoint at #20 does not.
        try rewriteChain(path, from: 15, actor: "mallory")
        let reopened = try SQLiteStore(path: path, readOnly: true)
        let broken = try reopened.verifyAuditChainNow(keys: [key.publicKey])
        #expect(!broken.ok)
        #expect(broken.firstBadSeq == 11 && broken.provenThroughSeq == 10)
        #expect(try reopened.verifyAuditChainNow(keys: nil).ok == false, "the hashes differ even without a key")
    }

    @Test func deletingTheNewestEventsAndTheirCheckpointLeavesTheOlderCheckpointProving() async throws {
        let path = temporaryDatabase()
        let store = try SQLiteStore(path: path)
        let key = AuditSigningKey()
        try await appendEvents(store, 5)
        try await store.write { tx in try tx.insertAuditCheckpoint(try key.checkpoint(try tx.auditHead(), at: 1)) }
        try await appendEvents(store, 5)
        // The attacker drops events 8 to 10 and sets the head to #7: the checkpoint at #5 still holds, so the
        // report proves only through #5 and says the rest is unproven rather than passing it silently.
        try tamper(path, "DELETE FROM audit_events WHERE seq > 7; UPDATE audit_head SET seq = 7, hash = (SELECT hash FROM audit_events WHERE seq = 7)")
        let r = try SQLiteStore(path: path, readOnly: true).verifyAuditChainNow(keys: [key.publicKey])
        #expect(r.ok && r.provenThroughSeq == 5 && r.head.seq == 7)
    }

    @Test(arguments: StoreEngine.available)
    func forgedCheckpointRowIsFound(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        let key = AuditSigningKey()
        try await appendEvents(store, 3)
        let mallory = AuditSigningKey()
        try await store.write { tx in
            var c = try mallory.checkpoint(try tx.auditHead(), at: 1)
            c.keyID = key.publicKey.keyID
            try tx.insertAuditCheckpoint(c)
        }
        let r = try await store.verifyAuditChain(keys: [key.publicKey])
        #expect(!r.ok && r.firstBadSeq == 3)
    }

    @Test(arguments: StoreEngine.available)
    func queriesFilterAndPage(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        let base = Date(millisecondsSince1970: 1_764_000_000_000)
        try await store.write { tx in
            for i in 0..<60 {
                let draft = AuditDraft(actor: i % 3 == 0 ? "agent-\(i % 2)" : "alice", action: i % 2 == 0 ? "tool.call" : "tool.propose",
                                       subject: "tool:weather\(i % 4 == 0 ? "" : ".x")@1.0.\(i)", requestID: "r\(i)",
                                       outcome: i % 5 == 0 ? .denied : .success)
                _ = try tx.appendAudit(draft, at: base.addingTimeInterval(Double(i)))
            }
        }
        let all = try await store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        let queries = [
            AuditQuery(actor: "alice"), AuditQuery(actor: "agent-*"), AuditQuery(action: "tool.call", outcome: .denied),
            AuditQuery(subject: "tool:weather@*"), AuditQuery(subject: "tool:weather*"),
            AuditQuery(since: base.addingTimeInterval(10), until: base.addingTimeInterval(20)),
            AuditQuery(actor: "*"), AuditQuery(actor: "%"), AuditQuery(subject: "tool:weather_x*"),
        ]
        for q in queries {
            var query = q
            query.limit = 7
            var got: [AuditEvent] = []
            while true {
                let current = query
                let page = try await store.read { try $0.auditEvents(matching: current) }
                got += page
                guard page.count == query.limit, let last = page.last else { break }
                query.afterSeq = last.seq
            }
            #expect(got == all.filter(q.matches), "\(q)")
        }
    }
}
