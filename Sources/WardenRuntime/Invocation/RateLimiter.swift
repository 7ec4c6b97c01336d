import Synchronization
import WardenCore

/// What a ``RateLimiter`` answers: go ahead, or wait at least `retryAfter` before the next try.
public enum RateDecision: Sendable, Equatable {
    /// The call may proceed; a token was taken.
    case allowed
    /// The call is refused; a token will be available after `retryAfter` (whole milliseconds, rounded up).
    case limited(retryAfter: Duration)

    /// Whether the call may proceed.
    public var isAllowed: Bool { self == .allowed }
}

/// Token buckets keyed by a string such as `"tool:NAME"` or `"principal:ID|tool:NAME"`.
///
/// A bucket holds at most `limit.requests` tokens and refills continuously at
/// `requests / perSeconds` tokens per second, so a key may burst up to its whole allowance and then
/// proceeds at the sustained rate. A bucket is created full on first use.
///
/// Memory is bounded: when a new key would grow the table beyond `maxKeys`, buckets that have refilled
/// completely are dropped (a full bucket behaves exactly like a missing one, so this changes no
/// decision). If every bucket is still in use, the fullest ones are dropped until a quarter of the
/// table is free; that errs towards letting a call through rather than refusing a key that was never
/// seen. Only such a sweep allocates; a call for an existing key does not.
///
/// Thread-safe; time is passed in so tests can drive it.
public final class RateLimiter: Sendable {
    struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
        var capacity: Double
        var perSecond: Double

        init(limit: ToolDefinition.RateLimit, at now: ContinuousClock.Instant) {
            capacity = RateLimiter.capacity(limit)
            perSecond = RateLimiter.perSecond(limit)
            tokens = capacity
            updated = now
        }

        /// The tokens available at `now`, without changing the bucket.
        func available(at now: ContinuousClock.Instant, limit: ToolDefinition.RateLimit) -> Double {
            let capacity = RateLimiter.capacity(limit)
            let perSecond = RateLimiter.perSecond(limit)
            // A clock read out of order between threads must not take tokens away.
            let elapsed = now > updated ? RateLimiter.seconds(now - updated) : 0
            // A changed limit applies at once: a lowered capacity clips the tokens already held.
            return min(capacity, tokens + elapsed * perSecond)
        }

        mutating func refill(at now: ContinuousClock.Instant, limit: ToolDefinition.RateLimit) {
            tokens = available(at: now, limit: limit)
            capacity = RateLimiter.capacity(limit)
            perSecond = RateLimiter.perSecond(limit)
            if now > updated { updated = now }
        }

