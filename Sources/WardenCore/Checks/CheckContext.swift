/// What a check may need to know besides the definition itself: the configured allow-lists and the other tools.
public struct CheckContext: Sendable {
    /// The hosts an HTTP or MCP provider may be reached at, by the provider's origin. An entry is a host name
    /// (`api.example.com`, matched exactly and case-insensitively) or `*.` and a domain (`*.example.com`,
    /// any subdomain of it but not the domain itself). An origin without an entry allows no host.
    public var hostAllowList: [ToolProvider.Origin: [String]]
    /// The definitions of the other tools on record (any state), to find credentials shared between owners.
    public var otherTools: [ToolDefinition]
    /// Hosts a URL in a description may point at without a finding, in the same notation as ``hostAllowList``.
    public var knownHosts: [String]
    /// The advisory findings on record for the version under check (the dependency check reports them).
    public var advisoryFindings: [AdvisoryFinding]

    public init(hostAllowList: [ToolProvider.Origin: [String]] = [:], otherTools: [ToolDefinition] = [],
                knownHosts: [String] = [], advisoryFindings: [AdvisoryFinding] = []) {
        self.advisoryFindings = advisoryFindings
        self.hostAllowList = hostAllowList
        self.otherTools = otherTools
        self.knownHosts = knownHosts
    }
}
