import Synchronization
import Testing
import WardenCore
@testable import WardenRuntime

private final class Flag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}

@Suite("Timeout")
struct TimeoutTests {
    @Test("a fast operation returns its value")
    func fast() async throws {
        let value = try await withTimeout(.seconds(5)) { 42 }
        #expect(value == 42)
    }

    @Test("an operation returning nil is not mistaken for a timeout")
    func nilResult() async throws {
        let value: Int? = try await withTimeout(.seconds(5)) { nil }
        #expect(value == nil)
    }

    @Test("a slow operation fails with timeout and is cancelled")
    func slow() async throws {
        let cancelled = Flag()
        let start = ContinuousClock.now
        await #expect(throws: WardenError(.timeout, "the call did not finish within 50 ms", details: ["timeoutMs": "50"])) {
            try await withTimeout(.milliseconds(50)) { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.set()
                    throw error
                }
                return 1
            }
        }
        // The operation would sleep 30 s; finishing well before shows it was cut short. (Loose on purpose: on a
        // loaded 2-core machine the test's own scheduling can take seconds.)
        #expect(ContinuousClock.now - start < .seconds(29))
        #expect(cancelled.isSet)
    }

    @Test("the operation's own error passes through")
    func error() async {
        await #expect(throws: WardenError(.upstreamUnavailable, "down")) {
            try await withTimeout(.seconds(5)) { () async throws -> Int in throw WardenError(.upstreamUnavailable, "down") }
        }
    }

    @Test("racing the timer many times neither traps nor leaks the operation")
    func races() async {
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    do {
                        _ = try await withTimeout(.microseconds(500)) { () async throws -> Int in
                            try await Task.sleep(for: .microseconds(i % 2 == 0 ? 100 : 900))
                            return i
                        }
                        return true
                    } catch {
                        return (error as? WardenError)?.code == .timeout
                    }
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 200 && outcomes.allSatisfy { $0 })
    }
}
