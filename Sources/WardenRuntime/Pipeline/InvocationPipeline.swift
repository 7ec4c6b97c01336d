import Foundation
import Tracing
import WardenCore
import WardenStore

/// The one path every tool call takes, whatever its transport:
/// identify (done by the transport) → authorize → validate input → throttle → guard → perform →
/// validate output → record. Transports translate their wire format to a ``GovernedCall`` and the
/// result or `WardenError` back; they decide nothing.
///
/// With a tracer each call is a span `tools/call <tool>` with a child span per stage (see ``CallTracing``).
public final class InvocationPipeline: Sendable {
    public let registry: ToolRegistry
    let throttle: CallThrottle
    let guardStage: CallGuard
    let secrets: any SecretsProvider
    let performers: [ToolProvider.Kind: any ToolPerformer]
    let recorder: CallRecorder
    /// Counters and latency per tool.
    public let metrics: CallMetrics
    /// The circuit breakers per upstream, for the metrics endpoint.
    public var breakers: CircuitBreakers { guardStage.breakers }
    let tracing: CallTracing

    /// - Parameters:
    ///   - audit: where each call's audit event goes (group commit; a call returns after its event is durable).
    ///   - payloadCipher: when given, each call's input and output are sealed into the secure payload log.
    ///   - tracer: where the calls' spans go; none (or the `NoOpTracer` of an unbootstrapped `InstrumentationSystem`)
    ///     makes no spans.
    public init(registry: ToolRegistry, audit: AuditWriter, secrets: any SecretsProvider,
                performers: [ToolProvider.Kind: any ToolPerformer], throttle: CallThrottle = CallThrottle(),
                guard guardStage: CallGuard = CallGuard(), clock: any WallClock = SystemWallClock(),
                metrics: CallMetrics = CallMetrics(), payloadCipher: AuditPayloadCipher? = nil,
                tracer: (any Tracer)? = InstrumentationSystem.tracer) {
        self.registry = registry
        self.throttle = throttle
        self.guardStage = guardStage
        self.secrets = secrets
        self.performers = performers
        self.recorder = CallRecorder(audit: audit, clock: clock, payloadCipher: payloadCipher)
        self.metrics = metrics
        self.tracing = CallTracing(tracer: tracer)
    }

    /// The performer of `kind`'s tools, for what it exposes beyond calls (the A2A performer's breakers per agent).
    public func performer(for kind: ToolProvider.Kind) -> (any ToolPerformer)? { performers[kind] }

    /// The serving tools `principal` may call.
    public func tools(for principal: Principal) -> [ServingTool] {
        registry.tools().filter { CallAuthorizer.allows(principal, $0) }
    }

    /// Runs a call through every stage and records it.
    /// - Throws: `WardenError`: `tool_inactive`, `forbidden`, `invalid_input`, `rate_limited`, `circuit_open`,
    ///   `timeout`, `upstream_unavailable`, `upstream_rejected`, `invalid_output`. Never a credential value.
    public func call(_ call: GovernedCall) async throws -> ToolResult {
        let tool = registry.tool(named: call.toolName)
        guard let tracer = tracing.tracer else { return try await govern(call, tool: tool, span: nil) }
        return try await tracing.call(call, tool: tool, tracer: tracer) { traced, span in
            try await govern(traced, tool: tool, span: span)
        }
    }

