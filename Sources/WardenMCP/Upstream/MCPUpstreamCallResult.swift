import WardenCore

/// What an upstream MCP server answered to `tools/call`.
public struct MCPUpstreamCallResult: Sendable, Equatable {
    /// The content blocks (text, image, resource links...) as the upstream sent them.
    public var content: [JSONValue]
    /// The structured result, when the upstream sent one.
    public var structuredContent: JSONValue?
    /// The tool reported a failure of its own (MCP `isError`).
    public var isError: Bool

    /// A result with its content blocks, structured content and error flag.
    public init(content: [JSONValue], structuredContent: JSONValue?, isError: Bool) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
    }

    /// Parses a `tools/call` result object.
    static func parse(_ result: JSONValue) -> MCPUpstreamCallResult {
        MCPUpstreamCallResult(content: result["content"]?.arrayValue ?? [],
                              structuredContent: result["structuredContent"].flatMap { $0 == .null ? nil : $0 },
                              isError: result["isError"]?.boolValue ?? false)
    }
}

/// An upstream MCP server, whatever its transport: Streamable HTTP (``MCPUpstreamClient``) or stdio
/// (``MCPUpstreamStdioClient``).
public protocol MCPUpstreamConnection: Sendable {
    /// Every tool the upstream lists (following `nextCursor`), as the raw `tools/list` entries.
    /// - Parameter bearer: sent as `Authorization: Bearer` to HTTP upstreams; ignored on stdio.
    /// - Throws: `WardenError` `upstream_unavailable` (transient) or `upstream_rejected`.
    func listTools(bearer: String?) async throws -> [JSONValue]
    /// Calls the upstream tool `name`.
    /// - Throws: `WardenError` `upstream_unavailable` (transient), `timeout` or `upstream_rejected`.
    func callTool(name: String, arguments: JSONValue, bearer: String?, timeout: Duration) async throws -> MCPUpstreamCallResult
}

extension MCPUpstreamConnection {
    /// Lists the tools without credentials.
    public func listTools() async throws -> [JSONValue] { try await listTools(bearer: nil) }

    /// Calls a tool without credentials, with a 30 s time limit.
    public func callTool(name: String, arguments: JSONValue) async throws -> MCPUpstreamCallResult {
        try await callTool(name: name, arguments: arguments, bearer: nil, timeout: .seconds(30))
    }
}

/// JSON-RPC helpers shared by the upstream clients.
enum UpstreamJSONRPC {
    static let modernVersion = "2026-07-28"
    static let legacyVersion = "2025-11-25"
    static let clientInfo: JSONValue = ["name": "warden", "version": "1.0.0"]

    static func request(id: Int, method: String, params: JSONValue?) -> JSONValue {
        var o: [String: JSONValue] = ["jsonrpc": "2.0", "id": .number(JSONNumber(id)), "method": .string(method)]
        if let params { o["params"] = params }
        return .object(o)
    }

    static func notification(method: String, params: JSONValue? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { o["params"] = params }
        return .object(o)
    }

    /// Whether `message` is the response to request `id`.
    static func isResponse(_ message: JSONValue, to id: Int) -> Bool {
        guard case .object(let o) = message, o["result"] != nil || o["error"] != nil else { return false }
        return o["id"] == .number(JSONNumber(id))
    }

    /// The result of a response, or a `WardenError` for a JSON-RPC error (its message shortened and with
    /// `secrets` redacted).
    static func result(of response: JSONValue, method: String, redacting secrets: [String]) throws -> JSONValue {
        if let error = response["error"] {
            var message = String((error["message"]?.stringValue ?? "no message").prefix(200))
            for s in secrets where !s.isEmpty { message = message.replacingOccurrences(of: s, with: "[REDACTED]") }
            let code = error["code"]?.numberValue.map { "\($0)" } ?? "?"
            throw WardenError(.upstreamRejected, "the upstream MCP server refused \(method) (JSON-RPC error \(code)): \(message)",
                              details: ["jsonrpcCode": code])
        }
        guard let result = response["result"] else {
            throw WardenError(.upstreamRejected, "the upstream MCP server answered \(method) without a result")
        }
        return result
    }
}
