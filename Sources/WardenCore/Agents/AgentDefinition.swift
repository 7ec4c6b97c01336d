import Foundation

/// Another agent as registered for Warden to call: who runs it, how far it is trusted, what data it may see,
/// where its card is and how Warden signs in to it. Immutable once recorded: a change is a new version.
public struct AgentDefinition: Sendable, Codable, Equatable {
    /// The registry name: 1 to 64 of letters, digits, `_`, `-`, `.`.
    public var name: String
    public var version: SemanticVersion
    /// What the agent does, for people.
    public var description: String
    /// Why Warden should talk to it.
    public var purpose: String
    /// The principal (team or person) accountable for the relationship with the agent.
    public var owner: String
    public var trustLevel: AgentTrustLevel
    /// Where the agent processes data (for example `eu-west`), for data residency rules.
    public var region: String?
    /// The most sensitive data the agent may receive unminimized.
    public var clearance: SensitivityLevel
    /// Whether it may receive personal data.
    public var piiCleared: Bool
    /// Where its agent card is published (`https://host/.well-known/agent-card.json`); Warden fetches it at
    /// registration and refreshes it periodically.
    public var cardURL: String?
    /// The card itself, for agents that publish none (exactly one of ``cardURL`` and ``card``).
    public var card: JSONValue?
    public var authentication: AgentAuthentication?
    /// Warden's own limit on calls to this agent.
    public var rateLimit: ToolDefinition.RateLimit?
    /// Milliseconds one call may take, retries and waiting for its task included.
    public var timeoutMs: Int
    /// Words for discovery, besides the skills' own tags.
    public var tags: [String]?

    public init(name: String, version: SemanticVersion, description: String, purpose: String, owner: String,
                trustLevel: AgentTrustLevel, region: String? = nil, clearance: SensitivityLevel, piiCleared: Bool = false,
                cardURL: String? = nil, card: JSONValue? = nil, authentication: AgentAuthentication? = nil,
                rateLimit: ToolDefinition.RateLimit? = nil, timeoutMs: Int = 10_000, tags: [String]? = nil) {
        self.name = name
        self.version = version
        self.description = description
        self.purpose = purpose
        self.owner = owner
        self.trustLevel = trustLevel
        self.region = region
        self.clearance = clearance
        self.piiCleared = piiCleared
        self.cardURL = cardURL
        self.card = card
        self.authentication = authentication
        self.rateLimit = rateLimit
        self.timeoutMs = timeoutMs
        self.tags = tags
    }

    private enum CodingKeys: String, CodingKey {
        case name, version, description, purpose, owner, trustLevel, region, clearance, piiCleared, cardURL, card,
             authentication, rateLimit, timeoutMs, tags
    }

    /// Decodes a registration; `piiCleared` defaults to false and `timeoutMs` to 10000.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decode(SemanticVersion.self, forKey: .version)
        description = try c.decode(String.self, forKey: .description)
        purpose = try c.decode(String.self, forKey: .purpose)
        owner = try c.decode(String.self, forKey: .owner)
        trustLevel = try c.decode(AgentTrustLevel.self, forKey: .trustLevel)
        region = try c.decodeIfPresent(String.self, forKey: .region)
        clearance = try c.decode(SensitivityLevel.self, forKey: .clearance)
        piiCleared = try c.decodeIfPresent(Bool.self, forKey: .piiCleared) ?? false
        cardURL = try c.decodeIfPresent(String.self, forKey: .cardURL)
        card = try c.decodeIfPresent(JSONValue.self, forKey: .card)
        authentication = try c.decodeIfPresent(AgentAuthentication.self, forKey: .authentication)
        rateLimit = try c.decodeIfPresent(ToolDefinition.RateLimit.self, forKey: .rateLimit)
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? 10_000
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
    }

    /// What the agent may be sent.
    public var dataClearance: DataClearance { DataClearance(maxLevel: clearance, piiCleared: piiCleared, region: region) }

    /// Every secret the agent's authentication needs.
    public var requiredCredentials: [String] { authentication?.requiredCredentials ?? [] }

    static func isHTTPURL(_ s: String) -> Bool {
        guard s.utf8.count <= 2000, let u = URL(string: s), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = u.host, !host.isEmpty
        else { return false }
        return true
    }

    /// Every problem with this registration, each naming its field. Empty when it is acceptable.
    public func problems() -> [String] {
        var out: [String] = []
        func need(_ ok: Bool, _ field: String, _ message: String) { if !ok { out.append("\(field): \(message)") } }
        need(ToolDefinition.isValidName(name), "name", "use 1 to 64 of letters, digits, '_', '-' or '.'")
        for (field, text, limit) in [("description", description, 8000), ("purpose", purpose, 8000), ("owner", owner, 200)] {
            need(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, field, "must not be empty")
            need(text.count <= limit, field, "must be at most \(limit) characters")
        }
        if let r = region {
            need(!r.isEmpty && r.utf8.count <= 64 && r.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "region",
                 "1 to 64 printable ASCII characters, e.g. eu-west")
        }
        need((cardURL == nil) != (card == nil), "cardURL", "give exactly one of cardURL (fetched) and card (inline)")
        if let u = cardURL { need(Self.isHTTPURL(u), "cardURL", "an http or https URL") }
        if let c = card { need(c.objectValue != nil, "card", "an agent card is a JSON object") }
        if let a = authentication { out += a.problems(field: "authentication") }
        if trustLevel != .internal, let u = cardURL, u.lowercased().hasPrefix("http:") {
            out.append("cardURL: a \(trustLevel.rawValue) agent is reached over https only")
        }
        need(timeoutMs >= 1 && timeoutMs <= 600_000, "timeoutMs", "must be between 1 and 600000")
        if let r = rateLimit {
            need(r.requests >= 1 && r.requests <= 1_000_000, "rateLimit.requests", "must be between 1 and 1000000")
            need(r.perSeconds >= 1 && r.perSeconds <= 86_400, "rateLimit.perSeconds", "must be between 1 and 86400")
        }
        if let t = tags {
            need(t.count <= 50 && t.allSatisfy { !$0.isEmpty && $0.count <= 100 }, "tags", "at most 50 tags of 1 to 100 characters")
        }
        return out
    }

    /// Throws `invalid_input` listing every problem, when there is any.
    public func validate() throws {
        let found = problems()
        guard found.isEmpty else {
            throw WardenError(.invalidInput, "the agent registration is not acceptable: " + found.joined(separator: "; "))
        }
    }

    /// The canonical JSON of this definition (sorted keys, no whitespace).
    public var canonicalJSON: JSONValue { (try? JSONValue.encoding(self)) ?? .null }
}
