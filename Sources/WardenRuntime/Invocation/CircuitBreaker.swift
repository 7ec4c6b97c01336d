import Synchronization
import WardenCore

/// Stops calling an upstream that keeps failing, and lets a few probe calls find out when it recovers.
///
/// - **closed**: calls pass; `failureThreshold` consecutive failures open the circuit (a success resets
///   the count). Consecutive failures rather than a failure ratio, because it needs no window of
///   samples and reacts as fast to a dead upstream on a quiet tool as on a busy one.
/// - **open**: calls are refused with `circuit_open` until `coolDown` has passed since the circuit opened.
/// - **half-open**: up to `halfOpenProbes` calls pass at a time; the first success closes the circuit,
///   the first failure opens it again for another `coolDown`. A probe that never reports back (its
///   caller was cancelled) stops counting after `coolDown`, so the circuit cannot stay stuck.
///
/// Callers should record only failures that say something about the upstream's health
/// (`upstream_unavailable`, `timeout`), not their own invalid input. Thread-safe; time is passed in.
public final class CircuitBreaker: Sendable {
    /// Thresholds of a breaker.
    public struct Configuration: Sendable, Equatable {
        /// Consecutive failures that open a closed circuit (at least 1).
        public var failureThreshold: Int
        /// How long an open circuit refuses calls before letting probes through.
        public var coolDown: Duration
        /// How many probe calls a half-open circuit lets through at a time (at least 1).
        public var halfOpenProbes: Int

        /// Values below their minimum are raised to it.
        public init(failureThreshold: Int = 5, coolDown: Duration = .seconds(30), halfOpenProbes: Int = 1) {
            self.failureThreshold = max(1, failureThreshold)
            self.coolDown = max(.zero, coolDown)
            self.halfOpenProbes = max(1, halfOpenProbes)
        }
    }

    /// The state of a circuit, as reported in metrics.
    public enum State: String, Sendable, Equatable, CaseIterable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    struct Status {
        var state: State = .closed
        var consecutiveFailures = 0
        var openedAt: ContinuousClock.Instant?
        var probesInFlight = 0
        var lastProbeAt: ContinuousClock.Instant?
    }

    /// The upstream this breaker guards, named in errors.
    public let upstream: String
    public let configuration: Configuration
    private let status: Mutex<Status>

    /// A closed breaker for `upstream`.
    public init(upstream: String, configuration: Configuration = .init()) {
        self.upstream = upstream
        self.configuration = configuration
        status = Mutex(Status())
    }

    /// The state as last changed by a call; an open circuit whose cool-down has passed still reads `open`
    /// until the next ``permit(at:)`` (see ``state(at:)``).
    public var state: State { status.withLock { $0.state } }

    /// The state as a call at `now` would find it: an open circuit whose cool-down has passed reads `halfOpen`.
    public func state(at now: ContinuousClock.Instant) -> State {
        status.withLock { s in
            if s.state == .open, let opened = s.openedAt, now >= opened + configuration.coolDown { return .halfOpen }
            return s.state
        }
    }

    /// Lets a call through, or refuses it.
    /// - Throws: `WardenError(.circuitOpen)` while the circuit is open, or half-open with all probe slots
    ///   taken; `details["retryAfterMs"]` says when to try again and `details["upstream"]` names the upstream.
    public func permit(at now: ContinuousClock.Instant) throws(WardenError) {
        let refusal: Duration? = status.withLock { s in
            switch s.state {
            case .closed:
                return nil
            case .open:
                let reopen = (s.openedAt ?? now) + configuration.coolDown
                guard now >= reopen else { return reopen - now }
                s.state = .halfOpen
                s.probesInFlight = 0
                fallthrough
            case .halfOpen:
                if s.probesInFlight > 0, let last = s.lastProbeAt, now >= last + configuration.coolDown {
                    s.probesInFlight = 0
                }
                guard s.probesInFlight < configuration.halfOpenProbes else {
                    return max(.milliseconds(1), ((s.lastProbeAt ?? now) + configuration.coolDown) - now)
                }
                s.probesInFlight += 1
                s.lastProbeAt = now
                return nil
            }
        }
        guard let refusal else { return }
        let ms = Self.milliseconds(refusal)
        throw WardenError(.circuitOpen,
                          "'\(upstream)' is failing, so calls to it are paused; try again in \(ms) ms",
                          details: ["upstream": upstream, "retryAfterMs": String(ms)])
    }

    /// Records a call that succeeded: resets the failure count, and closes a half-open circuit.
    public func recordSuccess(at now: ContinuousClock.Instant) {
        status.withLock { s in
            switch s.state {
            case .closed:
                s.consecutiveFailures = 0
            case .halfOpen:
                s = Status()
            case .open:
                // A call let through before the circuit opened; the cool-down still applies.
                break
            }
        }
    }

    /// Records a call that failed because of the upstream: may open the circuit, and re-opens a half-open one.
    public func recordFailure(at now: ContinuousClock.Instant) {
        status.withLock { s in
            switch s.state {
            case .closed:
                s.consecutiveFailures += 1
                if s.consecutiveFailures >= configuration.failureThreshold { open(&s, at: now) }
            case .halfOpen:
                open(&s, at: now)
            case .open:
                break
            }
        }
    }

    private func open(_ s: inout Status, at now: ContinuousClock.Instant) {
        s.state = .open
        s.openedAt = now
        s.probesInFlight = 0
        s.lastProbeAt = nil
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let c = d.components
        let ms = c.seconds * 1000 + (c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return max(1, ms)
    }
}
