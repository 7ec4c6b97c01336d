import CoreMetrics
import Synchronization
import WardenCore

/// The pipeline's metrics: calls by outcome, errors by code, rate-limit refusals and latency, per tool.
/// Metric objects are made once per (tool, outcome or code) and cached, so a call allocates none.
public final class CallMetrics: Sendable {
    /// Names of the metrics, as Prometheus shows them.
    public enum Name {
        public static let calls = "warden_tool_calls_total"
        public static let errors = "warden_tool_errors_total"
        public static let rateLimited = "warden_rate_limited_total"
        public static let duration = "warden_tool_call_duration_seconds"
    }

    private let factory: any MetricsFactory
    /// The last hour per tool and minute, for the console's plots.
    public let history = CallHistory()
    private let counters = Mutex<[CounterKey: Counter]>([:])
    private let timers = Mutex<[String: Timer]>([:])

    private struct CounterKey: Hashable {
        var name: String
        var tool: String
        var label: String
    }

    /// Metrics made by `factory` (the Prometheus factory of the server; no-op by default).
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
    }

    /// Records one finished call. `tool` is the served tool's name, or `unknown` for a call to no served tool
    /// (so a caller cannot create unbounded label values).
    func record(tool: String, outcome: String, error: WardenError.Code?, latency: Duration) {
        counter(Name.calls, tool: tool, label: "outcome", value: outcome).increment()
        if let error {
            counter(Name.errors, tool: tool, label: "code", value: error.rawValue).increment()
            if error == .rateLimited { counter(Name.rateLimited, tool: tool, label: "", value: "").increment() }
        }
        let (seconds, attoseconds) = latency.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        timer(tool: tool).recordNanoseconds(nanoseconds)
        history.record(tool: tool, failed: outcome != "success", latencyNanoseconds: nanoseconds)
    }

    private func counter(_ name: String, tool: String, label: String, value: String) -> Counter {
        let key = CounterKey(name: name, tool: tool, label: value)
        if let c = counters.withLock({ $0[key] }) { return c }
        var dimensions = [("tool", tool)]
        if !label.isEmpty { dimensions.append((label, value)) }
        let made = Counter(label: name, dimensions: dimensions, factory: factory)
        return counters.withLock { table in
            if let c = table[key] { return c }
            table[key] = made
            return made
        }
    }

    private func timer(tool: String) -> Timer {
        if let t = timers.withLock({ $0[tool] }) { return t }
        let made = Timer(label: Name.duration, dimensions: [("tool", tool)], preferredDisplayUnit: .seconds, factory: factory)
        return timers.withLock { table in
            if let t = table[tool] { return t }
            table[tool] = made
            return made
        }
    }
}
