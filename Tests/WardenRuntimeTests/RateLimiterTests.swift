import Testing
import WardenCore
@testable import WardenRuntime

@Suite("Rate limiter")
struct RateLimiterTests {
    let t0 = ContinuousClock.now
    let fivePer10s = ToolDefinition.RateLimit(requests: 5, perSeconds: 10)

    @Test("a full bucket allows a burst of `requests`, then refuses with the time to the next token")
    func burstThenRefusal() {
        let limiter = RateLimiter()
        for _ in 0..<5 { #expect(limiter.acquire("tool:a", limit: fivePer10s, at: t0) == .allowed) }
        #expect(limiter.acquire("tool:a", limit: fivePer10s, at: t0) == .limited(retryAfter: .seconds(2)))
        #expect(limiter.acquire("tool:a", limit: fivePer10s, at: t0 + .milliseconds(500)) == .limited(retryAfter: .milliseconds(1500)))
    }

    @Test("tokens refill at requests/perSeconds and never beyond capacity")
    func refill() {
        let limiter = RateLimiter()
        for _ in 0..<5 { _ = limiter.acquire("k", limit: fivePer10s, at: t0) }
        #expect(limiter.acquire("k", limit: fivePer10s, at: t0 + .milliseconds(1999)) != .allowed)
        #expect(limiter.acquire("k", limit: fivePer10s, at: t0 + .seconds(2)) == .allowed)
        #expect(limiter.acquire("k", limit: fivePer10s, at: t0 + .seconds(2)) != .allowed)
        // An hour idle refills to 5, not 1800.
        let later = t0 + .seconds(3600)
        for _ in 0..<5 { #expect(limiter.acquire("k", limit: fivePer10s, at: later) == .allowed) }
        #expect(limiter.acquire("k", limit: fivePer10s, at: later) != .allowed)
    }

    @Test("a refused call consumes nothing, and waiting the advertised retry-after suffices")
    func retryAfterIsEnough() throws {
        let limiter = RateLimiter()
        let limit = ToolDefinition.RateLimit(requests: 3, perSeconds: 7)
        for _ in 0..<3 { _ = limiter.acquire("k", limit: limit, at: t0) }
        var now = t0
        for _ in 0..<10 {
            guard case .limited(let wait) = limiter.acquire("k", limit: limit, at: now) else {
                Issue.record("expected a refusal"); return
            }
            #expect(wait > .zero)
            now += wait
            #expect(limiter.acquire("k", limit: limit, at: now) == .allowed)
        }
    }

    @Test("keys are isolated")
    func isolation() {
        let limiter = RateLimiter()
        let one = ToolDefinition.RateLimit(requests: 1, perSeconds: 60)
        #expect(limiter.acquire("principal:p1|tool:a", limit: one, at: t0) == .allowed)
        #expect(limiter.acquire("principal:p1|tool:a", limit: one, at: t0) != .allowed)
        #expect(limiter.acquire("principal:p2|tool:a", limit: one, at: t0) == .allowed)
        #expect(limiter.acquire("principal:p1|tool:b", limit: one, at: t0) == .allowed)
    }

    @Test("acquire(all:) consumes from every bucket or from none")
    func allOrNone() {
        let limiter = RateLimiter()
        let tool = ToolDefinition.RateLimit(requests: 2, perSeconds: 60)
        let principal = ToolDefinition.RateLimit(requests: 10, perSeconds: 60)
        func both(_ p: String) -> [(key: String, limit: ToolDefinition.RateLimit)] {
            [(key: "tool:a", limit: tool), (key: "principal:\(p)|tool:a", limit: principal)]
        }
        #expect(limiter.acquire(all: both("p1"), at: t0) == .allowed)
        #expect(limiter.acquire(all: both("p2"), at: t0) == .allowed)
        // The tool bucket is empty: p1 is refused and keeps its 9 remaining tokens.
        #expect(limiter.acquire(all: both("p1"), at: t0) == .limited(retryAfter: .seconds(30)))
        for _ in 0..<9 { #expect(limiter.acquire("principal:p1|tool:a", limit: principal, at: t0) == .allowed) }
        #expect(limiter.acquire("principal:p1|tool:a", limit: principal, at: t0) != .allowed)
    }

    @Test("acquire(all:) reports the longest wait among the empty buckets")
    func allLongestWait() {
        let limiter = RateLimiter()
        let fast = ToolDefinition.RateLimit(requests: 1, perSeconds: 1)
        let slow = ToolDefinition.RateLimit(requests: 1, perSeconds: 60)
        #expect(limiter.acquire(all: [(key: "a", limit: fast), (key: "b", limit: slow)], at: t0) == .allowed)
        #expect(limiter.acquire(all: [(key: "a", limit: fast), (key: "b", limit: slow)], at: t0) == .limited(retryAfter: .seconds(60)))
    }

    @Test("a lowered limit applies at once")
    func loweredLimit() {
        let limiter = RateLimiter()
        #expect(limiter.acquire("k", limit: .init(requests: 100, perSeconds: 1), at: t0) == .allowed)
        #expect(limiter.acquire("k", limit: .init(requests: 1, perSeconds: 60), at: t0) == .allowed)
        #expect(limiter.acquire("k", limit: .init(requests: 1, perSeconds: 60), at: t0) != .allowed)
    }

    @Test("memory stays bounded: idle full buckets are evicted first, busy ones only when the table is saturated")
    func eviction() {
        let limiter = RateLimiter(maxKeys: 8)
        let limit = ToolDefinition.RateLimit(requests: 2, perSeconds: 10)
        for i in 0..<8 { _ = limiter.acquire("idle\(i)", limit: limit, at: t0) }
        #expect(limiter.count == 8)
        // 5 s later every bucket has refilled; a new key sweeps them all away.
        let later = t0 + .seconds(5)
        _ = limiter.acquire("busy", limit: limit, at: later)
        _ = limiter.acquire("busy", limit: limit, at: later)
        #expect(limiter.count == 1)
        #expect(limiter.acquire("busy", limit: limit, at: later) != .allowed, "the busy bucket was kept")
        for i in 0..<100 { _ = limiter.acquire("new\(i)", limit: limit, at: later) }
        #expect(limiter.count <= 8)
    }

    @Test("concurrent callers never get more than the capacity")
    func concurrency() async {
        let limiter = RateLimiter()
        let limit = ToolDefinition.RateLimit(requests: 100, perSeconds: 3600)
        let now = t0
        let allowed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var n = 0
                    for _ in 0..<50 where limiter.acquire("shared", limit: limit, at: now) == .allowed { n += 1 }
                    return n
                }
            }
            return await group.reduce(0, +)
        }
        #expect(allowed == 100)
    }
}
