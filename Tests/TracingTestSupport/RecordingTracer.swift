import Synchronization
import Tracing
import WardenCore

/// A tracer for tests: keeps every finished span in memory, propagates W3C `traceparent` like a real tracer, and is
/// passed to the code under test explicitly (`InstrumentationSystem.bootstrap` may happen once per process only).
public final class RecordingTracer: Tracer, Sendable {
    private let spans = Mutex<[RecordedSpan]>([])

    public init() {}

    /// The spans that ended, in the order they ended.
    public var finished: [RecordedSpan] { spans.withLock { $0 } }

    /// The finished span named `name`, if exactly one is.
    public func span(named name: String) -> RecordedSpan? {
        let matching = finished.filter { $0.operationName == name }
        return matching.count == 1 ? matching[0] : nil
    }

    func didEnd(_ span: RecordedSpan) { spans.withLock { $0.append(span) } }

    public func startSpan<Instant: TracerInstant>(_ operationName: String, context: @autoclosure () -> ServiceContext,
                                                  ofKind kind: SpanKind, at instant: @autoclosure () -> Instant,
                                                  function: String, file fileID: String, line: UInt) -> RecordedSpan {
        var context = context()
        let parent = context[RecordedSpanContext.Key.self]
        let own = RecordedSpanContext(traceID: parent?.traceID ?? TraceContext.random().traceID,
                                      spanID: TraceContext.random().spanID, isRemote: false)
        context[RecordedSpanContext.Key.self] = own
        return RecordedSpan(operationName: operationName, kind: kind, context: context, spanContext: own,
                            parentSpanID: parent?.spanID, tracer: self)
    }

    public func forceFlush() {}

    public func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        guard let header = extractor.extract(key: "traceparent", from: carrier), let trace = TraceContext(traceparent: header)
        else { return }
        context[RecordedSpanContext.Key.self] = RecordedSpanContext(traceID: trace.traceID, spanID: trace.spanID, isRemote: true)
    }

    public func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        guard let own = context[RecordedSpanContext.Key.self] else { return }
        injector.inject("00-\(own.traceID)-\(own.spanID)-01", forKey: "traceparent", into: &carrier)
    }
}

/// Which trace and span a ``RecordedSpan`` (or a caller's remote span) is.
public struct RecordedSpanContext: Sendable, Equatable {
    public let traceID: String
    public let spanID: String
    /// Extracted from a `traceparent`, not started here.
    public let isRemote: Bool

    enum Key: ServiceContextKey { typealias Value = RecordedSpanContext }
}
