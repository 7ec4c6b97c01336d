import Tracing
import WardenCore

/// A `traceparent` header as the carrier a tracer's propagator reads and writes: how Warden hands a caller's
/// ``TraceContext`` to whatever tracer is in use, and reads a span's own context back, without knowing the tracer.
enum TraceparentCarrier {
    struct Reader: Extractor {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key.lowercased()] }
    }

    struct Writer: Injector {
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key.lowercased()] = value }
    }

    /// `base` with `trace` as its remote parent, as `tracer` understands it.
    static func context(continuing trace: TraceContext, base: ServiceContext, tracer: any Tracer) -> ServiceContext {
        var context = base
        tracer.extract(["traceparent": trace.traceparent], into: &context, using: Reader())
        return context
    }

    /// The trace context `tracer` would propagate for a span's `context`; nil when it propagates none.
    static func traceContext(of context: ServiceContext, tracer: any Tracer) -> TraceContext? {
        var carrier: [String: String] = [:]
        tracer.inject(context, into: &carrier, using: Writer())
        return carrier["traceparent"].flatMap(TraceContext.init(traceparent:))
    }
}
