import WardenCore
import WardenRuntime

/// Builds Warden's own agent card: the configured skills with the schemas of the tools behind them (in the
/// skill-schemas extension), the JSON-RPC interface, and the security schemes the server accepts.
public struct A2ACardBuilder: Sendable {
    /// Where the A2A endpoint is reachable from the outside, e.g. `https://warden.example.com`.
    public var publicURL: String
    public var name: String
    public var description: String
    public var version: String
    /// Whether the server verifies client certificates (the card then offers mutual TLS).
    public var mutualTLS: Bool

    public init(publicURL: String, name: String = "Warden", description: String = "Governed tools as A2A skills.",
                version: String = "1.0.0", mutualTLS: Bool = false) {
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.name = name
        self.description = description
        self.version = version
        self.mutualTLS = mutualTLS
    }

    /// The path of the JSON-RPC endpoint.
    public static let endpointPath = "/a2a"

    /// The card for `skills`; a skill whose tool is not serving is left out (it could not answer).
    public func card(skills: [A2ASkillBinding], registry: ToolRegistry) -> AgentCard {
        var published: [AgentSkill] = []
        var schemas: [String: SkillSchemasExtension.Schemas] = [:]
        for s in skills {
            guard let tool = registry.tool(named: s.tool) else { continue }
            published.append(AgentSkill(id: s.id, name: s.name, description: s.description.isEmpty ? tool.definition.description : s.description,
                                        tags: s.tags, inputModes: ["application/json", "text/plain"],
                                        outputModes: ["application/json", "text/plain"]))
            schemas[s.id] = .init(input: tool.definition.inputSchema, output: tool.definition.outputSchema)
        }
        var security: [String: SecurityScheme] = [
            "bearer": .httpAuth(.init(scheme: "Bearer", bearerFormat: "JWT", description: "A token from /oauth/token, or a Warden API key")),
            "oauth2": .oauth2(.init(flows: .clientCredentials(.init(tokenUrl: publicURL + "/oauth/token")),
                                    description: "OAuth 2.0 client credentials for registered agents")),
        ]
        var requirements = [SecurityRequirement(["bearer": []]), SecurityRequirement(["oauth2": []])]
        if mutualTLS {
            security["mtls"] = .mutualTLS(.init(description: "A client certificate issued by the configured CA"))
            requirements.append(SecurityRequirement(["mtls": []]))
        }
        let card = AgentCard(name: name, description: description,
                             supportedInterfaces: [AgentInterface(url: publicURL + Self.endpointPath)], version: version,
                             capabilities: AgentCapabilities(streaming: true, pushNotifications: false),
                             defaultInputModes: ["application/json", "text/plain"], defaultOutputModes: ["application/json", "text/plain"],
                             skills: published, provider: AgentProvider(organization: "Warden", url: publicURL),
                             securitySchemes: security, securityRequirements: requirements)
        return SkillSchemasExtension.setting(schemas, in: card)
    }
}
