import Foundation
import WardenCore

/// One tool version's section of the catalog (see ``ToolCatalogDocument``).
struct ToolCatalogSection {
    /// Where credentials are looked up, to say so per credential.
    struct SecretLookup {
        var prefix: String
        var directory: String?
        /// When set, whether each credential is available is stated (presence only).
        var provider: (any SecretsProvider)?

        static func file(_ directory: String, _ name: String) -> String {
            directory.hasSuffix("/") ? directory + name : directory + "/" + name
        }
    }

    /// The sub-headings every section has, in order (so anchors can be computed without rendering).
    static let subheadings = [
        "Description (what the model is told)", "Purpose and use", "Provider", "Data", "Access and limits", "Configuration", "Input schema",
        "Output schema", "Usage guidelines for the model", "Limitations", "Annotations", "Approval and review",
    ]

    let record: ToolVersionRecord
    let secrets: SecretLookup
    /// Whether the record's own dates are printed.
    let dates: Bool
    /// The moment an overdue review is judged against.
    let asOf: Date

    private var served: ToolDefinition { record.effectiveDefinition }
    private var proposed: ToolDefinition { record.definition }

    /// The heading's text as rendered: `name version`.
    var heading: String { "\(record.name) \(record.version)" }

    var markdown: String {
        let d = served
        var out = "## \(MarkdownText.inline(d.name)) \(MarkdownText.inline(d.version.description))\n\n"
        out += "**\(MarkdownText.inline(d.title))**, \(record.state.rawValue)\n\n"
        out += "### Description (what the model is told)\n\n" + paragraph(d.description)
        out += "### Purpose and use\n\n"
        out += "**Purpose.** " + paragraph(d.purpose)
        out += "**Justification.** " + paragraph(d.justification)
        out += "**Use cases:**\n\n" + list(d.useCases)
        out += "### Provider\n\n" + provider
        out += "### Data\n\n" + data
        out += "### Access and limits\n\n" + limits
        out += "### Configuration\n\n" + configuration
        out += "### Input schema\n\n" + json(d.inputSchema)
        out += "### Output schema\n\n"
        out += d.outputSchema.map(json) ?? "None: the tool returns unstructured content only.\n\n"
        out += "### Usage guidelines for the model\n\n" + paragraph(d.usageGuidelines)
        out += "### Limitations\n\n" + list(d.limitations)
        out += "### Annotations\n\n" + annotations
        out += "### Approval and review\n\n" + approval
        // The document puts its own blank line between sections.
        return String(out.dropLast())
    }

    // MARK: parts

    private var provider: String {
        let p = served.provider
        var lines: [String] = []
        switch p.kind {
        case .builtin:
            lines.append("**Kind:** built-in (Swift code shipped with Warden), implementation "
                         + MarkdownText.code(p.builtin ?? served.name))
        case .http:
            if let h = p.http {
                lines.append("**Kind:** HTTP endpoint, " + MarkdownText.code(h.method) + " requests to "
                             + (Self.origin(of: h.url).map { MarkdownText.code($0) } ?? "a URL whose host cannot be read"))
            } else {
                lines.append("**Kind:** HTTP endpoint (not configured)")
            }
        case .mcp:
            if let m = p.mcp {
                let transport = if let url = m.url {
                    "over Streamable HTTP at " + (Self.withoutCredentials(url).map { MarkdownText.code($0) } ?? "a URL that cannot be read")
                } else if let command = m.command {
                    "over stdio, launched as " + MarkdownText.code(command.joined(separator: " "))
                } else {
                    "(no transport configured)"
                }
                lines.append("**Kind:** upstream MCP server " + transport + ", tool " + MarkdownText.code(m.tool))
                lines.append("**Pinned listing (SHA-256):** "
                             + (m.pin.map { MarkdownText.code($0) } ?? "none (an unpinned tool is quarantined at the first drift check)"))
            } else {
                lines.append("**Kind:** upstream MCP server (not configured)")
            }
        case .a2a:
            if let a = p.a2a {
                lines.append("**Kind:** the skill " + MarkdownText.code(a.skill) + " of the agent " + MarkdownText.code(a.agent) + ", over A2A")
                let alternates = (a.fallbackAgents ?? []).map { MarkdownText.code($0.agent) }
                if !alternates.isEmpty { lines.append("**Alternate agents:** " + alternates.joined(separator: ", ")) }
                if let t = a.fallbackTool { lines.append("**Fallback tool:** " + MarkdownText.code(t)) }
            } else {
                lines.append("**Kind:** A2A agent skill (not configured)")
            }
        }
        switch p.origin {
        case .internal: lines.append("**Origin:** internal" + (p.vendor.map { ", vendor " + MarkdownText.inline($0) } ?? ""))
        case .thirdParty: lines.append("**Origin:** third party, vendor " + MarkdownText.inline(p.vendor ?? "not named"))
        }
        return bullets(lines)
    }