        /// The share of the capacity available at `now`, from 0 to 1.
        func fill(at now: ContinuousClock.Instant) -> Double {
            let elapsed = now > updated ? RateLimiter.seconds(now - updated) : 0
            return min(1, (tokens + elapsed * perSecond) / capacity)
        }
    }

    /// The most keys kept before idle buckets are evicted.
    public let maxKeys: Int
    private let buckets: Mutex<[String: Bucket]>

    /// - Parameter maxKeys: the table size beyond which idle buckets are evicted (at least 1).
    public init(maxKeys: Int = 10_000) {
        self.maxKeys = max(1, maxKeys)
        buckets = Mutex([:])
    }

    /// Takes one token from the bucket `key`, when it has one.
    /// - Returns: `.allowed`, or `.limited(retryAfter:)` with the time until the bucket holds a token again.
    ///   A refused call consumes nothing.
    public func acquire(_ key: String, limit: ToolDefinition.RateLimit, at now: ContinuousClock.Instant) -> RateDecision {
        buckets.withLock { table in
            if let i = table.index(forKey: key) {
                table.values[i].refill(at: now, limit: limit)
                let tokens = table.values[i].tokens
                guard tokens >= 1 else { return .limited(retryAfter: Self.wait(for: tokens, limit: limit)) }
                table.values[i].tokens = tokens - 1
                return .allowed
            }
            insert(key, limit: limit, at: now, into: &table)
            return .allowed
        }
    }

    /// Takes one token from each of several buckets, or from none: when any bucket is empty nothing is
    /// consumed, so a call the per-tool limit refuses does not use up the caller's own allowance.
    ///
    /// The keys should be distinct; a key listed twice is checked once but charged twice.
    /// Takes a concrete array, not a generic collection, so a caller in another module gets the
    /// specialized, allocation-free loop.
    /// - Returns: `.allowed`, or `.limited(retryAfter:)` with the longest wait among the empty buckets.
    public func acquire(all requests: [(key: String, limit: ToolDefinition.RateLimit)],
                        at now: ContinuousClock.Instant) -> RateDecision {
        buckets.withLock { table in
            var longest: Duration?
            for (key, limit) in requests {
                guard let bucket = table[key] else { continue }
                let tokens = bucket.available(at: now, limit: limit)
                if tokens < 1 {
                    let wait = Self.wait(for: tokens, limit: limit)
                    longest = max(longest ?? wait, wait)
                }
            }
            if let longest { return .limited(retryAfter: longest) }
            for (key, limit) in requests {
                if let i = table.index(forKey: key) {
                    table.values[i].refill(at: now, limit: limit)
                    table.values[i].tokens -= 1
                } else {
                    insert(key, limit: limit, at: now, into: &table)
                }
            }
            return .allowed
        }
    }

    /// What ``acquire(_:limit:at:)`` would answer for `key` at `now`, without taking a token.
    public func peek(_ key: String, limit: ToolDefinition.RateLimit, at now: ContinuousClock.Instant) -> RateDecision {
        buckets.withLock { table in
            guard let bucket = table[key] else { return .allowed }
            let tokens = bucket.available(at: now, limit: limit)
            return tokens >= 1 ? .allowed : .limited(retryAfter: Self.wait(for: tokens, limit: limit))
        }
    }

    /// The number of buckets held (for metrics and tests).
    public var count: Int { buckets.withLock { $0.count } }

    /// Forgets every bucket.
    public func reset() { buckets.withLock { $0.removeAll(keepingCapacity: true) } }

    /// Adds a full bucket for `key` and takes its first token, making room first when the table is full.
    private func insert(_ key: String, limit: ToolDefinition.RateLimit, at now: ContinuousClock.Instant,
                        into table: inout [String: Bucket]) {
        if table.count >= maxKeys { evict(at: now, from: &table) }
        var bucket = Bucket(limit: limit, at: now)
        bucket.tokens -= 1
        table[key] = bucket
    }

    private func evict(at now: ContinuousClock.Instant, from table: inout [String: Bucket]) {
        table = table.filter { $0.value.fill(at: now) < 1 }
        let target = maxKeys - max(1, maxKeys / 4)
        guard table.count > target else { return }
        // Every bucket is busy: drop those closest to full, which distorts the fewest decisions.
        let fullest = table.map { (key: $0.key, fill: $0.value.fill(at: now)) }.sorted { $0.fill > $1.fill }
        for entry in fullest.prefix(table.count - target) { table[entry.key] = nil }
    }

    private static func wait(for tokens: Double, limit: ToolDefinition.RateLimit) -> Duration {
        let seconds = (1 - tokens) / perSecond(limit)
        // Whole milliseconds, rounded up, so a client that waits exactly this long finds a token.
        let ms = (seconds * 1000).rounded(.up)
        return .milliseconds(Int64(max(1, min(ms, 86_400_000))))
    }

    static func capacity(_ limit: ToolDefinition.RateLimit) -> Double { Double(max(1, limit.requests)) }

    static func perSecond(_ limit: ToolDefinition.RateLimit) -> Double {
        Double(max(1, limit.requests)) / Double(max(1, limit.perSeconds))
    }

    static func seconds(_ d: Duration) -> Double {
        let c = d.components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
