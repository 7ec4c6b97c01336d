import Foundation
import Synchronization
import Testing
import WardenCore
@testable import WardenStore

/// A store that counts write transactions, can hold the first one back (so that others queue behind it)
/// and can fail a chosen number of them; everything else goes to a real SQLite store.
private final class InstrumentedStore: GovernanceStore {
    let inner: any GovernanceStore
    let writes = Mutex(0)
    let failuresLeft: Mutex<Int>
    let firstWriteDelay: Duration

    init(_ inner: any GovernanceStore, failing: Int = 0, firstWriteDelay: Duration = .zero) {
        self.inner = inner
        self.failuresLeft = Mutex(failing)
        self.firstWriteDelay = firstWriteDelay
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T { try await inner.read(body) }

    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        let n = writes.withLock { $0 += 1; return $0 }
        if n == 1, firstWriteDelay > .zero { try await Task.sleep(for: firstWriteDelay) }
        let fail = failuresLeft.withLock { left -> Bool in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        return try await inner.write { tx in
            let value = try body(tx)
            // Failing after the body has written rolls the whole transaction back, as a full disk would.
            if fail { throw WardenError(.upstreamUnavailable, "the database failed: simulated") }
            return value
        }
    }

    func ping() async throws { try await inner.ping() }
    func verifyAuditChain(keys: [AuditPublicKey]?) async throws -> AuditChain.Report { try await inner.verifyAuditChain(keys: keys) }
}

private func draft(_ i: Int) -> AuditDraft {
    AuditDraft(actor: "agent-\(i % 7)", action: "tool.call", subject: "tool:echo@1.0.0", requestID: "r\(i)",
               detail: ["latencyUs": String(i)])
}

@Suite("Audit writer (group commit)")
struct AuditWriterTests {
    @Test(arguments: StoreEngine.available)
    func concurrentAppendsShareTransactionsAndEveryCallerGetsItsOwnDurableEvent(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let sqlite = t.store
        let store = InstrumentedStore(sqlite, firstWriteDelay: .milliseconds(100))
        let writer = AuditWriter(store: store)
        let n = 200
        let events = try await withThrowingTaskGroup(of: (Int, AuditEvent).self) { group in
            for i in 0..<n { group.addTask { (i, try await writer.append(draft(i), at: Date())) } }
            var out: [Int: AuditEvent] = [:]
            for try await (i, e) in group { out[i] = e }
            return out
        }
        #expect(events.count == n)
        // Each caller got the event made from its own draft, and the sequence numbers are 1...n without gaps.
        for (i, e) in events { #expect(e.requestID == "r\(i)" && e.detail?["latencyUs"] == String(i)) }
        #expect(Set(events.values.map(\.seq)) == Set(1...Int64(n)))
        // While the first transaction was held back the others queued, so far fewer transactions than events.
        let writes = store.writes.withLock { $0 }
        #expect(writes < n / 2, "expected group commit, saw \(writes) transactions for \(n) events")
        // What the callers were told is what is on disk, and the chain verifies.
        let stored = try await sqlite.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(stored.count == n)
        for e in stored { #expect(events.values.contains(e)) }
        let report = try await sqlite.verifyAuditChain()
        #expect(report.ok && report.eventsChecked == Int64(n))
    }

    @Test func aFailedTransactionFailsExactlyItsCallersAndLeavesNothingHalfWritten() async throws {
        let sqlite = try SQLiteStore(path: temporaryDatabase())
        let store = InstrumentedStore(sqlite, failing: 1, firstWriteDelay: .milliseconds(50))
        let writer = AuditWriter(store: store)
        let n = 40
        let outcomes = await withTaskGroup(of: Result<AuditEvent, any Error>.self) { group in
            for i in 0..<n {
                group.addTask {
                    do { return .success(try await writer.append(draft(i), at: Date())) } catch { return .failure(error) }
                }
            }
            var out: [Result<AuditEvent, any Error>] = []
            for await r in group { out.append(r) }
            return out
        }
        let failed = outcomes.filter { if case .failure = $0 { return true } else { return false } }.count
        let succeeded = outcomes.compactMap { try? $0.get() }
        #expect(failed >= 1 && failed < n)
        #expect(succeeded.count + failed == n)
        for case .failure(let e) in outcomes { #expect((e as? WardenError)?.code == .upstreamUnavailable) }
        // Exactly the acknowledged events are stored, numbered without gaps, and the chain verifies.
        let stored = try await sqlite.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(stored.count == succeeded.count)
        #expect(Set(stored.map(\.requestID)) == Set(succeeded.map(\.requestID)))
        #expect(stored.map(\.seq) == Array(1...Int64(stored.count)))
        #expect(try await sqlite.verifyAuditChain().ok)
        // The writer keeps working after a failure.
        let later = try await writer.append(draft(999), at: Date())
        #expect(later.seq == Int64(stored.count) + 1)
    }

    @Test func batchesAreCappedAtTheConfiguredSize() async throws {
        let sqlite = try SQLiteStore(path: temporaryDatabase())
        let store = InstrumentedStore(sqlite, firstWriteDelay: .milliseconds(100))
        let writer = AuditWriter(store: store, maxBatch: 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<100 { group.addTask { _ = try await writer.append(draft(i), at: Date()) } }
            try await group.waitForAll()
        }
        // 100 events in batches of at most 10 need at least 10 transactions.
        #expect(store.writes.withLock { $0 } >= 10)
        #expect(try await sqlite.verifyAuditChain().eventsChecked == 100)
    }

    @Test func interleavesCorrectlyWithActionsThatWriteTheirOwnEvents() async throws {
        let sqlite = try SQLiteStore(path: temporaryDatabase())
        let writer = AuditWriter(store: sqlite)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<60 {
                group.addTask {
                    if i % 3 == 0 {
                        try await sqlite.write { tx in _ = try tx.appendAudit(draft(i), at: Date()) }
                    } else {
                        _ = try await writer.append(draft(i), at: Date())
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try await sqlite.verifyAuditChain()
        #expect(report.ok && report.eventsChecked == 60)
    }
}
