import Foundation
import Synchronization
import WardenCore
import WardenRuntime

/// Warden's MCP server for the Streamable HTTP transport, independent of any HTTP library: it answers one
/// ``MCPHTTPRequest`` at a time with an ``MCPHTTPResponse``.
///
/// It speaks both eras of MCP, chosen per request:
/// - **2026-07-28 (stateless)**: every request carries its protocol version and client capabilities in `_meta`;
///   the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers must match the body; `server/discover`,
///   `tools/list`, `tools/call`, `subscriptions/listen`.
/// - **2024-11-05 to 2025-11-25 (handshake)**: `initialize` opens a session (`Mcp-Session-Id`); `ping`,
///   `tools/list`, `tools/call`; GET opens a notification stream; DELETE ends the session.
///
/// The transport decides no policy: every call goes through the engine's ``InvocationPipeline``.
public final class MCPServer: Sendable {
    /// Settings of the endpoint.
    public struct Options: Sendable {
        /// Largest request body accepted, in bytes (larger → 413).
        public var maxBodyBytes: Int
        /// Allowed browser origins.
        public var origins: MCPOriginPolicy
        /// Most handshake-era sessions held at once.
        public var maxSessions: Int
        /// `ttlMs` of `tools/list` results (2026-07-28).
        public var toolsListTTLMs: Int
        public var serverName: String
        public var serverVersion: String
        /// How often an idle event stream gets an SSE comment, so a client that went away is noticed and released.
        public var keepAliveInterval: Duration
        /// Most event streams (`subscriptions/listen`, GET) one principal may hold open at once.
        public var maxStreamsPerPrincipal: Int

        public init(maxBodyBytes: Int = 1_048_576, origins: MCPOriginPolicy = MCPOriginPolicy(), maxSessions: Int = 10_000,
                    toolsListTTLMs: Int = 60_000, serverName: String = "Warden", serverVersion: String = "0.1.0",
                    keepAliveInterval: Duration = .seconds(15), maxStreamsPerPrincipal: Int = 16) {
            self.keepAliveInterval = keepAliveInterval
            self.maxStreamsPerPrincipal = maxStreamsPerPrincipal
            self.maxBodyBytes = maxBodyBytes
            self.origins = origins
            self.maxSessions = maxSessions
            self.toolsListTTLMs = toolsListTTLMs
            self.serverName = serverName
            self.serverVersion = serverVersion
        }
    }

    static let protocolVersionMeta = "io.modelcontextprotocol/protocolVersion"
    static let clientCapabilitiesMeta = "io.modelcontextprotocol/clientCapabilities"
    static let serverInfoMeta = "io.modelcontextprotocol/serverInfo"
    static let subscriptionIDMeta = "io.modelcontextprotocol/subscriptionId"
    static let instructions = "Warden governs these tools: each call is authorized, validated, rate limited and audited. "
        + "A refused call returns isError with Warden's reason; _meta[\"io.warden/errorCode\"] holds its stable code."

    public let engine: WardenEngine
    public let options: Options
    /// The handshake-era sessions.
    public let sessions: MCPSessionTable
    private struct OpenStream: Sendable {
        let continuation: AsyncStream<Data>.Continuation
        /// What to send when the server closes the stream (the graceful `subscriptions/listen` result).
        let farewell: Data?
        let principalID: String
        /// The handshake-era session of a GET stream; DELETE of the session ends it.
        let sessionID: String?
    }
    private let streams = Mutex<[UUID: OpenStream]>([:])

    public init(engine: WardenEngine, options: Options = Options()) {
        self.engine = engine
        self.options = options
        self.sessions = MCPSessionTable(capacity: options.maxSessions)
    }

    private var serverInfo: JSONValue { .object(["name": .string(options.serverName), "version": .string(options.serverVersion)]) }

    // MARK: - Entry points

    /// The 403 response for a request whose `Origin` is not allowed, or nil when it may proceed. Transports call
    /// this before authenticating; ``handle(_:)`` checks it again.
    public func originRejection(headers: [String: String]) -> MCPHTTPResponse? {
        guard !options.origins.allows(headers["origin"]) else { return nil }
        return .error(403, JSONRPCError(.invalidRequest, "Forbidden: this Origin may not call the MCP endpoint"))
    }

    /// Answers one request.
    public func handle(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        if let rejected = originRejection(headers: request.headers) { return rejected }
        switch request.method.uppercased() {
        case "POST": return await post(request)
        case "GET": return get(request)
        case "DELETE": return delete(request)
        default:
            return .error(405, JSONRPCError(.invalidRequest, "Method Not Allowed: use POST, GET or DELETE"),
                          headers: [("Allow", "GET, POST, DELETE")])
        }
    }

