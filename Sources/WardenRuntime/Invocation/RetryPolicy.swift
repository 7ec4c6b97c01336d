import WardenCore

/// How often and how patiently a failed upstream call is tried again.
///
/// Delays grow exponentially (`baseDelay * 2^(attempt-1)`, at most `maxDelay`) and each is drawn
/// uniformly from zero to that bound ("full jitter"), so clients that failed together do not retry together.
/// Only calls to idempotent tools are retried, and only for transient errors (see ``isTransient(_:)``).
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (at least 1; 1 means no retry).
    public var maxAttempts: Int
    /// The upper bound of the first delay.
    public var baseDelay: Duration
    /// No delay exceeds this; an upstream asking for a longer `retryAfterMs` is not retried.
    public var maxDelay: Duration

    /// Values below their minimum (1 attempt, zero delays) are raised to it.
    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(100), maxDelay: Duration = .seconds(2)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(.zero, maxDelay)
    }

    /// A policy that never retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The delay before attempt `n + 1`, after attempt `n` (1-based) failed: uniform in
    /// `0 ... min(maxDelay, baseDelay * 2^(n-1))`.
    public func delay(afterAttempt n: Int, random: inout some RandomNumberGenerator) -> Duration {
        let bound = ceiling(afterAttempt: n)
        let ns = Self.nanoseconds(bound)
        guard ns > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0...ns, using: &random))
    }

    /// The largest delay ``delay(afterAttempt:random:)`` can return after attempt `n`.
    public func ceiling(afterAttempt n: Int) -> Duration {
        let shift = min(max(n, 1) - 1, 62)
        let base = Self.nanoseconds(baseDelay)
        let cap = Self.nanoseconds(maxDelay)
        // Stop doubling before Int64 overflows; the cap is reached long before that anyway.
        let grown = base > (cap >> shift) ? cap : base << shift
        return .nanoseconds(min(grown, cap))
    }

    /// Whether trying again may succeed: `upstream_unavailable`, `timeout` and an upstream's
    /// `rate_limited` are transient; everything else (`invalid_input`, `forbidden`, `upstream_rejected`,
    /// `circuit_open`, ...) would fail the same way again.
    public static func isTransient(_ e: WardenError) -> Bool {
        switch e.code {
        case .upstreamUnavailable, .timeout, .rateLimited: true
        default: false
        }
    }

    /// Runs `op`, retrying it after transient ``WardenError``s when the tool is idempotent.
    ///
    /// A non-idempotent call runs exactly once. Other errors, cancellation, and the last attempt's error
    /// are thrown as they are. When the error carries `details["retryAfterMs"]` the wait is at least that
    /// long, and when that exceeds `maxDelay` the error is thrown rather than waited out.
    /// - Parameters:
    ///   - sleep: waits between attempts (tests pass a recorder); throwing from it ends the retries.
    /// - Throws: whatever the last attempt threw, or what `sleep` threw.
    public func run<T>(idempotent: Bool,
                       random: inout some RandomNumberGenerator,
                       sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                       isolation: isolated (any Actor)? = #isolation,
                       _ op: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await op()
            } catch let error as WardenError {
                guard idempotent, attempt < maxAttempts, Self.isTransient(error), !Task.isCancelled else { throw error }
                var wait = delay(afterAttempt: attempt, random: &random)
                if let asked = error.details["retryAfterMs"].flatMap(Int64.init), asked > 0 {
                    let requested = Duration.milliseconds(asked)
                    guard requested <= maxDelay else { throw error }
                    wait = max(wait, requested)
                }
                try await sleep(wait)
                attempt += 1
            }
        }
    }

    /// ``run(idempotent:random:sleep:isolation:_:)`` with the system's random numbers.
    public func run<T>(idempotent: Bool,
                       sleep: (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                       isolation: isolated (any Actor)? = #isolation,
                       _ op: () async throws -> T) async throws -> T {
        var random = SystemRandomNumberGenerator()
        return try await run(idempotent: idempotent, random: &random, sleep: sleep, isolation: isolation, op)
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let c = d.components
        guard c.seconds < Int64.max / 1_000_000_000 else { return .max }
        return max(0, c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000)
    }
}
