import WardenRuntime

/// The settings shared by every call of an ``A2AClient``; per-target settings are on ``A2ATarget``.
public struct A2AClientConfiguration: Sendable, Equatable {
    /// Attempts and backoff of one HTTP exchange after transient failures (the target's timeout bounds it all).
    public var retry: RetryPolicy
    /// The thresholds of each target's circuit breaker.
    public var breaker: CircuitBreaker.Configuration
    /// How long to wait between `GetTask` polls of a task that is still submitted or working.
    public var pollInterval: Duration
    /// The largest answer body read, in bytes; a larger one is `upstream_rejected`.
    public var maxResponseBytes: Int
    /// The most characters of a peer's error message quoted in a Warden error.
    public var maxQuotedMessage: Int
    /// Ask the agent to answer as soon as the task exists (`returnImmediately`, 0.3 `blocking: false`); the client
    /// then polls it. Off by default: the agent answers when the task ends.
    public var returnImmediately: Bool
    /// `acceptedOutputModes` of each message.
    public var acceptedOutputModes: [String]

    public init(retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100), maxDelay: .seconds(2)),
                breaker: CircuitBreaker.Configuration = .init(), pollInterval: Duration = .milliseconds(250),
                maxResponseBytes: Int = 4 << 20, maxQuotedMessage: Int = 200, returnImmediately: Bool = false,
                acceptedOutputModes: [String] = ["application/json", "text/plain"]) {
        self.retry = retry
        self.breaker = breaker
        self.pollInterval = max(.milliseconds(10), pollInterval)
        self.maxResponseBytes = max(1024, maxResponseBytes)
        self.maxQuotedMessage = max(0, maxQuotedMessage)
        self.returnImmediately = returnImmediately
        self.acceptedOutputModes = acceptedOutputModes
    }
}
