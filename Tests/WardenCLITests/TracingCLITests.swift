import Foundation
import Testing
import WardenCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif


/// The raw bytes of a hex id, as OTLP's protobuf carries trace and span ids.
private func bytes(ofHex hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = hex.startIndex
    while i < hex.endIndex, let next = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex) {
        out.append(UInt8(hex[i..<next], radix: 16) ?? 0)
        i = next
    }
    return out
}

/// Whether `body` holds `needle` somewhere.
private func contains(_ body: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, body.count >= needle.count else { return false }
    return (0...(body.count - needle.count)).contains { body[$0..<($0 + needle.count)].elementsEqual(needle) }
}

/// Whether an OTLP/HTTP protobuf export of the call's spans (tool name, caller's trace id and span id) has arrived.
private func exported(_ receiver: OTLPReceiver, trace: TraceContext) -> Bool {
    receiver.exports.contains { export in
        export.contentType.hasPrefix("application/x-protobuf") && contains(export.body, Array("tools/call math.evaluate".utf8))
            && contains(export.body, bytes(ofHex: trace.traceID)) && contains(export.body, bytes(ofHex: trace.spanID))
    }
}

@Suite("warden serve: span export over OTLP/HTTP", .serialized)
struct TracingCLITests {
    @Test("a traced MCP call's spans reach the configured collector within seconds, in the caller's trace")
    func exportsWhileRunning() async throws {
        try await OTLPReceiver.run { receiver, collector in
            let server = try CLIHarness.startServer(config: "tracing:\n  otlpEndpoint: \(collector)\n  serviceName: warden-e2e\n",
                                                    environment: ["OTEL_BSP_SCHEDULE_DELAY": "200"])
            defer { server.stop() }
            let agent = try principal(server, "bot", role: "agent", kind: "agent")
            let trace = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
            #expect(await CLIHarness.callTool(server.url, key: agent, headers: ["traceparent": trace.traceparent]))
            var arrived = false
            for _ in 0..<100 where !arrived {
                try await Task.sleep(for: .milliseconds(100))
                arrived = exported(receiver, trace: trace)
            }
            #expect(arrived, "no export with the call's spans arrived; received \(receiver.exports.map { ($0.contentType, $0.body.count) })")
            #expect(receiver.exports.allSatisfy { contains($0.body, Array("warden-e2e".utf8)) }, "service.name is the configured one")
        }
    }

    @Test("spans not yet exported are flushed when the server stops")
    func flushesAtShutdown() async throws {
        try await OTLPReceiver.run { receiver, collector in
            // A batch delay far beyond the test: only the shutdown can send the spans.
            let server = try CLIHarness.startServer(config: "tracing:\n  otlpEndpoint: \(collector)\n",
                                                    environment: ["OTEL_BSP_SCHEDULE_DELAY": "600000"])
            defer { server.stop() }
            let agent = try principal(server, "bot", role: "agent", kind: "agent")
            let trace = try #require(TraceContext(traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"))
            #expect(await CLIHarness.callTool(server.url, key: agent, headers: ["traceparent": trace.traceparent]))
            try await Task.sleep(for: .milliseconds(300))
            #expect(!exported(receiver, trace: trace), "nothing is sent before the batch delay")
            server.process.terminate()
            for _ in 0..<150 where server.process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            #expect(!server.process.isRunning && server.process.terminationStatus == 0)
            #expect(exported(receiver, trace: trace), "the shutdown flushed the call's spans")
        }
    }
}
