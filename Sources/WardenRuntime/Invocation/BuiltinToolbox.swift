import WardenCore

/// The built-in tool implementations, by name.
public struct BuiltinToolbox: Sendable {
    private let tools: [String: any BuiltinTool]

    /// A toolbox of the given tools; a later tool replaces an earlier one of the same name.
    public init(_ tools: [any BuiltinTool]) {
        var byName: [String: any BuiltinTool] = [:]
        for tool in tools { byName[tool.name] = tool }
        self.tools = byName
    }

    /// The implementations of every tool in ``BuiltinTools/definitions``.
    /// - Parameter clock: what `time.now` reads.
    public static func standard(clock: any WallClock = SystemWallClock()) -> BuiltinToolbox {
        BuiltinToolbox([TimeNowTool(clock: clock), MathEvaluateTool(), TextRedactTool()])
    }

    /// The names of the tools, sorted.
    public var names: [String] { tools.keys.sorted() }

    /// The implementation of `name`, if there is one.
    public func tool(named name: String) -> (any BuiltinTool)? { tools[name] }

    /// Runs the built-in `name`.
    /// - Throws: `not_found` when there is no such built-in; otherwise what the tool throws.
    public func call(_ name: String, arguments: JSONValue) async throws -> JSONValue {
        guard let tool = tools[name] else { throw WardenError.notFound("no built-in tool is named '\(name.prefix(64))'") }
        return try await tool.call(arguments)
    }
}
