/// Checks that a tool asks for no more access than it needs, and sends data only where it should.
///
/// Rules (codes in ``CheckFindingCode``):
/// - `privilege.role_too_broad` (high): the tool reads or returns confidential or restricted data and requires
///   the `agent` role, which every agent holds. Returned data counts too: it reaches the caller all the same.
/// - `privilege.unused_credential` (medium): a declared credential the provider never sends. An HTTP provider
///   uses the names it refers to as `{{secret.NAME}}` in its URL, header names or values, or body; an MCP
///   provider over HTTP sends the first declared credential as its bearer token (the others are unused); an MCP
///   provider over stdio and a built-in use none.
/// - `privilege.undeclared_credential` (medium): an HTTP provider refers to a secret the tool does not declare
///   (the call would fail).
/// - `privilege.shared_credential` (medium): a declared credential is also required by another tool (another name)
///   of another owner: one leaked or rotated secret then affects both, and neither owner alone is accountable.
/// - `privilege.restricted_to_third_party` (high), `privilege.confidential_to_third_party` (medium): a third-party
///   provider reads restricted (confidential) data, so it leaves the organisation.
/// - `privilege.host_not_allowed` (high): the HTTP or MCP URL's host is not in ``CheckContext/hostAllowList`` for
///   the provider's origin (no entry for the origin allows no host); `privilege.templated_host` (high): the host is
///   filled from arguments; `privilege.unreadable_url` (medium): no host can be read.
public struct LeastPrivilegeCheck: OnboardingCheck {
    public let name = "least_privilege"
    public let version = "1"

    public init() {}

    /// Checks `definition` against the allow-lists and other tools of `context`.
    public func run(_ definition: ToolDefinition, context: CheckContext) -> CheckResult {
        var findings = FindingCollector()
        checkRole(definition, into: &findings)
        checkCredentialUse(definition, into: &findings)
        checkSharedCredentials(definition, others: context.otherTools, into: &findings)
        checkThirdPartyData(definition, into: &findings)
        checkHost(definition, allowList: context.hostAllowList, into: &findings)
        return findings.result(of: self)
    }

    private func checkRole(_ d: ToolDefinition, into findings: inout FindingCollector) {
        let highest = d.dataRequirements.highest
        guard highest >= .confidential, d.requiredRole == .agent else { return }
        findings.add(.privilegeRoleTooBroad, .high, "Every agent may call a tool that touches \(highest.rawValue) data",
                     detail: "Require a role narrower than '\(Role.agent)' that only the agents who need this data hold.",
                     pointer: "/requiredRole", span: d.requiredRole.rawValue)
    }

    private func checkCredentialUse(_ d: ToolDefinition, into findings: inout FindingCollector) {
        let used: Set<String>
        let why: String
        var refs: [CredentialReferences.Reference] = []
        switch d.provider.kind {
        case .http:
            refs = d.provider.http.map(CredentialReferences.find) ?? []
            used = Set(refs.map(\.name))
            why = "The HTTP request never refers to it as {{secret.NAME}} (URL, headers, body)."
        case .mcp:
            if d.provider.mcp?.url != nil, let first = d.requiredCredentials.first {
                used = [first]
                why = "An MCP upstream is sent only the first declared credential, as its bearer token."
            } else {
                used = []
                why = "An MCP upstream over stdio is sent no credential."
            }
        case .builtin:
            used = []
            why = "A built-in tool uses no credential."
        case .a2a:
            used = []
            why = "An agent's credentials belong to its registration in the agent registry, not to the tool that calls it."
        }
        for (i, c) in d.requiredCredentials.enumerated() where !used.contains(c) {
            findings.add(.privilegeUnusedCredential, .medium, "A declared credential is never used", detail: why,
                         pointer: DefinitionPointer.appending("/requiredCredentials", index: i), span: c)
        }
        let declared = Set(d.requiredCredentials)
        var reported = Set<String>()
        for r in refs where !declared.contains(r.name) && reported.insert(r.name).inserted {
            findings.add(.privilegeUndeclaredCredential, .medium, "The request uses a credential the tool does not declare",
                         detail: "Declare \(r.name.prefix(128)) in requiredCredentials, or the call fails.",
                         pointer: r.pointer, span: "{{secret.\(r.name)}}")
        }
    }

