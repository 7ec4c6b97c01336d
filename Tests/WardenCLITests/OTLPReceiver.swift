import Hummingbird
import Synchronization

/// A stand-in OpenTelemetry collector: accepts OTLP/HTTP trace exports (`POST /v1/traces`) on a loopback port and keeps
/// each request's content type and body.
final class OTLPReceiver: Sendable {
    struct Export: Sendable {
        let contentType: String
        let body: [UInt8]
    }

    private let received = Mutex<[Export]>([])

    /// The exports received so far.
    var exports: [Export] { received.withLock { $0 } }

    /// Runs a receiver while `body` runs with it and its base URL (`http://127.0.0.1:PORT`).
    static func run(_ body: (OTLPReceiver, String) async throws -> Void) async throws {
        let receiver = OTLPReceiver()
        let router = Router()
        router.post("/v1/traces") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 16 * 1_048_576)
            receiver.received.withLock {
                $0.append(Export(contentType: request.headers[.contentType] ?? "", body: Array(bytes.readableBytesView)))
            }
            // An empty ExportTraceServiceResponse: everything accepted.
            return Response(status: .ok, headers: [.contentType: "application/x-protobuf"])
        }
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { sink.yield($0.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { return }
            defer { group.cancelAll() }
            try await body(receiver, "http://127.0.0.1:\(port)")
        }
    }
}
