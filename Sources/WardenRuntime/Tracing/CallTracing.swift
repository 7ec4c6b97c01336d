import Tracing
import WardenCore

/// The spans of governed calls: `tools/call <tool>` (kind server, parented on the caller's `traceparent` when there
/// is one) with a child span per stage. Without a tracer (none bootstrapped, the default) every method only runs its
/// body: no span, no allocation on the call path.
struct CallTracing: Sendable {
    /// nil when tracing is off.
    let tracer: (any Tracer)?

    /// - Parameter tracer: nil or a `NoOpTracer` turns tracing off.
    init(tracer: (any Tracer)?) {
        if let tracer, !(tracer is NoOpTracer) { self.tracer = tracer } else { self.tracer = nil }
    }

    /// Runs `body` inside the call's span. The call `body` gets carries the span's own trace context, so the audit
    /// event, ``TraceContext/current`` and the span agree on the trace id (a call without a caller's trace takes the
    /// id of the trace its span starts).
    func call<T>(_ call: GovernedCall, tool: ServingTool?, tracer: any Tracer,
                 _ body: (GovernedCall, any Span) async throws -> T) async throws -> T {
        let base = ServiceContext.current ?? .topLevel
        let parent = call.continuesCallerTrace ? TraceparentCarrier.context(continuing: call.trace, base: base, tracer: tracer) : base
        let span = tracer.startSpan(tool.map { "tools/call \($0.definition.name)" } ?? "tools/call", context: parent, ofKind: .server)
        defer { span.end() }
        span.updateAttributes { a in
            a["warden.tool.name"] = tool?.definition.name ?? String(call.toolName.prefix(64))
            if let tool { a["warden.tool.version"] = tool.definition.version.description }
            a["warden.principal"] = call.principal.id
            a["warden.request_id"] = call.requestID
            a["warden.transport"] = call.transport
        }
        var traced = call
        if let own = TraceparentCarrier.traceContext(of: span.context, tracer: tracer) { traced.trace = own }
        return try await ServiceContext.$current.withValue(span.context) { try await body(traced, span) }
    }

    /// Runs a synchronous stage inside a child span named `name`.
    func stage<T>(_ name: StaticString, _ body: () throws -> T) rethrows -> T {
        guard let tracer else { return try body() }
        let span = tracer.startSpan(name.description, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        defer { span.end() }
        do {
            return try ServiceContext.$current.withValue(span.context) { try body() }
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    /// Runs an asynchronous stage inside a child span named `name`.
    func stage<T>(_ name: StaticString, _ body: () async throws -> T) async rethrows -> T {
        guard let tracer else { return try await body() }
        let span = tracer.startSpan(name.description, context: ServiceContext.current ?? .topLevel, ofKind: .internal)
        defer { span.end() }
        do {
            return try await ServiceContext.$current.withValue(span.context) { try await body() }
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    /// The `perform` span: the tool's own work, with the tracer made available to the performer's client spans.
    func perform<T>(_ body: () async throws -> T) async rethrows -> T {
        guard let tracer else { return try await body() }
        return try await stage("perform") { try await ClientSpan.$tracer.withValue(tracer) { try await body() } }
    }
}
