import WardenCore

/// Does a tool's work: one implementation per provider kind.
public protocol ToolPerformer: Sendable {
    /// Performs the call with validated arguments and the tool's resolved credentials.
    /// - Throws: `WardenError` (`upstream_unavailable` and `timeout` are transient; `upstream_rejected`,
    ///   `invalid_input` are not). Messages never carry credential values.
    func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult

    /// Whether ``perform(_:arguments:credentials:)`` itself gives up with `timeout` after the tool's `timeoutMs`
    /// (an HTTP client deadline, say). The guard then runs it directly instead of racing it against a timer task,
    /// which costs two extra tasks per call.
    var enforcesTimeout: Bool { get }

    /// Whether the performer keeps its own circuit breakers and retries per upstream (see
    /// ``CallGuard/run(_:timed:selfGuarded:_:)``).
    var guardsItself: Bool { get }
}

extension ToolPerformer {
    public var enforcesTimeout: Bool { false }
    public var guardsItself: Bool { false }
}
