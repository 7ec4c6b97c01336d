import Synchronization
import WardenCore

/// Stage "throttle": one token bucket per (principal, tool) at the tool's rate limit, and one per tool
/// for all callers together at `toolWideFactor` times that limit. Both or neither are consumed.
///
/// The buckets live in this process. When several instances share one database, each enforces its share of every
/// limit: the limit divided by the live instances (rounded up, at least one call), so that the instances together
/// allow about the limit however a load balancer spreads the calls.
public struct CallThrottle: Sendable {
    let limiter: RateLimiter
    let toolWideFactor: Int
    /// How many instances share the limits (1 on SQLite).
    public let instances: InstanceCount

    public init(limiter: RateLimiter = RateLimiter(), toolWideFactor: Int = 10, instances: InstanceCount = InstanceCount()) {
        self.limiter = limiter
        self.toolWideFactor = max(1, toolWideFactor)
        self.instances = instances
    }

    /// - Throws: `rate_limited` with `details.retryAfterMs`.
    public func admit(_ principal: Principal, to tool: ServingTool, at now: ContinuousClock.Instant) throws {
        guard var limit = tool.definition.rateLimit else { return }
        let n = instances.value
        if n > 1 { limit.requests = max(1, (limit.requests + n - 1) / n) }
        let name = tool.definition.name
        let wide = ToolDefinition.RateLimit(requests: limit.requests.multipliedReportingOverflow(by: toolWideFactor).partialValue,
                                            perSeconds: limit.perSeconds)
        let decision = limiter.acquire(all: [(key: "p:\(principal.id)|t:\(name)", limit: limit), (key: "t:\(name)", limit: wide)],
                                       at: now)
        if case .limited(let wait) = decision {
            let ms = max(1, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
            let share = n > 1 ? " on each of \(n) instances" : ""
            throw WardenError(.rateLimited, "\(name) allows \(limit.requests) calls per \(limit.perSeconds) s\(share); retry in \(ms) ms",
                              details: ["retryAfterMs": String(ms)])
        }
    }
}

/// The number of live instances sharing the rate limits, kept current by the store's heartbeat.
public final class InstanceCount: Sendable {
    private let count = Atomic<Int>(1)

    public init() {}

    /// At least 1.
    public var value: Int { count.load(ordering: .relaxed) }

    public func set(_ n: Int) { count.store(max(1, n), ordering: .relaxed) }
}
