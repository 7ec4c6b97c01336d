/// The service level a proposal promises: latency percentiles in milliseconds and the share of calls that may fail.
/// The load check measures against it; unset parts are not judged.
public struct LatencyObjective: Sendable, Codable, Equatable {
    public var p50Ms: Double?
    public var p95Ms: Double?
    public var p99Ms: Double?
    /// The highest acceptable share of failed calls, 0 to 1 (errors and timeouts; a tool's own `isError` counts too).
    public var maxErrorRate: Double?

    public init(p50Ms: Double? = nil, p95Ms: Double? = nil, p99Ms: Double? = nil, maxErrorRate: Double? = nil) {
        self.p50Ms = p50Ms
        self.p95Ms = p95Ms
        self.p99Ms = p99Ms
        self.maxErrorRate = maxErrorRate
    }

    func problems() -> [String] {
        var out: [String] = []
        for (name, v) in [("p50Ms", p50Ms), ("p95Ms", p95Ms), ("p99Ms", p99Ms)] {
            if let v, !(v > 0 && v <= 600_000) { out.append("latencyObjective.\(name): must be above 0 and at most 600000") }
        }
        if let r = maxErrorRate, !(0...1).contains(r) { out.append("latencyObjective.maxErrorRate: must be between 0 and 1") }
        if p50Ms == nil, p95Ms == nil, p99Ms == nil, maxErrorRate == nil {
            out.append("latencyObjective: state at least one of p50Ms, p95Ms, p99Ms, maxErrorRate")
        }
        return out
    }
}
