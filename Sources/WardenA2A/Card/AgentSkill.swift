import JSONSchema

/// One thing the agent can do (`lf.a2a.v1.AgentSkill`). A2A has no schema field on skills: Warden publishes a
/// skill's input and output schemas in the card's ``SkillSchemasExtension``.
public struct AgentSkill: ProtoJSONCodable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var tags: [String]
    public var examples: [String]
    /// Media types the skill accepts, when they differ from the card's defaults.
    public var inputModes: [String]
    public var outputModes: [String]
    /// What a caller needs for this skill in particular (any one of them).
    public var securityRequirements: [SecurityRequirement]

    public init(id: String, name: String, description: String, tags: [String], examples: [String] = [],
                inputModes: [String] = [], outputModes: [String] = [], securityRequirements: [SecurityRequirement] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.tags = tags
        self.examples = examples
        self.inputModes = inputModes
        self.outputModes = outputModes
        self.securityRequirements = securityRequirements
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        id = try r.string("id")
        name = try r.string("name")
        description = try r.string("description")
        tags = try r.strings("tags")
        examples = try r.strings("examples")
        inputModes = try r.strings("inputModes")
        outputModes = try r.strings("outputModes")
        securityRequirements = try r.messages("securityRequirements")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("id", id)
        w.string("name", name)
        w.string("description", description)
        w.strings("tags", tags)
        w.strings("examples", examples)
        w.strings("inputModes", inputModes)
        w.strings("outputModes", outputModes)
        w.messages("securityRequirements", securityRequirements)
        return w.value
    }
}
