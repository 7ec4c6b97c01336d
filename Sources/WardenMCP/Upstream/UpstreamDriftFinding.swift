import WardenCore

/// A tool whose upstream MCP listing no longer matches its pin, and what was done about it.
public struct UpstreamDriftFinding: Sendable, Equatable {
    /// The governed tool's name.
    public var tool: String
    /// The version that served and is now suspended.
    public var version: SemanticVersion
    /// The reviewed pin (nil when the tool had none).
    public var oldPin: String?
    /// The digest of the upstream's listing now; nil when the tool vanished upstream.
    public var newPin: String?
    /// The listing fields that changed (`description`, `inputSchema`, `outputSchema`, `annotations`), or `["vanished"]`.
    public var changedFields: [String]
    /// The version proposed with the upstream's new listing, when one was.
    public var proposedVersion: SemanticVersion?

    /// A finding with every field given.
    public init(tool: String, version: SemanticVersion, oldPin: String?, newPin: String?, changedFields: [String],
                proposedVersion: SemanticVersion?) {
        self.tool = tool
        self.version = version
        self.oldPin = oldPin
        self.newPin = newPin
        self.changedFields = changedFields
        self.proposedVersion = proposedVersion
    }
}
