import Testing
import WardenCore
@testable import WardenRuntime

@Suite("Circuit breaker")
struct CircuitBreakerTests {
    let t0 = ContinuousClock.now
    let config = CircuitBreaker.Configuration(failureThreshold: 3, coolDown: .seconds(10), halfOpenProbes: 1)

    func refusal(_ breaker: CircuitBreaker, at now: ContinuousClock.Instant) -> WardenError? {
        do {
            try breaker.permit(at: now)
            return nil
        } catch {
            return error
        }
    }

    @Test("closed → open after N consecutive failures; a success in between resets the count")
    func opens() throws {
        let b = CircuitBreaker(upstream: "api.example.com", configuration: config)
        #expect(b.state == .closed)
        b.recordFailure(at: t0); b.recordFailure(at: t0)
        b.recordSuccess(at: t0)
        b.recordFailure(at: t0); b.recordFailure(at: t0)
        #expect(b.state == .closed)
        try b.permit(at: t0)
        b.recordFailure(at: t0)
        #expect(b.state == .open)
        let e = try #require(refusal(b, at: t0 + .seconds(4)))
        #expect(e.code == .circuitOpen)
        #expect(e.details["retryAfterMs"] == "6000")
        #expect(e.details["upstream"] == "api.example.com")
    }

    @Test("open → half-open after the cool-down; a successful probe closes")
    func probeSuccessCloses() throws {
        let b = CircuitBreaker(upstream: "u", configuration: config)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        #expect(refusal(b, at: t0 + .milliseconds(9999)) != nil)
        #expect(b.state(at: t0 + .seconds(10)) == .halfOpen)
        try b.permit(at: t0 + .seconds(10))
        #expect(b.state == .halfOpen)
        // Only one probe at a time.
        #expect(refusal(b, at: t0 + .seconds(10))?.code == .circuitOpen)
        b.recordSuccess(at: t0 + .seconds(11))
        #expect(b.state == .closed)
        try b.permit(at: t0 + .seconds(11))
        try b.permit(at: t0 + .seconds(11))
    }

    @Test("half-open → open when the probe fails, for another full cool-down")
    func probeFailureReopens() throws {
        let b = CircuitBreaker(upstream: "u", configuration: config)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        try b.permit(at: t0 + .seconds(10))
        b.recordFailure(at: t0 + .seconds(12))
        #expect(b.state == .open)
        #expect(refusal(b, at: t0 + .seconds(21))?.details["retryAfterMs"] == "1000")
        try b.permit(at: t0 + .seconds(22))
        #expect(b.state == .halfOpen)
    }

    @Test("a probe that never reports back stops holding its slot after a cool-down")
    func lostProbe() throws {
        let b = CircuitBreaker(upstream: "u", configuration: config)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        try b.permit(at: t0 + .seconds(10))
        #expect(refusal(b, at: t0 + .seconds(15)) != nil)
        try b.permit(at: t0 + .seconds(20))
    }

    @Test("several probes when configured")
    func severalProbes() throws {
        let b = CircuitBreaker(upstream: "u", configuration: .init(failureThreshold: 1, coolDown: .seconds(1), halfOpenProbes: 2))
        b.recordFailure(at: t0)
        try b.permit(at: t0 + .seconds(1))
        try b.permit(at: t0 + .seconds(1))
        #expect(refusal(b, at: t0 + .seconds(1)) != nil)
    }

    @Test("the registry hands out one breaker per upstream and lists their states")
    func registry() throws {
        let breakers = CircuitBreakers(configuration: config)
        #expect(breakers.breaker(for: "a") === breakers.breaker(for: "a"))
        for _ in 0..<3 { breakers.breaker(for: "b").recordFailure(at: t0) }
        _ = breakers.breaker(for: "c")
        let states = breakers.states(at: t0)
        #expect(states.map(\.upstream) == ["a", "b", "c"])
        #expect(states.map(\.state) == [.closed, .open, .closed])
        #expect(breakers.states(at: t0 + .seconds(10)).map(\.state) == [.closed, .halfOpen, .closed])
        breakers.remove("b")
        #expect(breakers.states(at: t0).map(\.upstream) == ["a", "c"])
    }
}
