import Testing
import WardenCore

@Suite("W3C trace context")
struct TraceContextTests {
    @Test func parsesAndFormatsTheSpecificationsExample() throws {
        let t = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(t.traceID == "4bf92f3577b34da6a3ce929d0e0e4736" && t.spanID == "00f067aa0ba902b7" && t.flags == 1)
        #expect(t.traceparent == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        let child = t.child()
        #expect(child.traceID == t.traceID && child.spanID != t.spanID && child.spanID.count == 16)
        // A future version with extra fields is read for what version 00 defines.
        #expect(TraceContext(traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra")?.flags == 0)
    }

    @Test("malformed traceparent values start a new trace", arguments: [
        "", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
    ])
    func malformed(_ header: String) {
        #expect(TraceContext(traceparent: header) == nil)
    }

    @Test func randomTracesAreWellFormedAndDistinct() {
        let a = TraceContext.random(), b = TraceContext.random()
        #expect(TraceContext(traceparent: a.traceparent) == a)
        #expect(a.traceID != b.traceID && a.traceID.count == 32)
    }
}
