import Foundation
import Synchronization
import WardenCore

/// Appends audit events with group commit: events from concurrent callers share one write transaction
/// (one fsync), and each caller returns only once its own event is on disk.
///
/// The first caller to find no write in progress becomes the leader: it writes its event together with
/// every event queued so far, wakes their callers, then hands the lead to the next queued caller, if any.
/// While a transaction is being committed, new events queue up and go out together in the next one, so
/// the cost of a commit is shared by as many callers as arrive during it. No task is spawned: the
/// writing happens on the callers' own tasks.
public final class AuditWriter: Sendable {
    private enum Ticket: Sendable {
        case written(AuditEvent)
        case lead
    }

    private struct Waiter {
        var draft: AuditDraft
        var time: Date
        var continuation: CheckedContinuation<Ticket, any Error>
    }

    private struct State {
        var queue: [Waiter] = []
        var writing = false
    }

    private let store: any GovernanceStore
    private let state = Mutex(State())
    /// The most events written in one transaction.
    public let maxBatch: Int

    /// - Parameter maxBatch: the most events one transaction carries (at least 1).
    public init(store: any GovernanceStore, maxBatch: Int = 512) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
    }

    /// Appends `draft` to the chain and returns the sealed event once it is durable.
    /// - Throws: the store's error (`WardenError`) when the transaction carrying the event failed; the event
    ///   is then not in the log.
    @discardableResult
    public func append(_ draft: AuditDraft, at time: Date) async throws -> AuditEvent {
        let ticket: Ticket = try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { s -> Bool in
                if s.writing {
                    s.queue.append(Waiter(draft: draft, time: time, continuation: continuation))
                    return false
                }
                s.writing = true
                return true
            }
            if lead { continuation.resume(returning: .lead) }
        }
        switch ticket {
        case .written(let event):
            return event
        case .lead:
            return try await lead(with: draft, at: time)
        }
    }

    /// Writes `draft` and the queued events in one transaction, wakes their callers, passes the lead on.
    private func lead(with draft: AuditDraft, at time: Date) async throws -> AuditEvent {
        let others = state.withLock { s -> [Waiter] in
            let n = min(s.queue.count, maxBatch - 1)
            let taken = Array(s.queue.prefix(n))
            s.queue.removeFirst(n)
            return taken
        }
        let batch = [(draft: draft, time: time)] + others.map { (draft: $0.draft, time: $0.time) }
        let outcome: Result<[AuditEvent], any Error>
        do {
            outcome = .success(try await store.write { tx in try tx.appendAudit(batch) })
        } catch {
            outcome = .failure(error)
        }
        for (i, waiter) in others.enumerated() {
            switch outcome {
            case .success(let events): waiter.continuation.resume(returning: .written(events[i + 1]))
            case .failure(let error): waiter.continuation.resume(throwing: error)
            }
        }
        let next = state.withLock { s -> Waiter? in
            if s.queue.isEmpty {
                s.writing = false
                return nil
            }
            return s.queue.removeFirst()
        }
        if let next {
            // The next caller writes its own event and everything that queued meanwhile.
            next.continuation.resume(returning: .lead)
        }
        return try outcome.get()[0]
    }
}
