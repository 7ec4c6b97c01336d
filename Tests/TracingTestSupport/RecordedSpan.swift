import Synchronization
import Tracing

/// A span of a ``RecordingTracer``: its name, kind, ids, parent, attributes and status, readable once it ended.
public final class RecordedSpan: Span, Sendable {
    public let kind: SpanKind
    public let context: ServiceContext
    public let spanContext: RecordedSpanContext
    /// The span id of the parent (local or the caller's remote span); nil for a root span.
    public let parentSpanID: String?
    private let tracer: RecordingTracer
    private let state: Mutex<State>

    private struct State {
        var operationName: String
        var attributes: SpanAttributes = [:]
        var status: SpanStatus?
        var events: [String] = []
        var ended = false
    }

    init(operationName: String, kind: SpanKind, context: ServiceContext, spanContext: RecordedSpanContext, parentSpanID: String?,
         tracer: RecordingTracer) {
        self.kind = kind
        self.context = context
        self.spanContext = spanContext
        self.parentSpanID = parentSpanID
        self.tracer = tracer
        self.state = Mutex(State(operationName: operationName))
    }

    public var traceID: String { spanContext.traceID }
    public var spanID: String { spanContext.spanID }
    public var status: SpanStatus? { state.withLock { $0.status } }
    /// The names of the events added (errors recorded through `recordError` included).
    public var events: [String] { state.withLock { $0.events } }

    /// A string attribute's value.
    public func string(_ key: String) -> String? {
        guard case .string(let s)? = attributes.get(key) else { return nil }
        return s
    }

    /// An integer attribute's value.
    public func int(_ key: String) -> Int? {
        switch attributes.get(key) {
        case .int64(let i)?: return Int(i)
        case .int32(let i)?: return Int(i)
        default: return nil
        }
    }

    public var operationName: String {
        get { state.withLock { $0.operationName } }
        set { state.withLock { $0.operationName = newValue } }
    }

    public var attributes: SpanAttributes {
        get { state.withLock { $0.attributes } }
        set { state.withLock { $0.attributes = newValue } }
    }

    public var isRecording: Bool { !state.withLock { $0.ended } }

    public func setStatus(_ status: SpanStatus) { state.withLock { $0.status = status } }

    public func addEvent(_ event: SpanEvent) { state.withLock { $0.events.append(event.name) } }

    public func recordError<Instant: TracerInstant>(_ error: any Error, attributes: SpanAttributes, at instant: @autoclosure () -> Instant) {
        state.withLock { $0.events.append("exception") }
    }

    public func addLink(_ link: SpanLink) {}

    public func end<Instant: TracerInstant>(at instant: @autoclosure () -> Instant) {
        let first = state.withLock { s in
            defer { s.ended = true }
            return !s.ended
        }
        if first { tracer.didEnd(self) }
    }
}
