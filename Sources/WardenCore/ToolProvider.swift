/// Where a tool's work is done, and who stands behind it.
public struct ToolProvider: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Swift code shipped with Warden.
        case builtin
        /// An HTTP endpoint called with a templated request.
        case http
        /// A tool of an upstream MCP server.
        case mcp
        /// A skill of another agent in the agent registry, called over A2A.
        case a2a
    }

    public enum Origin: String, Sendable, Codable {
        case `internal`
        case thirdParty = "third_party"
    }

    public var kind: Kind
    public var origin: Origin
    /// The vendor of a third-party provider.
    public var vendor: String?
    /// For `builtin`: the built-in implementation's name.
    public var builtin: String?
    /// For `http`.
    public var http: HTTPEndpoint?
    /// For `mcp`.
    public var mcp: MCPUpstream?
    /// For `a2a`.
    public var a2a: A2AUpstream?

    public init(kind: Kind, origin: Origin, vendor: String? = nil, builtin: String? = nil, http: HTTPEndpoint? = nil,
                mcp: MCPUpstream? = nil, a2a: A2AUpstream? = nil) {
        self.a2a = a2a
        self.kind = kind
        self.origin = origin
        self.vendor = vendor
        self.builtin = builtin
        self.http = http
        self.mcp = mcp
    }

    /// An HTTP endpoint; `{{name}}` in the URL, headers and body is replaced by input fields or, for
    /// `{{secret.NAME}}`, by a declared credential at call time.
    public struct HTTPEndpoint: Sendable, Codable, Equatable {
        public var method: String
        public var url: String
        public var headers: [String: String]?
        public var body: JSONValue?

        public init(method: String, url: String, headers: [String: String]? = nil, body: JSONValue? = nil) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }
    }

    /// An upstream MCP server reached over Streamable HTTP (`url`) or stdio (`command`).
    public struct MCPUpstream: Sendable, Codable, Equatable {
        public var url: String?
        public var command: [String]?
        /// The tool's name on the upstream server.
        public var tool: String
        /// The SHA-256 (hex) of the canonical JSON of the upstream's listing of this tool (its description,
        /// input and output schemas and annotations) as reviewed. When the upstream later lists something else,
        /// Warden quarantines the tool instead of serving an unreviewed definition.
        public var pin: String?

        public init(url: String? = nil, command: [String]? = nil, tool: String, pin: String? = nil) {
            self.url = url
            self.command = command
            self.tool = tool
            self.pin = pin
        }
    }

    /// A skill of a registered agent, with what to do when that agent cannot answer: alternate agents in order, then
    /// a governed tool of this Warden, then a clear error.
    public struct A2AUpstream: Sendable, Codable, Equatable {
        /// An alternate agent; its skill is the primary's unless named.
        public struct Alternate: Sendable, Codable, Equatable {
            public var agent: String
            public var skill: String?

            public init(agent: String, skill: String? = nil) {
                self.agent = agent
                self.skill = skill
            }
        }

        /// The agent's registry name.
        public var agent: String
        /// The skill id on its card.
        public var skill: String
        public var fallbackAgents: [Alternate]?
        /// A tool of this Warden called with the same arguments (and governed as any call) when no agent answers.
        public var fallbackTool: String?

        public init(agent: String, skill: String, fallbackAgents: [Alternate]? = nil, fallbackTool: String? = nil) {
            self.agent = agent
            self.skill = skill
            self.fallbackAgents = fallbackAgents
            self.fallbackTool = fallbackTool
        }

        /// The agents to try, in order, with their skills.
        public var targets: [(agent: String, skill: String)] {
            [(agent, skill)] + (fallbackAgents ?? []).map { ($0.agent, $0.skill ?? skill) }
        }
    }

    /// The governed tool a call falls back to when this provider cannot answer, if any.
    public var fallbackTool: String? { kind == .a2a ? a2a?.fallbackTool : nil }

    /// Problems with this provider's configuration, as (field path, message).
    func problems() -> [(String, String)] {
        var out: [(String, String)] = []
        let configured = [builtin != nil ? Kind.builtin : nil, http != nil ? .http : nil, mcp != nil ? .mcp : nil, a2a != nil ? .a2a : nil]
            .compactMap { $0 }
        if configured != [kind] {
            out.append(("provider", "a '\(kind.rawValue)' provider needs exactly its own '\(kind.rawValue)' section"))
        }
        if origin == .thirdParty && (vendor ?? "").isEmpty {
            out.append(("provider.vendor", "a third-party provider must name its vendor"))
        }
        if let b = builtin, !ToolDefinition.isValidName(b) {
            out.append(("provider.builtin", "not a valid built-in name"))
        }
        if let h = http {
            let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            if !methods.contains(h.method) {
                out.append(("provider.http.method", "method must be one of \(methods.joined(separator: ", "))"))
            }
            if !(h.url.hasPrefix("https://") || h.url.hasPrefix("http://")) || h.url.count > 2048 {
                out.append(("provider.http.url", "url must be an http:// or https:// URL of at most 2048 characters"))
            }
        }
        if let m = mcp {
            if (m.url == nil) == (m.command == nil) {
                out.append(("provider.mcp", "give exactly one of 'url' (Streamable HTTP) or 'command' (stdio)"))
            }
            if let c = m.command, c.isEmpty { out.append(("provider.mcp.command", "command must not be empty")) }
            if !ToolDefinition.isValidName(m.tool) { out.append(("provider.mcp.tool", "not a valid MCP tool name")) }
            if let pin = m.pin, pin.utf8.count != 64 || !pin.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) {
                out.append(("provider.mcp.pin", "pin must be a lowercase hex SHA-256 (64 characters)"))
            }
        }
        if let a = a2a {
            let skillOK: (String) -> Bool = { !$0.isEmpty && $0.utf8.count <= 200 && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
            if !ToolDefinition.isValidName(a.agent) { out.append(("provider.a2a.agent", "not a valid agent name")) }
            if !skillOK(a.skill) { out.append(("provider.a2a.skill", "a skill id of 1 to 200 characters")) }
            let alternates = a.fallbackAgents ?? []
            if alternates.count > 10 { out.append(("provider.a2a.fallbackAgents", "at most 10 alternate agents")) }
            for (i, alt) in alternates.prefix(10).enumerated() {
                if !ToolDefinition.isValidName(alt.agent) { out.append(("provider.a2a.fallbackAgents[\(i)].agent", "not a valid agent name")) }
                if let s = alt.skill, !skillOK(s) { out.append(("provider.a2a.fallbackAgents[\(i)].skill", "a skill id of 1 to 200 characters")) }
            }
            if Set(a.targets.map { "\($0.agent)/\($0.skill)" }).count != a.targets.count {
                out.append(("provider.a2a.fallbackAgents", "each agent and skill appears once"))
            }
            if let t = a.fallbackTool, !ToolDefinition.isValidName(t) { out.append(("provider.a2a.fallbackTool", "not a valid tool name")) }
        }
        return out
    }
}

extension ToolProvider.Origin: CodingKeyRepresentable {}