    private func checkSharedCredentials(_ d: ToolDefinition, others: [ToolDefinition], into findings: inout FindingCollector) {
        for (i, c) in d.requiredCredentials.enumerated() {
            var sharers: [String] = []
            var seen = Set<String>()
            for o in others where o.name != d.name && o.owner != d.owner && o.requiredCredentials.contains(c) {
                if seen.insert(o.name).inserted { sharers.append("\(o.name) (owner \(o.owner))") }
            }
            guard !sharers.isEmpty else { continue }
            let listed = sharers.prefix(5).joined(separator: ", ") + (sharers.count > 5 ? " and \(sharers.count - 5) more" : "")
            findings.add(.privilegeSharedCredential, .medium, "A credential is shared with another owner's tools",
                         detail: "\(c) is also required by \(listed); give each owner its own credential.",
                         pointer: DefinitionPointer.appending("/requiredCredentials", index: i), span: c)
        }
    }

    private func checkThirdPartyData(_ d: ToolDefinition, into findings: inout FindingCollector) {
        guard d.provider.origin == .thirdParty else { return }
        let reads = d.dataRequirements.reads
        let vendor = d.provider.vendor.map { " (\($0))" } ?? ""
        if let i = reads.firstIndex(of: .restricted) {
            findings.add(.privilegeRestrictedToThirdParty, .high, "Restricted data goes to a third-party provider\(vendor)",
                         detail: "The tool reads restricted data and its provider is outside the organisation.",
                         pointer: DefinitionPointer.appending("/dataRequirements/reads", index: i), span: "restricted")
        } else if let i = reads.firstIndex(of: .confidential) {
            findings.add(.privilegeConfidentialToThirdParty, .medium, "Confidential data goes to a third-party provider\(vendor)",
                         detail: "The tool reads confidential data and its provider is outside the organisation.",
                         pointer: DefinitionPointer.appending("/dataRequirements/reads", index: i), span: "confidential")
        }
    }

    private func checkHost(_ d: ToolDefinition, allowList: [ToolProvider.Origin: [String]],
                           into findings: inout FindingCollector) {
        let url: String
        let pointer: String
        switch d.provider.kind {
        case .http:
            guard let u = d.provider.http?.url else { return }
            (url, pointer) = (u, "/provider/http/url")
        case .mcp:
            guard let u = d.provider.mcp?.url else { return }  // stdio: a local process, no host
            (url, pointer) = (u, "/provider/mcp/url")
        case .builtin, .a2a: return  // an agent's host is reviewed with its registration
        }
        let origin = d.provider.origin.rawValue
        switch URLHost.parse(url) {
        case .templated:
            findings.add(.privilegeTemplatedHost, .high, "The provider's host is filled from the call's arguments",
                         detail: "Callers could send requests anywhere; fix the host and pass arguments in the path, query or body.",
                         pointer: pointer, span: url)
        case .unreadable:
            findings.add(.privilegeUnreadableURL, .medium, "The provider URL has no readable host", pointer: pointer, span: url)
        case .host(let host):
            let allowed = allowList[d.provider.origin] ?? []
            guard !URLHost.host(host, matchesAnyOf: allowed) else { return }
            let detail = allowed.isEmpty
                ? "No host is allowed for \(origin) providers."
                : "Allowed for \(origin) providers: " + allowed.prefix(20).joined(separator: ", ") + (allowed.count > 20 ? ", …" : "") + "."
            findings.add(.privilegeHostNotAllowed, .high, "The host \(host.prefix(253)) is not allowed for \(origin) providers",
                         detail: detail, pointer: pointer, span: host)
        }
    }
}
