import Tracing
import WardenCore

/// The client span of a request Warden sends further, to an HTTP tool's endpoint or an upstream MCP server.
///
/// While a traced call is performed the pipeline makes its tracer available; a performer wraps its outbound work in
/// ``run(_:attributes:_:)`` and its HTTP requests carry ``outboundTraceparent``, which names the client span, so a
/// collector shows Warden's hop inside the caller's trace. Untraced (no tracer, the default) no span is made and a
/// request carries a fresh child of ``TraceContext/current``.
public struct ClientSpan: Sendable {
    let span: any Span
    /// The `traceparent` naming this span, as the tracer propagates it.
    let traceparent: String?

    /// The tracer of the call being performed; set by the pipeline around `perform` when tracing is on.
    @TaskLocal static var tracer: (any Tracer)?
    /// The innermost client span of the running task.
    @TaskLocal static var current: ClientSpan?

    /// The `traceparent` for an outbound request: the current client span's, else a child of the call's trace,
    /// else none (a request outside any call, such as the drift monitor's listings).
    public static var outboundTraceparent: String? {
        if let tp = current?.traceparent { return tp }
        return TraceContext.current?.child().traceparent
    }

    /// Records the HTTP status of the response on the current client span (a call of several exchanges keeps the last).
    public static func recordResponse(status: Int) {
        current?.span.attributes["http.response.status_code"] = status
    }

    /// Runs `body` inside a client span named `name` when the call is traced; otherwise only runs it.
    /// - Parameter attributes: the span's attributes (`server.address` and the like); never argument values,
    ///   outputs or credentials.
    public static func run<T>(_ name: @autoclosure () -> String, attributes: @autoclosure () -> SpanAttributes,
                              _ body: () async throws -> T) async throws -> T {
        guard let tracer else { return try await body() }
        let span = tracer.startSpan(name(), context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        let extra = attributes()
        span.updateAttributes { $0.merge(extra) }
        let client = ClientSpan(span: span, traceparent: TraceparentCarrier.traceContext(of: span.context, tracer: tracer)?.traceparent)
        do {
            return try await ServiceContext.$current.withValue(span.context) {
                try await $current.withValue(client) { try await body() }
            }
        } catch {
            span.recordFailure(error)
            throw error
        }
    }

    /// The `server.address` and `server.port` attributes of `url` (none when its authority is templated).
    public static func serverAttributes(of url: String) -> SpanAttributes { ServerAddress.attributes(of: url) }
}
