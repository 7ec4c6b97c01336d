import Foundation

/// A W3C Trace Context (`traceparent`): which trace a call belongs to and which span called it. Warden accepts it
/// from callers, starts a new trace when there is none, passes a child on to upstream MCP servers and HTTP tools,
/// and records the trace id in every call's audit event.
public struct TraceContext: Sendable, Equatable {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero: the span this context names.
    public let spanID: String
    /// The trace flags (bit 0: sampled).
    public let flags: UInt8

    /// The context of the task that is running, when a transport set one.
    @TaskLocal public static var current: TraceContext?

    /// Parses a `traceparent` header (`00-<trace id>-<parent id>-<flags>`); nil when it is malformed, as the
    /// specification says to treat it (a new trace is started instead).
    public init?(traceparent: String) {
        let parts = traceparent.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, let version = UInt8(parts[0], radix: 16), version != 0xFF,
              version != 0 || parts.count == 4,
              Self.isHex(parts[1], 32), Self.isHex(parts[2], 16), parts[3].count == 2, let flags = UInt8(parts[3], radix: 16),
              parts[1].contains(where: { $0 != "0" }), parts[2].contains(where: { $0 != "0" })
        else { return nil }
        traceID = String(parts[1])
        spanID = String(parts[2])
        self.flags = flags
    }

    init(traceID: String, spanID: String, flags: UInt8) {
        self.traceID = traceID
        self.spanID = spanID
        self.flags = flags
    }

    /// A new trace (sampled), for a call that came without one.
    public static func random() -> TraceContext {
        TraceContext(traceID: randomHex(bytes: 16), spanID: randomHex(bytes: 8), flags: 1)
    }

    /// The same trace with a new span id: what Warden passes on when it calls further.
    public func child() -> TraceContext { TraceContext(traceID: traceID, spanID: Self.randomHex(bytes: 8), flags: flags) }

    /// The `traceparent` header value.
    public var traceparent: String {
        let f = String(flags, radix: 16)
        return "00-\(traceID)-\(spanID)-\(f.count == 1 ? "0" + f : f)"
    }

    static func isHex(_ s: Substring, _ count: Int) -> Bool {
        s.utf8.count == count && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    static func randomHex(bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(bytes)
        while out.count < bytes {
            withUnsafeBytes(of: g.next() as UInt64) { out.append(contentsOf: $0.prefix(bytes - out.count)) }
        }
        // Never all zero (invalid per the specification); the chance is 2^-64 at worst, but cheap to rule out.
        if out.allSatisfy({ $0 == 0 }) { out[out.count - 1] = 1 }
        return out.hexString
    }
}
