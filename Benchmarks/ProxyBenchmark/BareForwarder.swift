import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import HTTPTypes

/// The floor for any proxy: a Hummingbird route that forwards each POST body and the MCP headers to the upstream with
/// the same shared HTTP client Warden uses, and returns the upstream's answer. No authentication, validation, rate
/// limits, audit or metrics. Warden measured against it shows what governance costs; measured against the direct
/// call, what the second hop costs on top.
enum BareForwarder {
    static let forwardedHeaders = ["Content-Type", "Accept", "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name"]

    /// Starts the forwarder on 127.0.0.1 at an ephemeral port and returns the port once it listens.
    static func start(upstreamURL: String, client: HTTPClient, logger: Logger) async throws -> Int {
        let router = Router()
        router.post("/mcp") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1_048_576)
            var forward = HTTPClientRequest(url: upstreamURL)
            forward.method = .POST
            for name in forwardedHeaders {
                if let field = HTTPField.Name(name), let value = request.headers[field] {
                    forward.headers.add(name: name, value: value)
                }
            }
            forward.body = .bytes(body)
            let answer = try await client.execute(forward, timeout: .seconds(10))
            let bytes = try await answer.body.collect(upTo: 1_048_576)
            return Response(status: .init(code: Int(answer.status.code)), headers: [.contentType: "application/json"],
                            body: ResponseBody(byteBuffer: bytes))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "bare-forwarder"),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        Task {
            do { try await app.runService(gracefulShutdownSignals: []) } catch { logger.error("forwarder stopped: \(error)") }
            continuation.finish()
        }
        for await port in ports where port > 0 { return port }
        throw BenchmarkError("the bare forwarder did not start")
    }
}
