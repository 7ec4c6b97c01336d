import AsyncHTTPClient
import Synchronization
import WardenCore

/// The connections to upstream MCP servers: one per URL (Streamable HTTP) or command (stdio), created on first
/// use and reused afterwards. Thread-safe.
public final class MCPUpstreams: Sendable {
    let httpClient: HTTPClient
    let maxResponseBytes: Int
    private let connections = Mutex<[String: any MCPUpstreamConnection]>([:])

    /// - Parameters:
    ///   - httpClient: the client for HTTP upstreams (no redirects: a redirect could carry the bearer token elsewhere).
    ///   - maxResponseBytes: the largest answer read from an upstream.
    public init(httpClient: HTTPClient, maxResponseBytes: Int = 4 * 1_048_576) {
        self.httpClient = httpClient
        self.maxResponseBytes = maxResponseBytes
    }

    /// The connection to `upstream`'s server.
    /// - Throws: `internal` when the upstream names neither a URL nor a command.
    public func connection(for upstream: ToolProvider.MCPUpstream) throws -> any MCPUpstreamConnection {
        let key: String
        if let url = upstream.url {
            key = "url:" + url
        } else if let command = upstream.command, !command.isEmpty {
            key = "cmd:" + command.joined(separator: "\u{0}")
        } else {
            throw WardenError(.internal, "the MCP upstream of tool '\(upstream.tool)' names neither a url nor a command")
        }
        return connections.withLock { all in
            if let existing = all[key] { return existing }
            let made: any MCPUpstreamConnection
            if let url = upstream.url {
                made = MCPUpstreamClient(url: url, client: httpClient, maxResponseBytes: maxResponseBytes)
            } else {
                made = MCPUpstreamStdioClient(command: upstream.command ?? [], maxResponseBytes: maxResponseBytes)
            }
            all[key] = made
            return made
        }
    }
}
