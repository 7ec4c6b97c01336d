import Foundation
import Synchronization

/// The tasks Warden's A2A server has run, each with the principal that asked for it: a caller sees only its own.
/// Held in memory and bounded (the oldest finished tasks go first); the audit log is the durable record.
public final class A2ATaskStore: Sendable {
    struct Entry {
        var owner: String
        var task: A2ATask
        var updated: Date
    }

    private let state = Mutex<(entries: [String: Entry], order: [String])>(([:], []))
    public let capacity: Int

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Stores or replaces `task` for `owner`.
    public func put(_ task: A2ATask, owner: String, at now: Date = Date()) {
        state.withLock { s in
            if s.entries[task.id] == nil { s.order.append(task.id) }
            s.entries[task.id] = Entry(owner: owner, task: task, updated: now)
            while s.order.count > capacity, let oldest = s.order.first {
                s.order.removeFirst()
                s.entries[oldest] = nil
            }
        }
    }

    /// `owner`'s task `id`, or `nil` (also when it is someone else's: its existence is not revealed).
    public func task(_ id: String, owner: String) -> A2ATask? {
        state.withLock { s in s.entries[id].flatMap { $0.owner == owner ? $0.task : nil } }
    }

    /// `owner`'s tasks, newest first, filtered by context and state.
    public func tasks(owner: String, contextId: String = "", state wanted: A2ATaskState = .unspecified) -> [A2ATask] {
        state.withLock { s in
            s.order.reversed().compactMap { id in
                guard let e = s.entries[id], e.owner == owner else { return nil }
                if !contextId.isEmpty, e.task.contextId != contextId { return nil }
                if wanted != .unspecified, e.task.status?.state != wanted { return nil }
                return e.task
            }
        }
    }
}
