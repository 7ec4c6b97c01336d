import Synchronization
import WardenCore

/// The audit log, live: told of every audit event once it is committed (``GovernanceStore/observeCommittedAudit(_:)``),
/// it hands each to the bounded buffers of the subscriptions whose filters it passes. Publishing never waits and
/// does no I/O: a subscriber that falls a whole buffer behind is dropped (``EventSubscription/Delivery/dropped(behind:)``)
/// and can resume from the store with the last sequence number it read.
public final class EventHub: Sendable {
    /// How many unread events a subscription holds before it is dropped.
    public let bufferSize: Int
    private let subscriptions = Mutex<[EventSubscription]>([])

    /// - Parameter bufferSize: unread events per subscriber (at least 1).
    public init(bufferSize: Int = 1024) {
        self.bufferSize = max(1, bufferSize)
    }

    /// Starts receiving the committed events that pass `filter`, from the next commit on.
    public func subscribe(_ filter: EventFilter) -> EventSubscription {
        let subscription = EventSubscription(filter: filter, capacity: bufferSize)
        subscriptions.withLock { $0.append(subscription) }
        return subscription
    }

    /// Hands committed events (in sequence order) to every subscription; forgets those dropped or cancelled.
    public func publish(_ events: [AuditEvent]) {
        let current = subscriptions.withLock { $0 }
        guard !current.isEmpty else { return }
        var stale = false
        for subscription in current where !subscription.offer(events) { stale = true }
        if stale { subscriptions.withLock { $0.removeAll { !$0.isActive } } }
    }

    /// How many subscriptions are receiving events.
    public var subscriberCount: Int { subscriptions.withLock { $0.count(where: \.isActive) } }
}
