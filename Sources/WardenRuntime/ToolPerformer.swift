import WardenCore

/// Does a tool's work: one implementation per provider kind.
public protocol ToolPerformer: Sendable {
    /// Performs the call with validated arguments and the tool's resolved credentials.
    /// - Throws: `WardenError` (`upstream_unavailable` and `timeout` are transient; `upstream_rejected`,
    ///   `invalid_input` are not). Messages never carry credential values.
    func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult
}
