import Foundation
import Hummingbird
import Logging
import NIOCore
import WardenCore

/// A minimal upstream MCP server (2026-07-28, stateless, JSON answers only) with one tool, `echo`, which
/// returns its `text` argument. It answers `server/discover`, `tools/list` and `tools/call`; notifications get 202.
enum EchoUpstream {
    /// The upstream name of the tool.
    static let toolName = "echo"

    /// The `tools/list` entry of `echo`.
    static let listing: JSONValue = [
        "name": "echo",
        "description": "Returns its text argument.",
        "inputSchema": [
            "type": "object",
            "properties": ["text": ["type": "string", "maxLength": 100]],
            "additionalProperties": false,
        ],
    ]

    static let serverInfo: JSONValue = ["name": "echo-upstream", "version": "1.0.0"]

    /// Starts the server on 127.0.0.1 at an ephemeral port and returns the port once it listens.
    /// The server runs until the process ends.
    static func start(logger: Logger) async throws -> Int {
        let router = Router()
        router.post("/mcp") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1_048_576)
            return answer(body)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router,
                              configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "echo-upstream"),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
                              logger: logger)
        Task {
            do { try await app.runService(gracefulShutdownSignals: []) } catch { logger.error("upstream stopped: \(error)") }
            continuation.finish()
        }
        for await port in ports where port > 0 { return port }
        throw BenchmarkError("the upstream MCP server did not start")
    }

    /// The HTTP response to one POSTed JSON-RPC message.
    static func answer(_ body: ByteBuffer) -> Response {
        guard let message = try? JSONValue(parsing: Data(body.readableBytesView)),
              let method = message["method"]?.stringValue else {
            return json(status: .badRequest, ["jsonrpc": "2.0", "id": .null,
                                              "error": ["code": -32700, "message": "Parse error"]])
        }
        guard let id = message["id"] else { return Response(status: .accepted) }  // a notification
        let result: JSONValue
        switch method {
        case "server/discover":
            result = ["supportedVersions": ["2026-07-28"], "capabilities": ["tools": [:]],
                      "resultType": "complete", "_meta": ["io.modelcontextprotocol/serverInfo": serverInfo]]
        case "tools/list":
            result = ["tools": [listing], "resultType": "complete"]
        case "tools/call":
            let text = message["params"]?["arguments"]?["text"]?.stringValue ?? ""
            result = ["content": [["type": "text", "text": .string(text)]], "isError": false, "resultType": "complete"]
        default:
            return json(status: .ok, ["jsonrpc": "2.0", "id": id,
                                      "error": ["code": -32601, "message": .string("Method not found: \(method.prefix(64))")]])
        }
        return json(status: .ok, ["jsonrpc": "2.0", "id": id, "result": result])
    }

    static func json(status: HTTPResponse.Status, _ value: JSONValue) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.canonicalData)))
    }
}

/// A failure of the benchmark's own setup.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
