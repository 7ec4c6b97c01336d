import Foundation
import WardenCore
import WardenStore

/// The one path every tool call takes, whatever its transport:
/// identify (done by the transport) → authorize → validate input → throttle → guard → perform →
/// validate output → record. Transports translate their wire format to a ``GovernedCall`` and the
/// result or `WardenError` back; they decide nothing.
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

    /// - Parameters:
    ///   - audit: where each call's audit event goes (group commit; a call returns after its event is durable).
    ///   - payloadCipher: when given, each call's input and output are sealed into the secure payload log.
    public init(registry: ToolRegistry, audit: AuditWriter, secrets: any SecretsProvider,
                performers: [ToolProvider.Kind: any ToolPerformer], throttle: CallThrottle = CallThrottle(),
                guard guardStage: CallGuard = CallGuard(), clock: any WallClock = SystemWallClock(),
                metrics: CallMetrics = CallMetrics(), payloadCipher: AuditPayloadCipher? = nil) {
        self.registry = registry
        self.throttle = throttle
        self.guardStage = guardStage
        self.secrets = secrets
        self.performers = performers
        self.recorder = CallRecorder(audit: audit, clock: clock, payloadCipher: payloadCipher)
        self.metrics = metrics
    }

    /// The serving tools `principal` may call.
    public func tools(for principal: Principal) -> [ServingTool] {
        registry.tools().filter { CallAuthorizer.allows(principal, $0) }
    }

    /// Runs a call through every stage and records it.
    /// - Throws: `WardenError`: `tool_inactive`, `forbidden`, `invalid_input`, `rate_limited`, `circuit_open`,
    ///   `timeout`, `upstream_unavailable`, `upstream_rejected`, `invalid_output`. Never a credential value.
    public func call(_ call: GovernedCall) async throws -> ToolResult {
        let started = ContinuousClock.now
        let tool = registry.tool(named: call.toolName)
        do {
            let result = try await run(call, tool: tool, started: started)
            try await recorder.record(call, tool: tool, started: started, result: .success(result))
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: result.isError ? "tool_error" : "success",
                           error: nil, latency: ContinuousClock.now - started)
            return result
        } catch let error as WardenError {
            try? await recorder.record(call, tool: tool, started: started, result: .failure(error))
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: CallRecorder.outcome(of: error).rawValue,
                           error: error.code, latency: ContinuousClock.now - started)
            throw error
        } catch is CancellationError {
            let error = WardenError(.timeout, "the call was cancelled")
            try? await recorder.record(call, tool: tool, started: started, result: .failure(error))
            metrics.record(tool: tool?.definition.name ?? "unknown", outcome: "failed", error: error.code,
                           latency: ContinuousClock.now - started)
            throw error
        }
    }

    private func run(_ call: GovernedCall, tool: ServingTool?, started: ContinuousClock.Instant) async throws -> ToolResult {
        guard let tool else {
            throw WardenError(.toolInactive, "no active tool is named '\(call.toolName.prefix(64))'; tools/list shows what you may call")
        }
        try CallAuthorizer.authorize(call.principal, for: tool)
        try SchemaCheck.input(call.arguments, for: tool)
        try throttle.admit(call.principal, to: tool, at: started)
        let credentials = try resolveCredentials(of: tool)
        guard let performer = performers[tool.definition.provider.kind] else {
            throw WardenError(.upstreamUnavailable, "this Warden cannot perform \(tool.definition.provider.kind.rawValue) tools yet")
        }
        let redactor = SecretRedactor(values: Array(credentials.values))
        let arguments = call.arguments
        do {
            // Performers that call further (HTTP tools, upstream MCP servers) pass a child of this trace on.
            let result = try await TraceContext.$current.withValue(call.trace) {
                try await guardStage.run(tool, timed: performer.enforcesTimeout) {
                    try await performer.perform(tool, arguments: arguments, credentials: credentials)
                }
            }
            let clean = redactor.isEmpty
                ? result
                : ToolResult(structuredContent: result.structuredContent.map(redactor.redact), text: redactor.redact(result.text),
                             content: result.content.map { $0.map(redactor.redact) }, isError: result.isError)
            try SchemaCheck.output(clean, for: tool)
            return clean
        } catch let e as WardenError {
            throw redactor.redact(e)
        }
    }

    private func resolveCredentials(of tool: ServingTool) throws -> [String: String] {
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
