import WardenCore

/// Stage "authorize": may this principal call this tool as it serves (approval conditions applied)?
public enum CallAuthorizer {
    /// - Throws: `forbidden` naming the role the tool needs.
    public static func authorize(_ principal: Principal, for tool: ServingTool) throws {
        let role = tool.definition.requiredRole
        guard principal.roles.contains(role) else {
            throw WardenError.forbidden("\(tool.definition.name) needs the role '\(role.rawValue)'; ask an admin to grant it")
        }
    }

    /// Whether the principal may see and call the tool (for listings).
    public static func allows(_ principal: Principal, _ tool: ServingTool) -> Bool {
        principal.roles.contains(tool.definition.requiredRole)
    }
}
