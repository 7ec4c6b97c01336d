import Synchronization
import Testing
import WardenCore
@testable import WardenRuntime

/// A deterministic generator (SplitMix64), so delays are reproducible.
private struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Counts attempts and records the requested sleeps.
private final class Attempts: Sendable {
    private let state = Mutex<(count: Int, sleeps: [Duration])>((0, []))
    var count: Int { state.withLock { $0.count } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    func attempt() -> Int { state.withLock { $0.count += 1; return $0.count } }
    func sleep(_ d: Duration) { state.withLock { $0.sleeps.append(d) } }
}

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

    @Test("transient errors", arguments: [
        (WardenError.Code.upstreamUnavailable, true), (.timeout, true), (.rateLimited, true),
        (.invalidInput, false), (.forbidden, false), (.upstreamRejected, false), (.circuitOpen, false),
        (.notFound, false), (.internal, false), (.unauthenticated, false),
    ])
    func transient(code: WardenError.Code, expected: Bool) {
        #expect(RetryPolicy.isTransient(WardenError(code, "x")) == expected)
    }

    @Test("delays stay within 0...min(cap, base·2^(n-1)) and vary")
    func delayBounds() {
        var random = SeededRandom(state: 42)
        let expectedCeilings: [Duration] = [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                                            .seconds(1), .seconds(1)]
        for (i, ceiling) in expectedCeilings.enumerated() {
            #expect(policy.ceiling(afterAttempt: i + 1) == ceiling)
            var seen = Set<Duration>()
            for _ in 0..<200 {
                let d = policy.delay(afterAttempt: i + 1, random: &random)
                #expect(d >= .zero && d <= ceiling)
                seen.insert(d)
            }
            #expect(seen.count > 100, "full jitter spreads the delays")
        }
        #expect(policy.ceiling(afterAttempt: 10_000) == .seconds(1), "no overflow for absurd attempt numbers")
    }

    @Test("a non-idempotent call runs exactly once, even on a transient error")
    func notIdempotent() async {
        let attempts = Attempts()
        await #expect(throws: WardenError.self) {
            try await policy.run(idempotent: false, sleep: { attempts.sleep($0) }) { () async throws -> Int in
                _ = attempts.attempt()
                throw WardenError(.upstreamUnavailable, "down")
            }
        }
        #expect(attempts.count == 1)
        #expect(attempts.sleeps.isEmpty)
    }

    @Test("transient errors are retried until success")
    func retriesUntilSuccess() async throws {
        let attempts = Attempts()
        var random = SeededRandom(state: 7)
        let value = try await policy.run(idempotent: true, random: &random, sleep: { attempts.sleep($0) }) { () async throws -> String in
            if attempts.attempt() < 3 { throw WardenError(.timeout, "slow") }
            return "ok"
        }
        #expect(value == "ok")
        #expect(attempts.count == 3)
        #expect(attempts.sleeps.count == 2)
        #expect(attempts.sleeps[0] <= .milliseconds(100) && attempts.sleeps[1] <= .milliseconds(200))
    }

    @Test("retries stop at maxAttempts and the last error is thrown")
    func stopsAtMax() async {
        let attempts = Attempts()
        await #expect(throws: WardenError(.upstreamUnavailable, "down 4")) {
            try await policy.run(idempotent: true, sleep: { attempts.sleep($0) }) { () async throws -> Int in
                throw WardenError(.upstreamUnavailable, "down \(attempts.attempt())")
            }
        }
        #expect(attempts.count == 4)
        #expect(attempts.sleeps.count == 3)
    }

    @Test("permanent errors and foreign errors are not retried", arguments: [
        WardenError(.invalidInput, "bad"), WardenError(.upstreamRejected, "400"), WardenError(.circuitOpen, "open"),
    ])
    func permanent(error: WardenError) async {
        let attempts = Attempts()
        await #expect(throws: error) {
            try await policy.run(idempotent: true, sleep: { attempts.sleep($0) }) { () async throws -> Int in
                _ = attempts.attempt()
                throw error
            }
        }
        #expect(attempts.count == 1)
    }

    @Test("errors other than WardenError are not retried")
    func foreign() async {
        struct Other: Error {}
        let attempts = Attempts()
        await #expect(throws: Other.self) {
            try await policy.run(idempotent: true, sleep: { attempts.sleep($0) }) { () async throws -> Int in
                _ = attempts.attempt()
                throw Other()
            }
        }
        #expect(attempts.count == 1)
    }

    @Test("an upstream's retryAfterMs is honoured, and not waited out when longer than maxDelay")
    func retryAfter() async throws {
        let attempts = Attempts()
        let value = try await policy.run(idempotent: true, sleep: { attempts.sleep($0) }) { () async throws -> Int in
            if attempts.attempt() == 1 { throw WardenError(.rateLimited, "slow down", details: ["retryAfterMs": "700"]) }
            return 1
        }
        #expect(value == 1)
        #expect(attempts.sleeps == [.milliseconds(700)])

        let again = Attempts()
        await #expect(throws: WardenError.self) {
            try await policy.run(idempotent: true, sleep: { again.sleep($0) }) { () async throws -> Int in
                _ = again.attempt()
                throw WardenError(.rateLimited, "slow down", details: ["retryAfterMs": "60000"])
            }
        }
        #expect(again.count == 1)
    }

    @Test("a policy of one attempt never retries")
    func never() async {
        let attempts = Attempts()
        await #expect(throws: WardenError.self) {
            try await RetryPolicy.never.run(idempotent: true, sleep: { attempts.sleep($0) }) { () async throws -> Int in
                _ = attempts.attempt()
                throw WardenError(.timeout, "slow")
            }
        }
        #expect(attempts.count == 1)
    }
}
