import WardenCore

/// Runs `op`, giving up after `duration`.
///
/// The operation runs in a child task beside a timer; whichever finishes first decides, and the other is
/// cancelled. Cancellation is cooperative: an operation that ignores it delays the return until it
/// ends, though its result is then discarded. Cancelling the calling task cancels `op` too.
/// - Throws: `WardenError(.timeout)` (with `details["timeoutMs"]`) when `duration` passes first;
///   otherwise whatever `op` throws.
public func withTimeout<T: Sendable>(_ duration: Duration,
                                     _ op: @Sendable () async throws -> T) async throws -> T {
    // The group waits for both child tasks before it returns, so `op` never outlives this call.
    try await withoutActuallyEscaping(op) { op in
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await op() }
            group.addTask {
                try await Task.sleep(for: duration)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            let ms = CircuitBreaker.milliseconds(duration)
            throw WardenError(.timeout, "the call did not finish within \(ms) ms", details: ["timeoutMs": String(ms)])
        }
    }
}
