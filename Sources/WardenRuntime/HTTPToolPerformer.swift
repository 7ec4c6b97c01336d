import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Tracing
import WardenCore

/// Calls an HTTP endpoint built from the tool's templates: URL, headers and JSON body filled from
/// the arguments, credentials injected where the definition names them. Redirects are not followed
/// (a redirect could carry credentials to another host).
public struct HTTPToolPerformer: ToolPerformer {
    let client: HTTPClient
    let maxResponseBytes: Int

    /// - Parameter client: a client configured without redirects; see ``makeClient()``.
    public init(client: HTTPClient, maxResponseBytes: Int = 4 * 1_048_576) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// One client for the whole process, configured by ``makeClient()``; it is never shut down (a global lives
    /// until exit), so every engine and test can share it.
    public static let sharedClient = makeClient()

    /// A client suited to tool calls: no redirects, bounded connection time, up to 64 keep-alive connections per
    /// upstream (the default 8 queues the calls of a busy upstream behind each other), and no per-request tracing
    /// spans (no tracer is configured; computing a span's attributes costs every call).
    public static func makeClient() -> HTTPClient {
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow)
        config.timeout.connect = .seconds(5)
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        config.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    /// The HTTP client's deadline is the tool's `timeoutMs`.
    public var enforcesTimeout: Bool { true }

    /// In a traced call the request is a client span `HTTP <method>`; its `traceparent` names that span.
    public func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult {
        guard let endpoint = tool.definition.provider.http else {
            throw WardenError(.internal, "\(tool.definition.name) has no HTTP endpoint configured")
        }
        return try await ClientSpan.run("HTTP \(endpoint.method)", attributes: Self.spanAttributes(endpoint)) {
            try await send(tool, endpoint: endpoint, arguments: arguments, credentials: credentials)
        }
    }

    /// `http.request.method` and the server of the URL template (not the rendered URL: it may hold arguments).
    static func spanAttributes(_ endpoint: ToolProvider.HTTPEndpoint) -> SpanAttributes {
        var attributes = ClientSpan.serverAttributes(of: endpoint.url)
        attributes["http.request.method"] = endpoint.method
        return attributes
    }

    private func send(_ tool: ServingTool, endpoint: ToolProvider.HTTPEndpoint, arguments: JSONValue,
                      credentials: [String: String]) async throws -> ToolResult {
        let template = ArgumentTemplate(arguments: arguments, credentials: credentials)
        var request = HTTPClientRequest(url: try template.render(endpoint.url, escaping: .urlComponent))
        request.method = HTTPMethod(rawValue: endpoint.method)
        for (name, value) in endpoint.headers ?? [:] {
            request.headers.add(name: name, value: try template.render(value, escaping: .headerValue))
        }
        if let body = endpoint.body, endpoint.method != "GET" {
            request.headers.replaceOrAdd(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try template.render(body).canonicalData))
        }
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        if let traceparent = ClientSpan.outboundTraceparent { request.headers.replaceOrAdd(name: "traceparent", value: traceparent) }

        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(tool.definition.timeoutMs)))
        } catch let e as HTTPClientError where e == .deadlineExceeded {
            throw WardenError(.timeout, "\(tool.definition.name) did not answer within \(tool.definition.timeoutMs) ms")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw WardenError(.upstreamUnavailable, "\(tool.definition.name)'s endpoint could not be reached")
        }
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: maxResponseBytes)
        } catch {
            throw WardenError(.upstreamRejected, "\(tool.definition.name)'s answer is larger than \(maxResponseBytes) bytes")
        }
        let status = response.status.code
        ClientSpan.recordResponse(status: Int(status))
        switch status {
        case 200..<300:
            let data = Data(body.readableBytesView)
            if let json = try? JSONValue(parsing: data), case .object = json {
                return ToolResult(structured: json)
            }
            return ToolResult(structuredContent: nil, text: String(decoding: data, as: UTF8.self))
        case 429, 500..<600:
            throw WardenError(.upstreamUnavailable, "\(tool.definition.name)'s endpoint answered HTTP \(status)")
        default:
            throw WardenError(.upstreamRejected, "\(tool.definition.name)'s endpoint refused the call with HTTP \(status)")
        }
    }
}
