import Tracing
import WardenCore
import WardenRuntime

/// Performs a governed tool whose provider is an upstream MCP server: calls the upstream tool
/// `provider.mcp.tool` and passes on its content blocks, structured content and `isError`.
///
/// Credentials: when the tool declares `requiredCredentials`, the first one is sent to an HTTP upstream as
/// `Authorization: Bearer <value>` (stdio upstreams get none). Errors: an unreachable upstream, HTTP 429/5xx or a
/// broken stream is `upstream_unavailable` (transient); a JSON-RPC error or HTTP 4xx is `upstream_rejected`;
/// running out of time is `timeout`. Messages never hold credential values. In a traced call the upstream call is a
/// client span `mcp tools/call`, and the `traceparent` sent upstream names it.
public struct MCPToolPerformer: ToolPerformer {
    /// The shared upstream connections.
    public let upstreams: MCPUpstreams

    /// A performer using (and sharing) `upstreams`.
    public init(upstreams: MCPUpstreams) {
        self.upstreams = upstreams
    }

    /// The upstream clients give up after the tool's `timeoutMs` (a connection being set up first has its own limits).
    public var enforcesTimeout: Bool { true }

    /// Calls `provider.mcp.tool` on the upstream with the first declared credential as bearer token.
    public func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult {
        let definition = tool.definition
        guard let upstream = definition.provider.mcp else {
            throw WardenError(.internal, "\(definition.name) has no MCP upstream configured")
        }
        let bearer = definition.requiredCredentials.first.flatMap { credentials[$0] }
        let connection = try upstreams.connection(for: upstream)
        let result: MCPUpstreamCallResult
        do {
            result = try await ClientSpan.run("mcp tools/call", attributes: Self.spanAttributes(upstream)) {
                try await connection.callTool(name: upstream.tool, arguments: arguments, bearer: bearer,
                                              timeout: .milliseconds(definition.timeoutMs))
            }
        } catch let e as WardenError {
            throw WardenError(e.code, "\(definition.name): \(e.message)", details: e.details)
        }
        return Self.toolResult(result)
    }

    /// `mcp.method.name`, the upstream tool's name and, for an HTTP upstream, its server.
    static func spanAttributes(_ upstream: ToolProvider.MCPUpstream) -> SpanAttributes {
        var attributes = upstream.url.map(ClientSpan.serverAttributes(of:)) ?? [:]
        attributes["mcp.method.name"] = "tools/call"
        attributes["gen_ai.tool.name"] = upstream.tool
        return attributes
    }

    /// Maps an upstream result: text is the concatenated text blocks.
    public static func toolResult(_ result: MCPUpstreamCallResult) -> ToolResult {
        let text = result.content.compactMap { block -> String? in
            block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil
        }.joined(separator: "\n")
        return ToolResult(structuredContent: result.structuredContent, text: text, content: result.content, isError: result.isError)
    }
}