    /// Ends every open event stream (a `subscriptions/listen` stream gets its graceful result first), e.g. at shutdown.
    public func closeStreams() {
        let open = streams.withLock { s in
            defer { s.removeAll() }
            return Array(s.values)
        }
        for o in open {
            if let f = o.farewell { o.continuation.yield(f) }
            o.continuation.finish()
        }
    }

    /// How many event streams are open.
    public var openStreamCount: Int { streams.withLock { $0.count } }

    // MARK: - POST

    private func post(_ request: MCPHTTPRequest) async -> MCPHTTPResponse {
        guard request.body.count <= options.maxBodyBytes else {
            return .error(413, JSONRPCError(.invalidRequest, "Payload Too Large: the body exceeds \(options.maxBodyBytes) bytes"))
        }
        let message: JSONRPCMessage
        do {
            message = try JSONRPCMessage.parse(request.body)
        } catch {
            return .error(400, error)
        }
        switch message {
        case .response:
            return MCPHTTPResponse(status: 202)
        case .notification:
            if let sid = request.headers["mcp-session-id"],
               sessions.session(sid, principalID: request.principal.id) == nil {
                return .error(404, JSONRPCError(.sessionNotFound, "Session not found: initialize again"))
            }
            return MCPHTTPResponse(status: 202)
        case .request(let id, let method, let params):
            let meta = params?["_meta"]
            if method == "initialize" {
                return initialize(id: id, params: params, request: request)
            }
            if meta?[Self.protocolVersionMeta] != nil {
                return await stateless(id: id, method: method, params: params, request: request)
            }
            if let sid = request.headers["mcp-session-id"] {
                return await handshake(id: id, method: method, params: params, sessionID: sid, request: request)
            }
            if let v = request.headers["mcp-protocol-version"], !MCPProtocolVersion.handshake.contains(v) {
                return await stateless(id: id, method: method, params: params, request: request)
            }
            return .error(400, JSONRPCError(.invalidRequest,
                "Bad Request: no Mcp-Session-Id header; call initialize first, or send the 2026-07-28 _meta envelope", id: id))
        }
    }

    // MARK: - 2026-07-28, stateless

    private func stateless(id: JSONValue, method: String, params: JSONValue?, request: MCPHTTPRequest) async -> MCPHTTPResponse {
        // 1. The envelope.
        guard let meta = params?["_meta"]?.objectValue, let version = meta[Self.protocolVersionMeta],
              meta[Self.clientCapabilitiesMeta] != nil else {
            return .error(400, JSONRPCError(.invalidParams,
                "Invalid params: params._meta must carry \(Self.protocolVersionMeta) and \(Self.clientCapabilitiesMeta)", id: id))
        }
        // 2. Headers against the body.
        let h = request.headers
        guard let headerVersion = h["mcp-protocol-version"], .string(headerVersion) == version else {
            return .error(400, JSONRPCError(.headerMismatch,
                "Header mismatch: MCP-Protocol-Version does not match params._meta's protocol version", id: id))
        }
        guard h["mcp-method"] == method else {
            return .error(400, JSONRPCError(.headerMismatch, "Header mismatch: Mcp-Method does not match the body's method", id: id))
        }
        if method == "tools/call", let name = params?["name"]?.stringValue,
           Self.decodeHeaderValue(h["mcp-name"]) != name {
            return .error(400, JSONRPCError(.headerMismatch, "Header mismatch: Mcp-Name does not match the body's tool name", id: id))
        }
        // 3. The version.
        guard headerVersion == MCPProtocolVersion.stateless else {
            let data: JSONValue = .object(["requested": .string(headerVersion),
                                           "supported": .array(MCPProtocolVersion.supported.map { .string($0) })])
            return .error(400, JSONRPCError(.unsupportedProtocolVersion,
                "Unsupported protocol version: \(headerVersion.prefix(40)); supported: \(MCPProtocolVersion.supported.joined(separator: ", "))",
                data: data, id: id))
        }
        var resultMeta: [String: JSONValue] = [Self.serverInfoMeta: serverInfo]
        switch method {
        case "server/discover":
            return reply(id, [
                "supportedVersions": .array(MCPProtocolVersion.supported.map { .string($0) }),
                "capabilities": capabilities, "instructions": .string(Self.instructions),
                "ttlMs": .number(JSONNumber(options.toolsListTTLMs)), "cacheScope": "public",
            ], meta: resultMeta, stateless: true)
        case "tools/list":
            return reply(id, [
                "tools": toolList(for: request.principal),
                "ttlMs": .number(JSONNumber(options.toolsListTTLMs)), "cacheScope": "private",
            ], meta: resultMeta, stateless: true)
        case "tools/call":
            return await call(id: id, params: params, request: request, stateless: true)
        case "subscriptions/listen":
            let wantsTools = params?["notifications"]?["toolsListChanged"]?.boolValue == true
            resultMeta = [Self.subscriptionIDMeta: id]
            let ack = JSONRPCEncoding.notification("notifications/subscriptions/acknowledged", params: .object([
                "_meta": .object([Self.subscriptionIDMeta: id]),
                "notifications": .object(wantsTools ? ["toolsListChanged": true] : [:]),
            ]))
            let changed = JSONRPCEncoding.sseEvent(JSONRPCEncoding.notification("notifications/tools/list_changed",
                params: .object(["_meta": .object([Self.subscriptionIDMeta: id])])))
            let farewell = JSONRPCEncoding.sseEvent(JSONRPCEncoding.result(id: id, .object([
                "resultType": "complete", "_meta": .object(resultMeta),
            ])))
            return eventStream(first: JSONRPCEncoding.sseEvent(ack), onChange: wantsTools ? changed : nil, farewell: farewell,
                               principalID: request.principal.id, sessionID: nil, requestID: id)
        default:
            return .error(404, JSONRPCError(.methodNotFound, "Method not found: \(method.prefix(64))", id: id))
        }
    }

