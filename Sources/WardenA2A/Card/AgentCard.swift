import JSONSchema

/// What an agent publishes about itself at `/.well-known/agent-card.json` (`lf.a2a.v1.AgentCard`).
public struct AgentCard: ProtoJSONCodable, Equatable {
    public var name: String
    public var description: String
    /// Where and how to reach the agent, preferred first.
    public var supportedInterfaces: [AgentInterface]
    public var provider: AgentProvider?
    /// The agent's own version.
    public var version: String
    public var documentationUrl: String?
    public var capabilities: AgentCapabilities?
    /// Scheme name to scheme; ``securityRequirements`` refer to these names.
    public var securitySchemes: [String: SecurityScheme]
    /// What a caller needs (any one of them).
    public var securityRequirements: [SecurityRequirement]
    public var defaultInputModes: [String]
    public var defaultOutputModes: [String]
    public var skills: [AgentSkill]
    public var signatures: [AgentCardSignature]
    public var iconUrl: String?

    public init(name: String, description: String, supportedInterfaces: [AgentInterface], version: String,
                capabilities: AgentCapabilities = AgentCapabilities(), defaultInputModes: [String] = ["text/plain"],
                defaultOutputModes: [String] = ["text/plain"], skills: [AgentSkill] = [], provider: AgentProvider? = nil,
                documentationUrl: String? = nil, iconUrl: String? = nil, securitySchemes: [String: SecurityScheme] = [:],
                securityRequirements: [SecurityRequirement] = [], signatures: [AgentCardSignature] = []) {
        self.name = name
        self.description = description
        self.supportedInterfaces = supportedInterfaces
        self.version = version
        self.capabilities = capabilities
        self.defaultInputModes = defaultInputModes
        self.defaultOutputModes = defaultOutputModes
        self.skills = skills
        self.provider = provider
        self.documentationUrl = documentationUrl
        self.iconUrl = iconUrl
        self.securitySchemes = securitySchemes
        self.securityRequirements = securityRequirements
        self.signatures = signatures
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        name = try r.string("name")
        description = try r.string("description")
        supportedInterfaces = try r.messages("supportedInterfaces")
        provider = try r.optionalMessage("provider")
        version = try r.string("version")
        documentationUrl = try r.optionalString("documentationUrl")
        capabilities = try r.optionalMessage("capabilities")
        securitySchemes = try r.messageMap("securitySchemes")
        securityRequirements = try r.messages("securityRequirements")
        defaultInputModes = try r.strings("defaultInputModes")
        defaultOutputModes = try r.strings("defaultOutputModes")
        skills = try r.messages("skills")
        signatures = try r.messages("signatures")
        iconUrl = try r.optionalString("iconUrl")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("name", name)
        w.string("description", description)
        w.messages("supportedInterfaces", supportedInterfaces)
        w.message("provider", provider)
        w.string("version", version)
        w.string("documentationUrl", documentationUrl)
        w.message("capabilities", capabilities)
        w.messageMap("securitySchemes", securitySchemes)
        w.messages("securityRequirements", securityRequirements)
        w.strings("defaultInputModes", defaultInputModes)
        w.strings("defaultOutputModes", defaultOutputModes)
        w.messages("skills", skills)
        w.messages("signatures", signatures)
        w.string("iconUrl", iconUrl)
        return w.value
    }
}
