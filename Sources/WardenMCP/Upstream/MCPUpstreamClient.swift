import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WardenCore
import WardenRuntime

/// A client of one upstream MCP server over Streamable HTTP.
///
/// It speaks the stateless 2026-07-28 revision when the upstream answers `server/discover` (every request then
/// carries `_meta` with the protocol version and client capabilities, and the `MCP-Protocol-Version`, `Mcp-Method`
/// and `Mcp-Name` headers); otherwise it falls back to the `initialize` handshake (2025-11-25 or the version the
/// server answers), sends `notifications/initialized` and carries `Mcp-Session-Id` and `MCP-Protocol-Version`
/// afterwards, initializing again once when the session has expired (HTTP 404).
///
/// Answers may be a JSON body or an SSE stream; the stream is read until the response with the request's id.
/// Bodies are bounded by `maxResponseBytes`. Credentials: a bearer token passed to a call is sent as
/// `Authorization: Bearer <token>` and never appears in errors.
public actor MCPUpstreamClient: MCPUpstreamConnection {
    /// The negotiated protocol era.
    public enum Mode: Sendable, Equatable {
        /// 2026-07-28 and later: no session, metadata on every request.
        case stateless(version: String)
        /// The `initialize` handshake: a session (when the server gives one) and a version.
        case session(id: String?, version: String)
    }

    /// The MCP endpoint, e.g. `http://127.0.0.1:8000/mcp`.
    public nonisolated let url: String
    let client: HTTPClient
    let maxResponseBytes: Int
    private var mode: Mode?
    private var nextID = 1

    /// - Parameters:
    ///   - url: the MCP endpoint.
    ///   - client: an HTTP client (configured without redirects, like `HTTPToolPerformer.sharedClient`).
    ///   - maxResponseBytes: the largest answer read, 4 MiB by default.
    public init(url: String, client: HTTPClient, maxResponseBytes: Int = 4 * 1_048_576) {
        self.url = url
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    /// The negotiated mode, nil before the first request.
    public var negotiatedMode: Mode? { mode }

    /// Lists the tools, following `nextCursor` (at most 100 pages).
    public func listTools(bearer: String?) async throws -> [JSONValue] {
        var tools: [JSONValue] = []
        var cursor: String?
        for _ in 0..<100 {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let result = try await send(method: "tools/list", name: nil, params: params, bearer: bearer, timeout: .seconds(30))
            tools += result["tools"]?.arrayValue ?? []
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        return tools
    }

    /// Calls a tool; `timeout` bounds the whole exchange.
    public func callTool(name: String, arguments: JSONValue, bearer: String?, timeout: Duration) async throws -> MCPUpstreamCallResult {
        let result = try await send(method: "tools/call", name: name, params: ["name": .string(name), "arguments": arguments],
                                    bearer: bearer, timeout: timeout)
        return MCPUpstreamCallResult.parse(result)
    }

    // MARK: requests

    /// Sends a request in the negotiated mode (negotiating first when needed) and returns its result.
    func send(method: String, name: String?, params: JSONValue, bearer: String?, timeout: Duration) async throws -> JSONValue {
        do {
            return try await sendOnce(method: method, name: name, params: params, bearer: bearer, timeout: timeout)
        } catch is SessionExpired {
            // The upstream forgot the session: initialize again, once.
            do {
                return try await sendOnce(method: method, name: name, params: params, bearer: bearer, timeout: timeout)
            } catch is SessionExpired {
                mode = nil
                throw WardenError(.upstreamUnavailable, "the upstream MCP server lost its session again during \(method)")
            }
        }
    }

    private func sendOnce(method: String, name: String?, params: JSONValue, bearer: String?, timeout: Duration) async throws -> JSONValue {
        let current = try await negotiated(bearer: bearer)
        do {
            return try await request(method: method, name: name, params: params, mode: current, bearer: bearer, timeout: timeout)
        } catch is SessionExpired {
            if mode == current { mode = nil }
            throw SessionExpired()
        }
    }

    private struct SessionExpired: Error {}

    /// JSON-RPC error codes only modern (2026-07-28 and later) servers send: HeaderMismatch,
    /// MissingRequiredClientCapability, UnsupportedProtocolVersion.
    static let modernErrorCodes: Set<String> = ["-32020", "-32021", "-32022"]

    private func negotiated(bearer: String?) async throws -> Mode {
        if let mode { return mode }
        let found = try await negotiate(bearer: bearer)
        mode = found
        return found
    }

    private func negotiate(bearer: String?) async throws -> Mode {
        let modern = Mode.stateless(version: UpstreamJSONRPC.modernVersion)
        do {
            let discovered = try await request(method: "server/discover", name: nil, params: [:], mode: modern, bearer: bearer,
                                               timeout: .seconds(15))
            let supported = discovered["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if supported.contains(UpstreamJSONRPC.modernVersion) { return modern }
        } catch let e as WardenError where e.code == .upstreamRejected {
            // A modern server explains its refusal with a modern error (header mismatch, missing capability,
            // unsupported version): falling back would not help. Anything else (an empty 4xx, method not found)
            // means an older server: fall back to the handshake below.
            if let code = e.details["jsonrpcCode"], Self.modernErrorCodes.contains(code) { throw e }
        } catch is SessionExpired {
            // A 404 to the probe: an older server, or no such endpoint; the handshake will tell.
        }
        return try await initialize(bearer: bearer)
    }

    private func initialize(bearer: String?) async throws -> Mode {
        let params: JSONValue = ["protocolVersion": .string(UpstreamJSONRPC.legacyVersion), "capabilities": [:],
                                 "clientInfo": UpstreamJSONRPC.clientInfo]
        let (result, headers) = try await exchange(method: "initialize", name: nil,
                                                   body: UpstreamJSONRPC.request(id: takeID(), method: "initialize", params: params),
                                                   mode: nil, bearer: bearer, timeout: .seconds(15))
        let version = result?["protocolVersion"]?.stringValue ?? UpstreamJSONRPC.legacyVersion
        let session = headers.first(name: "Mcp-Session-Id")
        let mode = Mode.session(id: session, version: version)
        _ = try await exchange(method: "notifications/initialized", name: nil,
                               body: UpstreamJSONRPC.notification(method: "notifications/initialized"), mode: mode, bearer: bearer,
                               timeout: .seconds(15))
        return mode
    }

    private func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    private func request(method: String, name: String?, params: JSONValue, mode: Mode, bearer: String?,
                         timeout: Duration) async throws -> JSONValue {
        var p = params.objectValue ?? [:]
        if case .stateless(let version) = mode {
            var meta = p["_meta"]?.objectValue ?? [:]
            meta["io.modelcontextprotocol/protocolVersion"] = .string(version)
            meta["io.modelcontextprotocol/clientCapabilities"] = [:]
            meta["io.modelcontextprotocol/clientInfo"] = UpstreamJSONRPC.clientInfo
            p["_meta"] = .object(meta)
        }
        let (result, _) = try await exchange(method: method, name: name,
                                             body: UpstreamJSONRPC.request(id: takeID(), method: method, params: .object(p)),
                                             mode: mode, bearer: bearer, timeout: timeout)
        guard let result else { throw WardenError(.upstreamRejected, "the upstream MCP server sent no answer to \(method)") }
        return result
    }

    /// POSTs one message; for a request, returns the matching response's result (nil for a notification).
    private func exchange(method: String, name: String?, body: JSONValue, mode: Mode?, bearer: String?,
                          timeout: Duration) async throws -> (JSONValue?, HTTPHeaders) {
        var req = HTTPClientRequest(url: url)
        req.method = .POST
        req.headers.add(name: "Content-Type", value: "application/json")
        req.headers.add(name: "Accept", value: "application/json, text/event-stream")
        switch mode {
        case .stateless(let version)?:
            req.headers.add(name: "MCP-Protocol-Version", value: version)
            req.headers.add(name: "Mcp-Method", value: method)
            if let name { req.headers.add(name: "Mcp-Name", value: name) }
        case .session(let id, let version)?:
            req.headers.add(name: "MCP-Protocol-Version", value: version)
            if let id { req.headers.add(name: "Mcp-Session-Id", value: id) }
        case nil:
            break
        }
        if let bearer, !bearer.isEmpty { req.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let traceparent = ClientSpan.outboundTraceparent { req.headers.add(name: "traceparent", value: traceparent) }
        req.body = .bytes(ByteBuffer(bytes: body.canonicalData))
        let id = body["id"]?.numberValue.flatMap { Int($0.description) }
        let secrets = bearer.map { [$0] } ?? []

        let response: HTTPClientResponse
        do {
            response = try await client.execute(req, timeout: TimeAmount.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                                                                                      + timeout.components.attoseconds / 1_000_000_000))
        } catch let e as HTTPClientError where e == .deadlineExceeded {
            throw WardenError(.timeout, "the upstream MCP server did not answer \(method) in time")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw WardenError(.upstreamUnavailable, "the upstream MCP server could not be reached")
        }
        let status = response.status.code
        ClientSpan.recordResponse(status: Int(status))
        var hasSession = false
        if case .session(let sid?, _) = mode, !sid.isEmpty { hasSession = true }
        switch status {
        case 200..<300:
            break
        case 404 where hasSession:
            throw SessionExpired()
        case 429, 500..<600:
            throw WardenError(.upstreamUnavailable, "the upstream MCP server answered HTTP \(status) to \(method)")
        default:
            // A modern server explains a 4xx with a JSON-RPC error; pass its message on when there is one.
            let data = try? await response.body.collect(upTo: 65_536)
            if let data, let json = try? JSONValue(parsing: data.readableBytesView), json["error"] != nil {
                _ = try UpstreamJSONRPC.result(of: json, method: method, redacting: secrets)
            }
            throw WardenError(.upstreamRejected, "the upstream MCP server refused \(method) with HTTP \(status)")
        }
        guard let id else { return (nil, response.headers) } // a notification: 202, no body
        let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if contentType.hasPrefix("text/event-stream") {
            var parser = SSEParser()
            var total = 0
            do {
                for try await chunk in response.body {
                    total += chunk.readableBytes
                    guard total <= maxResponseBytes else {
                        throw WardenError(.upstreamRejected, "the upstream MCP server's answer to \(method) is larger than \(maxResponseBytes) bytes")
                    }
                    for event in parser.feed(chunk.readableBytesView) where event.event == nil || event.event == "message" {
                        guard let message = try? JSONValue.parse(event.data) else { continue }
                        if UpstreamJSONRPC.isResponse(message, to: id) {
                            return (try UpstreamJSONRPC.result(of: message, method: method, redacting: secrets), response.headers)
                        }
                    }
                }
            } catch let e as WardenError {
                throw e
            } catch let e as HTTPClientError where e == .deadlineExceeded {
                throw WardenError(.timeout, "the upstream MCP server did not answer \(method) in time")
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw WardenError(.upstreamUnavailable, "the upstream MCP server's stream broke off during \(method)")
            }
            throw WardenError(.upstreamUnavailable, "the upstream MCP server's stream ended without an answer to \(method)")
        }
        let data: ByteBuffer
        do {
            data = try await response.body.collect(upTo: maxResponseBytes)
        } catch is NIOTooManyBytesError {
            throw WardenError(.upstreamRejected, "the upstream MCP server's answer to \(method) is larger than \(maxResponseBytes) bytes")
        } catch {
            throw WardenError(.upstreamUnavailable, "the upstream MCP server's answer to \(method) broke off")
        }
        guard let message = try? JSONValue(parsing: data.readableBytesView) else {
            throw WardenError(.upstreamRejected, "the upstream MCP server's answer to \(method) is not JSON")
        }
        // A batch is not expected, but take the matching response from one.
        let candidates = message.arrayValue ?? [message]
        guard let match = candidates.first(where: { UpstreamJSONRPC.isResponse($0, to: id) }) else {
            throw WardenError(.upstreamRejected, "the upstream MCP server's answer to \(method) has no response with the request's id")
        }
        return (try UpstreamJSONRPC.result(of: match, method: method, redacting: secrets), response.headers)
    }
}
