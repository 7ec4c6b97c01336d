import JSONSchema

/// Where Warden publishes the JSON Schemas of its skills' input and output.
///
/// A2A 1.0 has no schema field on `AgentSkill`, and a field a2a-sdk does not know would be dropped by its
/// client (it parses cards with `ignore_unknown_fields`). The protocol's own place for additional agent data is an
/// extension declared in `capabilities.extensions` with free-form `params` (a `google.protobuf.Struct`), which
/// every SDK keeps. So the card carries one ``AgentExtension`` with ``uri`` and
/// `params = {"skills": {"<skill id>": {"inputSchema": {...}, "outputSchema": {...}}}}` (draft 2020-12 schemas
/// for the skill's data part). `required` is false: a client that ignores it can still call the skills.
public enum SkillSchemasExtension {
    /// The extension's URI (versioned, as the spec asks).
    public static let uri = "urn:warden:a2a:extension:skill-schemas:v1"

    /// The input and output schema of one skill; either may be absent.
    public struct Schemas: Sendable, Equatable {
        public var input: JSONValue?
        public var output: JSONValue?

        public init(input: JSONValue? = nil, output: JSONValue? = nil) {
            self.input = input
            self.output = output
        }
    }

    /// The extension declaring `schemas` (skill id to schemas).
    public static func declaration(_ schemas: [String: Schemas]) -> AgentExtension {
        var skills: [String: JSONValue] = [:]
        for (id, s) in schemas {
            var o: [String: JSONValue] = [:]
            if let i = s.input { o["inputSchema"] = i }
            if let out = s.output { o["outputSchema"] = out }
            skills[id] = .object(o)
        }
        return AgentExtension(uri: uri, description: "JSON Schemas (draft 2020-12) of each skill's input and output data parts.",
                              required: false, params: ["skills": .object(skills)])
    }

    /// The schemas a card publishes, by skill id; empty when the card does not declare the extension.
    public static func schemas(in card: AgentCard) -> [String: Schemas] {
        guard let ext = card.capabilities?.extensions.first(where: { $0.uri == uri }),
              case .object(let skills)? = ext.params?["skills"] else { return [:] }
        var out: [String: Schemas] = [:]
        for (id, value) in skills {
            guard case .object(let o) = value else { continue }
            out[id] = Schemas(input: o["inputSchema"], output: o["outputSchema"])
        }
        return out
    }

    /// `card` with the extension set to `schemas` (replacing an earlier declaration).
    public static func setting(_ schemas: [String: Schemas], in card: AgentCard) -> AgentCard {
        var card = card
        var caps = card.capabilities ?? AgentCapabilities()
        caps.extensions.removeAll { $0.uri == uri }
        if !schemas.isEmpty { caps.extensions.append(declaration(schemas)) }
        card.capabilities = caps
        return card
    }
}
