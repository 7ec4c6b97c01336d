import WardenCore

/// A skill Warden's A2A server exposes, bound to the governed tool that performs it. The skill's input and output
/// schemas are the tool's, so an A2A request is validated and governed exactly like an MCP call of the tool.
public struct A2ASkillBinding: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var description: String
    public var tags: [String]
    /// The governed tool's name (it must be active to serve).
    public var tool: String

    public init(id: String, name: String, description: String, tags: [String] = [], tool: String) {
        self.id = id
        self.name = name
        self.description = description
        self.tags = tags
        self.tool = tool
    }

    /// Every problem with the binding, for the configuration's error message.
    public func problems() -> [String] {
        var out: [String] = []
        if id.isEmpty || id.utf8.count > 64 || !id.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) {
            out.append("a2a.skills: id '\(id.prefix(64))' must be 1 to 64 of lowercase letters, digits, '-', '_' or '.'")
        }
        if name.isEmpty || name.count > 200 { out.append("a2a.skills[\(id.prefix(64))].name: 1 to 200 characters") }
        if description.count > 2000 { out.append("a2a.skills[\(id.prefix(64))].description: at most 2000 characters") }
        if !ToolDefinition.isValidName(tool) { out.append("a2a.skills[\(id.prefix(64))].tool: '\(tool.prefix(64))' is not a tool name") }
        return out
    }
}