    // MARK: - 2024-11-05 … 2025-11-25, handshake

    private func initialize(id: JSONValue, params: JSONValue?, request: MCPHTTPRequest) -> MCPHTTPResponse {
        guard let requested = params?["protocolVersion"]?.stringValue else {
            return .error(400, JSONRPCError(.invalidParams, "Invalid params: initialize needs protocolVersion", id: id))
        }
        let version = MCPProtocolVersion.handshake.contains(requested) ? requested : MCPProtocolVersion.handshake[0]
        let session = sessions.create(principalID: request.principal.id, protocolVersion: version)
        let result: JSONValue = .object([
            "protocolVersion": .string(version), "capabilities": capabilities, "serverInfo": serverInfo,
            "instructions": .string(Self.instructions),
        ])
        return .json(200, JSONRPCEncoding.result(id: id, result), headers: [("Mcp-Session-Id", session.id)])
    }

    private func handshake(id: JSONValue, method: String, params: JSONValue?, sessionID: String,
                           request: MCPHTTPRequest) async -> MCPHTTPResponse {
        guard sessions.session(sessionID, principalID: request.principal.id) != nil else {
            return .error(404, JSONRPCError(.sessionNotFound, "Session not found: initialize again", id: id))
        }
        if let v = request.headers["mcp-protocol-version"], !MCPProtocolVersion.handshake.contains(v) {
            return .error(400, JSONRPCError(.invalidRequest,
                "Bad Request: unsupported MCP-Protocol-Version \(v.prefix(40)) in a session", id: id))
        }
        switch method {
        case "ping":
            return .json(200, JSONRPCEncoding.result(id: id, .object([:])))
        case "tools/list":
            return .json(200, JSONRPCEncoding.result(id: id, .object(["tools": toolList(for: request.principal)])))
        case "tools/call":
            return await call(id: id, params: params, request: request, stateless: false)
        default:
            return .json(200, JSONRPCError(.methodNotFound, "Method not found: \(method.prefix(64))", id: id).response)
        }
    }

    private func get(_ request: MCPHTTPRequest) -> MCPHTTPResponse {
        guard let sid = request.headers["mcp-session-id"] else {
            return .error(405, JSONRPCError(.invalidRequest,
                "Method Not Allowed: GET needs an Mcp-Session-Id (2026-07-28 clients use subscriptions/listen)"),
                headers: [("Allow", "POST, DELETE")])
        }
        guard sessions.session(sid, principalID: request.principal.id) != nil else {
            return .error(404, JSONRPCError(.sessionNotFound, "Session not found: initialize again"))
        }
        let changed = JSONRPCEncoding.sseEvent(JSONRPCEncoding.notification("notifications/tools/list_changed"))
        return eventStream(first: nil, onChange: changed, farewell: nil, principalID: request.principal.id, sessionID: sid, requestID: nil)
    }

    private func delete(_ request: MCPHTTPRequest) -> MCPHTTPResponse {
        guard let sid = request.headers["mcp-session-id"] else {
            return .error(400, JSONRPCError(.invalidRequest, "Bad Request: DELETE needs an Mcp-Session-Id header"))
        }
        guard sessions.remove(sid, principalID: request.principal.id) else {
            return .error(404, JSONRPCError(.sessionNotFound, "Session not found"))
        }
        let ended = streams.withLock { s in
            let keys = s.filter { $0.value.sessionID == sid }.map(\.key)
            return keys.compactMap { s.removeValue(forKey: $0) }
        }
        for o in ended { o.continuation.finish() }
        return MCPHTTPResponse(status: 200)
    }

