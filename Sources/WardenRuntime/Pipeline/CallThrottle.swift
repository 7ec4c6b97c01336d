import WardenCore

/// Stage "throttle": one token bucket per (principal, tool) at the tool's rate limit, and one per tool
/// for all callers together at `toolWideFactor` times that limit. Both or neither are consumed.
public struct CallThrottle: Sendable {
    let limiter: RateLimiter
    let toolWideFactor: Int

    public init(limiter: RateLimiter = RateLimiter(), toolWideFactor: Int = 10) {
        self.limiter = limiter
        self.toolWideFactor = max(1, toolWideFactor)
    }

    /// - Throws: `rate_limited` with `details.retryAfterMs`.
    public func admit(_ principal: Principal, to tool: ServingTool, at now: ContinuousClock.Instant) throws {
        guard let limit = tool.definition.rateLimit else { return }
        let name = tool.definition.name
        let wide = ToolDefinition.RateLimit(requests: limit.requests.multipliedReportingOverflow(by: toolWideFactor).partialValue,
                                            perSeconds: limit.perSeconds)
        let decision = limiter.acquire(all: [(key: "p:\(principal.id)|t:\(name)", limit: limit), (key: "t:\(name)", limit: wide)],
                                       at: now)
        if case .limited(let wait) = decision {
            let ms = max(1, wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000)
            throw WardenError(.rateLimited, "\(name) allows \(limit.requests) calls per \(limit.perSeconds) s; retry in \(ms) ms",
                              details: ["retryAfterMs": String(ms)])
        }
    }
}
