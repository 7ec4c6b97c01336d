import WardenCore

/// Performs built-in tools: Swift code shipped with Warden.
public struct BuiltinToolPerformer: ToolPerformer {
    let toolbox: BuiltinToolbox

    public init(toolbox: BuiltinToolbox = .standard()) {
        self.toolbox = toolbox
    }

    public func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult {
        let name = tool.definition.provider.builtin ?? tool.definition.name
        guard toolbox.tool(named: name) != nil else {
            throw WardenError(.upstreamUnavailable, "this Warden has no built-in '\(name)'")
        }
        return ToolResult(structured: try await toolbox.call(name, arguments: arguments))
    }
}