    private var data: String {
        let r = served.dataRequirements
        func levels(_ l: [SensitivityLevel]) -> String { l.isEmpty ? "nothing" : l.map(\.rawValue).joined(separator: ", ") }
        var lines = ["**Reads:** " + levels(r.reads), "**Returns:** " + levels(r.returns),
                     "**Most sensitive level touched:** " + r.highest.rawValue]
        if let what = r.description, !what.isEmpty { lines.append("**What data:** " + MarkdownText.inline(what)) }
        return bullets(lines)
    }

    private var limits: String {
        let d = served, p = proposed
        func changed(_ differs: Bool, _ was: String) -> String { differs ? " (set by the approval conditions; proposed: \(was))" : "" }
        func rate(_ r: ToolDefinition.RateLimit?) -> String { r.map { "\($0.requests) calls per \($0.perSeconds) s" } ?? "none" }
        let idempotent = d.idempotent == true
            ? "yes (a call that fails transiently is retried)" : "no (a failed call is never retried)"
        return bullets([
            "**Required role:** " + MarkdownText.code(d.requiredRole.rawValue)
                + changed(d.requiredRole != p.requiredRole, MarkdownText.code(p.requiredRole.rawValue)),
            "**Rate limit:** " + rate(d.rateLimit) + changed(d.rateLimit != p.rateLimit, rate(p.rateLimit)),
            "**Timeout:** \(d.timeoutMs) ms" + changed(d.timeoutMs != p.timeoutMs, "\(p.timeoutMs) ms"),
            "**Idempotent:** " + idempotent,
            "**Owner:** " + MarkdownText.inline(d.owner),
        ])
    }

    private var configuration: String {
        let names = served.requiredCredentials
        guard !names.isEmpty else { return "Needs no credentials.\n\n" }
        var out = "Credentials are named, never shown. Each is looked up in the environment variable, then in the file.\n\n"
        let checks = secrets.provider
        out += "| secret | environment variable | file |" + (checks == nil ? "" : " available where this was generated |") + "\n"
        out += "| --- | --- | --- |" + (checks == nil ? "" : " --- |") + "\n"
        for name in names {
            let file = secrets.directory.map { MarkdownText.code(SecretLookup.file($0, name), inTable: true) }
                ?? "(no secrets directory configured)"
            out += "| \(MarkdownText.code(name, inTable: true)) | \(MarkdownText.code(secrets.prefix + name, inTable: true)) | \(file) |"
            if let checks { out += checks.secret(named: name) == nil ? " **no** |" : " yes |" }
            out += "\n"
        }
        out += "\n"
        switch served.provider.kind {
        case .http:
            out += "The request refers to a credential as `{{secret.NAME}}`; Warden fills it in at call time and redacts it "
                + "from results and errors.\n\n"
        case .mcp:
            out += "The first credential (\(MarkdownText.code(names[0]))) is sent to the upstream as `Authorization: Bearer`.\n\n"
        case .builtin, .a2a:
            break
        }
        out += "A version whose credentials are not all available cannot be activated.\n\n"
        return out
    }

