import Synchronization
import WardenCore

/// One subscriber's bounded buffer of live audit events. The hub offers committed events and never waits; when the
/// buffer is full the subscription is dropped, and its reader learns how far behind it was.
public final class EventSubscription: Sendable {
    /// What ``next(reusing:)`` hands out.
    public enum Delivery: Sendable {
        /// Events in sequence order, at most the buffer size.
        case events([AuditEvent])
        /// The buffer overflowed: `behind` events had not been read when it was dropped.
        case dropped(behind: Int)
        /// The subscription was cancelled.
        case ended
    }

    private struct State {
        var buffer: [AuditEvent]
        var waiter: CheckedContinuation<Delivery, Never>?
        var droppedBehind: Int?
        var ended = false
    }

    /// Which events it receives.
    public let filter: EventFilter
    /// The most events it holds unread.
    public let capacity: Int
    private let state: Mutex<State>

    init(filter: EventFilter, capacity: Int) {
        self.filter = filter
        self.capacity = capacity
        var buffer: [AuditEvent] = []
        buffer.reserveCapacity(capacity)
        state = Mutex(State(buffer: buffer))
    }

    /// Appends the events that pass the filter; returns false when the subscription is (now) dropped or ended.
    func offer(_ events: [AuditEvent]) -> Bool {
        let (alive, wake): (Bool, (CheckedContinuation<Delivery, Never>, Delivery)?) = state.withLock { s in
            if s.ended || s.droppedBehind != nil { return (false, nil) }
            for event in events where filter.matches(event) {
                if s.buffer.count == capacity {
                    s.droppedBehind = s.buffer.count + 1
                    s.buffer.removeAll()
                    break
                }
                s.buffer.append(event)
            }
            guard let waiter = s.waiter else { return (s.droppedBehind == nil, nil) }
            if let behind = s.droppedBehind {
                s.waiter = nil
                return (false, (waiter, .dropped(behind: behind)))
            }
            if s.buffer.isEmpty { return (true, nil) }
            s.waiter = nil
            let taken = s.buffer
            s.buffer = []
            return (true, (waiter, .events(taken)))
        }
        if let wake { wake.0.resume(returning: wake.1) }
        return alive
    }

    /// The buffered events, waiting for some when there are none.
    /// - Parameter spare: an emptied array from an earlier delivery; its storage becomes the next buffer, so that a
    ///   steady stream allocates nothing on the publishing side.
    public func next(reusing spare: [AuditEvent] = []) async -> Delivery {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
                let ready: Delivery? = state.withLock { s in
                    if let behind = s.droppedBehind { return .dropped(behind: behind) }
                    if s.ended { return .ended }
                    if !s.buffer.isEmpty {
                        var next = spare
                        next.removeAll(keepingCapacity: true)
                        if next.capacity < capacity { next.reserveCapacity(capacity) }
                        let taken = s.buffer
                        s.buffer = next
                        return .events(taken)
                    }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// Ends the subscription: a waiting reader gets ``Delivery/ended``, the hub forgets it at its next event.
    public func cancel() {
        let waiter = state.withLock { s -> CheckedContinuation<Delivery, Never>? in
            s.ended = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: .ended)
    }

    var isActive: Bool { state.withLock { !$0.ended && $0.droppedBehind == nil } }
}
