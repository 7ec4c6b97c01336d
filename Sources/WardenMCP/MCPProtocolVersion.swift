/// The MCP protocol revisions Warden speaks, newest first.
public enum MCPProtocolVersion {
    /// The stateless revision: no `initialize`, no sessions, `server/discover`, `_meta` on every request.
    public static let stateless = "2026-07-28"
    /// The handshake revisions (`initialize`, `Mcp-Session-Id`), newest first.
    public static let handshake = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
    /// Every revision Warden accepts, newest first.
    public static let supported = [stateless] + handshake
}
