import WardenCore

/// What of an agent card a review covers: its skills, their input and output schemas, its interfaces (where
/// Warden sends data) and its security schemes. The pin is a SHA-256 over those parts; a refreshed card with
/// another pin is quarantined until reviewed again. Names, descriptions of the agent itself, icons and the like are
/// left out: changing them changes nothing Warden sends or receives.
public struct AgentCardPin: Sendable, Equatable {
    /// Hex SHA-256 over the reviewed parts.
    public let value: String
    /// Hex SHA-256 of each part, by part name, so a change can say what changed.
    public let parts: [String: String]

    /// The pin of `card`.
    public init(card: AgentCard) {
        let schemas = SkillSchemasExtension.schemas(in: card)
        var schemaJSON: [String: JSONValue] = [:]
        for (id, s) in schemas {
            schemaJSON[id] = .object(["input": s.input ?? .null, "output": s.output ?? .null])
        }
        let reviewed: [String: JSONValue] = [
            "skills": .array(card.skills.sorted { $0.id < $1.id }.map(\.protoJSON)),
            "schemas": .object(schemaJSON),
            "interfaces": .array(card.supportedInterfaces.map(\.protoJSON)),
            "securitySchemes": .object(card.securitySchemes.mapValues(\.protoJSON)),
        ]
        parts = reviewed.mapValues { Digest.sha256Hex($0.canonicalData) }
        value = Digest.sha256Hex(JSONValue.object(reviewed).canonicalData)
    }

    /// The parts that differ from `other`, sorted (`interfaces`, `schemas`, `securitySchemes`, `skills`).
    public func changes(from other: AgentCardPin) -> [String] {
        Set(parts.keys).union(other.parts.keys).filter { parts[$0] != other.parts[$0] }.sorted()
    }
}