    private var annotations: String {
        guard let a = served.annotations,
              a.readOnlyHint != nil || a.destructiveHint != nil || a.idempotentHint != nil || a.openWorldHint != nil
        else { return "None.\n\n" }
        func hint(_ label: String, _ v: Bool?) -> String? { v.map { "**\(label):** \($0 ? "yes" : "no")" } }
        let lines = [hint("Read-only", a.readOnlyHint), hint("Destructive", a.destructiveHint),
                     hint("Idempotent", a.idempotentHint), hint("Open world", a.openWorldHint)].compactMap { $0 }
        return bullets(lines) + "Hints for MCP clients, never trusted for policy.\n\n"
    }

    private var approval: String {
        var lines = ["**State:** " + record.state.rawValue]
        lines.append("**Proposed by:** " + MarkdownText.inline(record.proposer) + (dates ? " at \(WardenJSON.format(record.proposedAt))" : ""))
        if let decision = record.decision {
            let outcome = switch decision.outcome {
            case .approved: "approved"
            case .approvedWithConditions: "approved with conditions"
            case .rejected: "rejected"
            }
            lines.append("**Decision:** \(outcome), recorded by " + MarkdownText.inline(decision.decidedBy)
                         + (dates ? " at \(WardenJSON.format(decision.decidedAt))" : ""))
            lines.append("**Approvers:** " + (decision.approvers.isEmpty ? "none" : decision.approvers.map(MarkdownText.inline).joined(separator: ", ")))
            lines.append("**Reasons:** " + MarkdownText.inline(decision.reasons))
            let conditions = Self.conditions(decision.conditions)
            lines.append("**Conditions in force:** " + (conditions.isEmpty ? "none" : conditions.joined(separator: "; ")))
        } else {
            lines.append("**Decision:** none yet")
        }
        let review = ToolReviewStatus(dueAt: record.reviewDueAt, asOf: asOf)
        lines.append("**Periodic review:** " + review.sentence(dates: dates, asOf: asOf))
        lines.append("**Definition digest (SHA-256):** " + MarkdownText.code(record.digest))
        return bullets(lines)
    }

    // MARK: helpers

    static func conditions(_ c: ApprovalConditions?) -> [String] {
        guard let c else { return [] }
        var out: [String] = []
        if let r = c.rateLimit { out.append("at most \(r.requests) calls per \(r.perSeconds) s") }
        if let role = c.requiredRole { out.append("callers must hold the role " + MarkdownText.code(role.rawValue)) }
        if let t = c.timeoutMs { out.append("timeout at most \(t) ms") }
        if let days = c.reviewIntervalDays { out.append("periodic review every \(days) days") }
        for note in c.notes ?? [] { out.append(MarkdownText.inline(note)) }
        return out
    }

    /// `scheme://host[:port]` of `url`, nothing of its path, query or credentials.
    static func origin(of url: String) -> String? {
        guard let c = URLComponents(string: url), let scheme = c.scheme, let host = c.host, !host.isEmpty else { return nil }
        return "\(scheme)://\(host)" + (c.port.map { ":\($0)" } ?? "")
    }

    /// `url` without user, password, query and fragment, which may carry credentials.
    static func withoutCredentials(_ url: String) -> String? {
        guard var c = URLComponents(string: url), c.scheme != nil, c.host != nil else { return nil }
        c.user = nil
        c.password = nil
        c.query = nil
        c.fragment = nil
        return c.string
    }

    private func paragraph(_ text: String) -> String {
        let body = MarkdownText.block(text)
        return (body.isEmpty ? "None stated." : body) + "\n\n"
    }

    private func list(_ items: [String]) -> String {
        let shown = items.map(MarkdownText.inline).filter { !$0.isEmpty }
        return shown.isEmpty ? "None stated.\n\n" : bullets(shown)
    }

    private func bullets(_ lines: [String]) -> String {
        lines.map { "- " + $0 + "\n" }.joined() + "\n"
    }

    private func json(_ value: JSONValue) -> String {
        // Inside a fence nothing is interpreted, and a JSON string cannot hold a raw line break, so no line of the
        // schema can start with the fence and close it.
        "```json\n" + value.prettyString + "\n```\n\n"
    }
}