    // MARK: - Shared

    private var capabilities: JSONValue { .object(["tools": .object(["listChanged": true])]) }

    private func reply(_ id: JSONValue, _ result: [String: JSONValue], meta: [String: JSONValue], stateless: Bool) -> MCPHTTPResponse {
        var r = result
        if stateless {
            r["resultType"] = "complete"
            var m = r["_meta"]?.objectValue ?? [:]
            for (k, v) in meta { m[k] = v }
            r["_meta"] = .object(m)
        }
        return .json(200, JSONRPCEncoding.result(id: id, .object(r)))
    }

    private func toolList(for principal: Principal) -> JSONValue {
        // The registry returns tools sorted by name: the order is deterministic.
        .array(engine.pipeline.tools(for: principal).map(MCPToolMapping.tool))
    }

    private func call(id: JSONValue, params: JSONValue?, request: MCPHTTPRequest, stateless: Bool) async -> MCPHTTPResponse {
        let status = stateless ? 400 : 200
        guard let name = params?["name"]?.stringValue else {
            return .json(status, JSONRPCError(.invalidParams, "Invalid params: tools/call needs a string \"name\"", id: id).response)
        }
        let arguments = params?["arguments"] ?? .object([:])
        guard arguments.objectValue != nil else {
            return .json(status, JSONRPCError(.invalidParams, "Invalid params: \"arguments\" must be an object", id: id).response)
        }
        guard engine.registry.tool(named: name) != nil else {
            return .json(status, JSONRPCError(.invalidParams, "Unknown tool: \(name.prefix(64))", id: id).response)
        }
        let governed = GovernedCall(principal: request.principal, toolName: name, arguments: arguments,
                                    requestID: request.requestID, transport: "mcp",
                                    trace: request.headers["traceparent"].flatMap(TraceContext.init(traceparent:)))
        var result: [String: JSONValue]
        do {
            result = MCPToolMapping.result(try await engine.pipeline.call(governed))
        } catch let e as WardenError {
            result = MCPToolMapping.refusal(e, requestID: request.requestID)
        } catch {
            result = MCPToolMapping.refusal(WardenError(.internal, ""), requestID: request.requestID)
        }
        return reply(id, result, meta: [Self.serverInfoMeta: serverInfo], stateless: stateless)
    }

    /// A server-sent event stream that starts with `first`, sends `onChange` each time the serving tools change,
    /// and ends when the client goes away or ``closeStreams()`` is called.
    private func eventStream(first: Data?, onChange: Data?, farewell: Data?, principalID: String, sessionID: String?,
                             requestID: JSONValue?) -> MCPHTTPResponse {
        let key = UUID()
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let limit = options.maxStreamsPerPrincipal
        let admitted = streams.withLock { s in
            guard s.values.count(where: { $0.principalID == principalID }) < limit else { return false }
            s[key] = OpenStream(continuation: continuation, farewell: farewell, principalID: principalID, sessionID: sessionID)
            return true
        }
        guard admitted else {
            return .error(429, JSONRPCError(.invalidRequest,
                "Too Many Requests: at most \(limit) open notification streams per principal; close one first", id: requestID))
        }
        if let first { continuation.yield(first) }
        var task: Task<Void, Never>?
        if let onChange {
            let changes = engine.registry.changes()  // subscribed now, so no change after this response is missed
            task = Task {
                for await _ in changes { continuation.yield(onChange) }
            }
        }
        let producer = task
        let interval = options.keepAliveInterval
        let keepAlive = Task {
            let comment = Data(": keep-alive\n\n".utf8)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                continuation.yield(comment)
            }
        }
        continuation.onTermination = { [weak self] _ in
            producer?.cancel()
            keepAlive.cancel()
            self?.streams.withLock { _ = $0.removeValue(forKey: key) }
        }
        if !streams.withLock({ $0[key] != nil }) {  // closed by closeStreams() or DELETE before onTermination was set
            producer?.cancel()
            keepAlive.cancel()
        }
        return MCPHTTPResponse(status: 200, headers: [
            ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("X-Accel-Buffering", "no"),
        ], body: .stream(stream, close: { continuation.finish() }))
    }

    /// `Mcp-Name` and `Mcp-Param-*` values may use the `=?base64?…?=` sentinel; nil for a malformed one.
    static func decodeHeaderValue(_ value: String?) -> String? {
        guard let value else { return nil }
        guard value.hasPrefix("=?base64?"), value.hasSuffix("?="), value.count >= 11 else { return value }
        let payload = String(value.dropFirst(9).dropLast(2))
        guard let data = Data(base64Encoded: payload), data.base64EncodedString() == payload else { return nil }
        return String(data: data, encoding: .utf8)
    }
}
