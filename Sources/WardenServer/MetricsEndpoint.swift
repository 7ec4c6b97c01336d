import Foundation
import Hummingbird
import Prometheus
import WardenA2A
import WardenRuntime

/// `GET /metrics`: the Prometheus text exposition of the pipeline's metrics and of each upstream's circuit state.
struct MetricsEndpoint: Sendable {
    let registry: PrometheusCollectorRegistry
    let pipeline: InvocationPipeline

    /// Circuit states as gauge values: closed 0, half-open 1, open 2.
    static func value(of state: CircuitBreaker.State) -> Double {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }

    func register(on router: Router<WardenRequestContext>) {
        router.get("/metrics") { _, _ -> Response in
            for (upstream, state) in pipeline.breakers.states(at: .now) {
                registry.makeGauge(name: "warden_circuit_state", labels: [("upstream", upstream)],
                                   help: "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open").set(to: Self.value(of: state))
            }
            if let a2a = pipeline.performer(for: .a2a) as? A2AToolPerformer {
                // The A2A client keeps a breaker per agent; they share the gauge, with the agent as upstream `a2a:NAME`.
                for (agent, state) in a2a.client.breakers.states(at: .now) {
                    registry.makeGauge(name: "warden_circuit_state", labels: [("upstream", "a2a:\(agent)")],
                                       help: "Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open").set(to: Self.value(of: state))
                }
            }
            let now = Date()
            for tool in pipeline.registry.tools() {
                guard let due = tool.record.reviewDueAt else { continue }
                registry.makeGauge(name: "warden_tool_review_overdue_days", labels: [("tool", tool.definition.name)],
                                   help: "Days a serving tool's periodic review is overdue (0: not overdue)")
                    .set(to: max(0, now.timeIntervalSince(due) / 86_400).rounded(.down))
            }
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
    }
}
