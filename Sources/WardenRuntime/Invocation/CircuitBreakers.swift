import Synchronization
import WardenCore

/// One ``CircuitBreaker`` per upstream, created on first use. Thread-safe.
public final class CircuitBreakers: Sendable {
    /// The configuration given to every breaker this registry creates.
    public let configuration: CircuitBreaker.Configuration
    private let breakers: Mutex<[String: CircuitBreaker]>

    /// An empty registry whose breakers all use `configuration`.
    public init(configuration: CircuitBreaker.Configuration = .init()) {
        self.configuration = configuration
        breakers = Mutex([:])
    }

    /// The breaker guarding `upstream` (for example a tool's endpoint host), created closed when new.
    public func breaker(for upstream: String) -> CircuitBreaker {
        breakers.withLock { table in
            if let existing = table[upstream] { return existing }
            let created = CircuitBreaker(upstream: upstream, configuration: configuration)
            table[upstream] = created
            return created
        }
    }

    /// Forgets the breaker of an upstream that is no longer served.
    public func remove(_ upstream: String) {
        _ = breakers.withLock { $0.removeValue(forKey: upstream) }
    }

    /// Every upstream with the state a call at `now` would find, sorted by upstream (for metrics).
    public func states(at now: ContinuousClock.Instant) -> [(upstream: String, state: CircuitBreaker.State)] {
        let all = breakers.withLock { Array($0.values) }
        return all.map { (upstream: $0.upstream, state: $0.state(at: now)) }.sorted { $0.upstream < $1.upstream }
    }
}
