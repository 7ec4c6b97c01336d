/// The figures of a load test: percentiles of the latencies of the calls that answered, error rate and timeouts.
public struct LatencySummary: Sendable, Codable, Equatable {
    public var calls: Int
    public var concurrency: Int
    public var failures: Int
    public var timeouts: Int
    public var p50Ms: Double
    public var p95Ms: Double
    public var p99Ms: Double
    public var maxMs: Double
    /// Wall-clock time of the whole run.
    public var elapsedMs: Double

    public var errorRate: Double { calls == 0 ? 0 : Double(failures) / Double(calls) }

    /// Summarizes the latencies of every call (failed ones included: a slow failure is slow too).
    /// Percentiles are nearest-rank: the smallest latency with at least p % of the calls at or below it.
    public init(latenciesMs: [Double], concurrency: Int, failures: Int, timeouts: Int, elapsedMs: Double) {
        let sorted = latenciesMs.sorted()
        func rank(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let i = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(max(i, 0), sorted.count - 1)]
        }
        calls = sorted.count
        self.concurrency = concurrency
        self.failures = failures
        self.timeouts = timeouts
        p50Ms = rank(50)
        p95Ms = rank(95)
        p99Ms = rank(99)
        maxMs = sorted.last ?? 0
        self.elapsedMs = elapsedMs
    }

    /// The findings of these figures against `objective`: always the figures (info), then a finding per missed
    /// percentile and one for the error rate (any failure counts when no maximum is declared).
    public func findings(against objective: LatencyObjective?) -> [CheckFinding] {
        func ms(_ v: Double) -> String { v < 10 ? String(format2: v) : String(Int(v.rounded())) }
        var out = [CheckFinding(code: .loadFigures, severity: .info,
                                title: "\(calls) calls at concurrency \(concurrency): p50 \(ms(p50Ms)) ms, p95 \(ms(p95Ms)) ms, p99 \(ms(p99Ms)) ms",
                                detail: "max \(ms(maxMs)) ms; \(failures) failed (\(timeouts) timed out); run took \(ms(elapsedMs)) ms",
                                pointer: "/loadTest")]
        for (name, measured, target) in [("p50", p50Ms, objective?.p50Ms), ("p95", p95Ms, objective?.p95Ms), ("p99", p99Ms, objective?.p99Ms)] {
            guard let target, measured > target else { continue }
            out.append(CheckFinding(code: .loadLatencyObjectiveMissed, severity: .high,
                                    title: "\(name) latency \(ms(measured)) ms is above the objective of \(ms(target)) ms",
                                    detail: "Make the tool faster, or declare an objective it meets so callers and the board know what to expect.",
                                    pointer: "/latencyObjective/\(name)Ms"))
        }
        let allowed = objective?.maxErrorRate ?? 0
        if failures > 0, errorRate > allowed {
            out.append(CheckFinding(code: .loadErrorRate, severity: .high,
                                    title: "\(failures) of \(calls) calls failed (\(percent(errorRate))), above the allowed \(percent(allowed))",
                                    detail: "\(timeouts) of them timed out. Look at the tool's audit events (action tool.review_call) for the error codes.",
                                    pointer: objective?.maxErrorRate == nil ? "/loadTest" : "/latencyObjective/maxErrorRate"))
        }
        return out
    }

    private func percent(_ r: Double) -> String { String(format2: r * 100) + " %" }
}

extension String {
    /// `v` with two decimals, without Foundation's locale-dependent formatting.
    init(format2 v: Double) {
        let hundredths = Int((v * 100).rounded())
        let frac = abs(hundredths % 100)
        self = "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