    private func govern(_ call: GovernedCall, tool: ServingTool?, span: (any Span)?) async throws -> ToolResult {
        let started = ContinuousClock.now
        do {
            let result = try await run(call, tool: tool, started: started)
            try await tracing.stage("record") { try await recorder.record(call, tool: tool, started: started, result: .success(result)) }
            let outcome = result.isError ? "tool_error" : "success"
            span?.attributes["warden.outcome"] = outcome
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: outcome, error: nil, latency: ContinuousClock.now - started)
            return result
        } catch let error as WardenError {
            try? await tracing.stage("record") { try await recorder.record(call, tool: tool, started: started, result: .failure(error)) }
            let outcome = CallRecorder.outcome(of: error).rawValue
            span?.attributes["warden.outcome"] = outcome
            span?.recordFailure(error)
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: outcome, error: error.code,
                           latency: ContinuousClock.now - started)
            throw error
        } catch is CancellationError {
            let error = WardenError(.timeout, "the call was cancelled")
            try? await tracing.stage("record") { try await recorder.record(call, tool: tool, started: started, result: .failure(error)) }
            span?.attributes["warden.outcome"] = "failed"
            span?.recordFailure(error)
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: "failed", error: error.code,
                           latency: ContinuousClock.now - started)
            throw error
        }
    }

    private func run(_ call: GovernedCall, tool: ServingTool?, started: ContinuousClock.Instant) async throws -> ToolResult {
        guard let tool else {
            throw WardenError(.toolInactive, "no active tool is named '\(call.toolName.prefix(64))'; tools/list shows what you may call")
        }
        try tracing.stage("authorize") { try CallAuthorizer.authorize(call.principal, for: tool) }
        try tracing.stage("validate input") { try SchemaCheck.input(call.arguments, for: tool) }
        try tracing.stage("throttle") { try throttle.admit(call.principal, to: tool, at: started) }
        let credentials = try resolveCredentials(of: tool)
        guard let performer = performers[tool.definition.provider.kind] else {
            throw WardenError(.upstreamUnavailable, "this Warden cannot perform \(tool.definition.provider.kind.rawValue) tools yet")
        }
        let redactor = SecretRedactor(values: Array(credentials.values))
        let arguments = call.arguments
        let tracing = self.tracing
        let guardStage = self.guardStage
        do {
            // Performers that call further (HTTP tools, upstream MCP servers) pass this trace on.
            let result = try await TraceContext.$current.withValue(call.trace) {
                try await tracing.stage("guard") {
                    guard performer.guardsItself else {
                        return try await guardStage.run(tool, timed: performer.enforcesTimeout) {
                            try await tracing.perform { try await performer.perform(tool, arguments: arguments, credentials: credentials) }
                        }
                    }
                    // Only self-guarded performers (A2A) read the call; binding it costs the other calls nothing.
                    return try await GovernedCall.$current.withValue(call) {
                        try await guardStage.run(tool, timed: performer.enforcesTimeout, selfGuarded: true) {
                            try await tracing.perform { try await performer.perform(tool, arguments: arguments, credentials: credentials) }
                        }
                    }
                }
            }
            let clean = redactor.isEmpty
                ? result
                : ToolResult(structuredContent: result.structuredContent.map(redactor.redact), text: redactor.redact(result.text),
                             content: result.content.map { $0.map(redactor.redact) }, isError: result.isError)
            try tracing.stage("validate output") { try SchemaCheck.output(clean, for: tool) }
            return clean
        } catch let e as WardenError {
            let refusal = redactor.redact(e)
            guard let fallback = tool.definition.provider.fallbackTool, call.fallbackFor == nil, Self.fallsBack(refusal) else { throw refusal }
            // The fallback is a call of its own: authorized, validated, throttled and recorded as any other; its answer
            // must still fit this tool's output schema.
            var nested = GovernedCall(principal: call.principal, toolName: fallback, arguments: call.arguments, requestID: call.requestID,
                                      transport: call.transport, trace: call.trace)
            nested.fallbackFor = tool.definition.name
            var answer = try await self.call(nested)
            answer.fallback = fallback
            try tracing.stage("validate output") { try SchemaCheck.output(answer, for: tool) }
            return answer
        }
    }

    /// Whether a provider's failure lets the call fall back: it could not answer (unavailable, open circuit, rate
    /// limited, too slow) or policy kept the data from it. A refusal of the input itself would fail the same way again.
    public static func fallsBack(_ e: WardenError) -> Bool {
        switch e.code {
        case .upstreamUnavailable, .circuitOpen, .rateLimited, .timeout, .policyViolation: true
        default: false
        }
    }

    func resolveCredentials(of tool: ServingTool) throws -> [String: String] {
        var out: [String: String] = [:]
        for name in tool.definition.requiredCredentials {
            guard let s = secrets.secret(named: name) else {
                throw WardenError(.upstreamUnavailable, "\(tool.definition.name) cannot run: its credential \(name) is not configured")
            }
            out[name] = s.reveal()
        }
        return out
    }
}
