import Foundation

/// An agent version on record: its registration, the card as reviewed, and where it stands in the same lifecycle
/// as tools (proposed, in review, approved, active, suspended, decommissioned...).
public struct AgentVersionRecord: Sendable, Codable, Equatable {
    public var definition: AgentDefinition
    /// The agent card as fetched at registration (or given inline): what the reviewers saw.
    public var card: JSONValue
    /// Hex SHA-256 over the card's skills, their schemas and its interfaces: a refreshed card with another pin is
    /// quarantined until reviewed again.
    public var cardPin: String
    /// Hex SHA-256 of the definition and card: the identity of this exact content.
    public var digest: String
    public var state: LifecycleState
    public var proposer: String
    public var proposedAt: Date
    public var updatedAt: Date
    public var decision: Decision?
    /// When the next periodic review is due (set on activation).
    public var reviewDueAt: Date?

    public init(definition: AgentDefinition, card: JSONValue, cardPin: String, state: LifecycleState, proposer: String,
                proposedAt: Date, updatedAt: Date, decision: Decision? = nil, reviewDueAt: Date? = nil) {
        self.definition = definition
        self.card = card
        self.cardPin = cardPin
        self.digest = Self.digest(definition: definition, card: card)
        self.state = state
        self.proposer = proposer
        self.proposedAt = proposedAt
        self.updatedAt = updatedAt
        self.decision = decision
        self.reviewDueAt = reviewDueAt
    }

    public var name: String { definition.name }
    public var version: SemanticVersion { definition.version }
    /// The audit subject of this version.
    public var subject: String { "agent:\(definition.name)@\(definition.version)" }

    /// The registration as served: with the decision's conditions (a lower rate limit, a shorter timeout) applied.
    public var effectiveDefinition: AgentDefinition {
        guard let c = decision?.conditions else { return definition }
        var d = definition
        if let r = c.rateLimit { d.rateLimit = r }
        if let t = c.timeoutMs { d.timeoutMs = min(t, d.timeoutMs) }
        return d
    }

    /// Whether calls may go to this version now.
    public var isServing: Bool { state.isServing }

    /// The digest of a definition with its card.
    public static func digest(definition: AgentDefinition, card: JSONValue) -> String {
        Digest.sha256Hex(JSONValue.object(["definition": definition.canonicalJSON, "card": card]).canonicalData)
    }
}
