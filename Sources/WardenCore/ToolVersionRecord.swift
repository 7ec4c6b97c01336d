import Foundation

/// A tool version on record: its immutable definition and where it stands.
public struct ToolVersionRecord: Sendable, Codable, Equatable {
    public var definition: ToolDefinition
    /// Hex SHA-256 of the definition's canonical JSON.
    public var digest: String
    public var state: LifecycleState
    public var proposer: String
    public var proposedAt: Date
    public var updatedAt: Date
    public var decision: Decision?
    /// When the next periodic review is due (set on activation).
    public var reviewDueAt: Date?

    public init(definition: ToolDefinition, digest: String, state: LifecycleState, proposer: String, proposedAt: Date,
                updatedAt: Date, decision: Decision?, reviewDueAt: Date?) {
        self.definition = definition
        self.digest = digest
        self.state = state
        self.proposer = proposer
        self.proposedAt = proposedAt
        self.updatedAt = updatedAt
        self.decision = decision
        self.reviewDueAt = reviewDueAt
    }

    public var name: String { definition.name }
    public var version: SemanticVersion { definition.version }
    public var subject: String { "tool:\(definition.name)@\(definition.version)" }

    /// The definition as served: the proposal with the decision's conditions applied.
    public var effectiveDefinition: ToolDefinition {
        decision?.conditions.map { $0.applied(to: definition) } ?? definition
    }
}

/// One lifecycle transition, on record.
public struct TransitionRecord: Sendable, Codable, Equatable {
    public var toolName: String
    public var version: SemanticVersion
    public var event: LifecycleEvent
    public var from: LifecycleState
    public var to: LifecycleState
    public var actor: String
    public var reason: String?
    public var at: Date

    public init(toolName: String, version: SemanticVersion, event: LifecycleEvent, from: LifecycleState,
                to: LifecycleState, actor: String, reason: String?, at: Date) {
        self.toolName = toolName
        self.version = version
        self.event = event
        self.from = from
        self.to = to
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}
