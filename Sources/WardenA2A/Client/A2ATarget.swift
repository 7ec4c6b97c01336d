import WardenCore
import WardenRuntime

/// How to reach one agent: built by the agent registry from a reviewed card.
public struct A2ATarget: Sendable {
    /// The agent's registry name: the key of its circuit breaker and rate limit, and named in every error.
    public var name: String
    /// Its JSON-RPC endpoint.
    public var url: String
    /// 1.0 (`SendMessage`, `A2A-Version: 1.0`) or 0.3 (`message/send`).
    public var protocolVersion: A2AProtocolVersion
    public var authentication: A2AClientAuthentication
    /// The client certificate (and the trust roots for the agent's server certificate) for mutual TLS; `nil`: plain
    /// TLS against the system's roots for `https` URLs.
    public var tls: ClientTLSIdentity?
    /// The client-side limit on calls to this agent; `nil`: none.
    public var rateLimit: ToolDefinition.RateLimit?
    /// The overall deadline of one send: every attempt, backoff and task poll included.
    public var timeout: Duration
    /// The published input/output schemas by skill id; a skill missing here cannot be called.
    public var skills: [String: SkillSchemasExtension.Schemas]

    public init(name: String, url: String, protocolVersion: A2AProtocolVersion = .v1_0,
                authentication: A2AClientAuthentication = .none, tls: ClientTLSIdentity? = nil,
                rateLimit: ToolDefinition.RateLimit? = nil, timeout: Duration = .seconds(30),
                skills: [String: SkillSchemasExtension.Schemas]) {
        self.name = name
        self.url = url
        self.protocolVersion = protocolVersion
        self.authentication = authentication
        self.tls = tls
        self.rateLimit = rateLimit
        self.timeout = timeout
        self.skills = skills
    }

    /// A target from an agent's card: its first JSON-RPC interface of protocol 1.x, else its first of 0.x, and the
    /// skills the card lists, with the schemas its skill-schemas extension publishes (a skill without published
    /// schemas can be called, unvalidated).
    /// - Throws: `invalid_input` when the card offers no JSON-RPC interface of a version this client speaks.
    public init(name: String, card: AgentCard, authentication: A2AClientAuthentication, tls: ClientTLSIdentity?,
                rateLimit: ToolDefinition.RateLimit?, timeout: Duration) throws {
        guard let (url, version) = Self.jsonRPCInterface(of: card) else {
            throw WardenError(.invalidInput,
                              "agent \(name) offers no JSON-RPC interface of A2A 1.0 or 0.3 on its card",
                              details: ["agent": name])
        }
        var skills: [String: SkillSchemasExtension.Schemas] = [:]
        for skill in card.skills { skills[skill.id] = SkillSchemasExtension.Schemas() }
        for (id, schemas) in SkillSchemasExtension.schemas(in: card) { skills[id] = schemas }
        self.init(name: name, url: url, protocolVersion: version, authentication: authentication, tls: tls,
                  rateLimit: rateLimit, timeout: timeout, skills: skills)
    }

    /// The URL and version of the card's preferred JSON-RPC interface: 1.x before 0.x, card order within a version.
    static func jsonRPCInterface(of card: AgentCard) -> (String, A2AProtocolVersion)? {
        let jsonRPC = card.supportedInterfaces.compactMap { i -> (String, A2AProtocolVersion)? in
            guard i.protocolBinding.uppercased() == AgentInterface.jsonRPC, !i.url.isEmpty,
                  let v = A2AProtocolVersion(i.protocolVersion.isEmpty ? "1.0" : i.protocolVersion) else { return nil }
            return (i.url, v)
        }
        if let current = jsonRPC.first(where: { $0.1.major == 1 }) { return (current.0, .v1_0) }
        if let legacy = jsonRPC.first(where: { $0.1 == .v0_3 }) { return (legacy.0, .v0_3) }
        return nil
    }
}
