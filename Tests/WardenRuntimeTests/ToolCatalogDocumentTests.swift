import Foundation
import Testing
import WardenCore
@testable import WardenRuntime

/// Records for the catalog tests, made by hand (the renderer is a pure function of them).
private enum CatalogFixtures {
    static let decidedAt = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    static let generatedAt = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    /// A third-party HTTP tool with every optional field set.
    static func weather(name: String = "weather.lookup", version: String = "1.2.0", description: String? = nil,
                        title: String = "Weather lookup") -> ToolDefinition {
        ToolDefinition(
            name: name, version: SemanticVersion(version) ?? SemanticVersion("0.0.1")!, title: title,
            description: description ?? "Returns the forecast for a city.",
            purpose: "Agents plan trips and need the weather.", justification: "Customers asked for forecasts in chat.",
            provider: ToolProvider(kind: .http, origin: .thirdParty, vendor: "Acme Weather Ltd",
                                   http: .init(method: "POST", url: "https://api.acme-weather.example:8443/v1/forecast?key={{secret.API_TOKEN}}",
                                               headers: ["X-Key": "{{secret.API_TOKEN}}"])),
            useCases: ["Plan a picnic", "Warn about storms"],
            dataRequirements: .init(reads: [.public, .internal], returns: [.confidential], description: "city names and forecasts"),
            inputSchema: ["type": "object", "required": ["city"], "additionalProperties": false,
                          "properties": ["city": ["type": "string", "maxLength": 64], "days": ["type": "integer", "minimum": 1]]],
            outputSchema: ["type": "object", "properties": ["summary": ["type": "string"]]],
            requiredCredentials: ["API_TOKEN", "ACCOUNT_ID"], requiredRole: "travel_agent",
            rateLimit: .init(requests: 100, perSeconds: 60), timeoutMs: 5000, owner: "travel-platform",
            usageGuidelines: "Call once per city and day range.\nPrefer days of 7 or fewer.",
            limitations: ["Forecasts beyond 10 days are unreliable.", "No historical data."], idempotent: true,
            annotations: .init(readOnlyHint: true, destructiveHint: false, openWorldHint: true))
    }

    static func record(_ d: ToolDefinition, state: LifecycleState = .active, decision: Decision? = approved(),
                       reviewDueAt: Date? = Date(timeIntervalSince1970: 1_800_000_000)) -> ToolVersionRecord {
        ToolVersionRecord(definition: d, digest: d.digest, state: state, proposer: "alice", proposedAt: decidedAt,
                          updatedAt: decidedAt, decision: decision, reviewDueAt: reviewDueAt)
    }

    static func approved(conditions: ApprovalConditions? = nil) -> Decision {
        Decision(outcome: conditions == nil ? .approved : .approvedWithConditions, reasons: "All reviews passed.",
                 conditions: conditions, decidedBy: "board-chair", decidedAt: decidedAt, approvers: ["b1", "b2"])
    }

    static func builtin(_ name: String) -> ToolDefinition {
        BuiltinTools.definitions.first { $0.name == name } ?? BuiltinTools.definitions[0]
    }
}

@Suite("Tool catalog document")
struct ToolCatalogDocumentTests {
    @Test("every field of a tool appears, with the conditions of its approval applied")
    func everyField() {
        let conditions = ApprovalConditions(rateLimit: .init(requests: 30, perSeconds: 60), requiredRole: "senior_agent",
                                            timeoutMs: 3000, reviewIntervalDays: 90, notes: ["Only for EU customers."])
        let record = CatalogFixtures.record(CatalogFixtures.weather(), decision: CatalogFixtures.approved(conditions: conditions))
        let md = ToolCatalogDocument.markdown(tools: [record], secretsDirectory: "/run/secrets/warden",
                                              generatedAt: CatalogFixtures.generatedAt)
        let expected = [
            "# Tool catalog", "## Contents", "## weather.lookup 1.2.0", "**Weather lookup**, active",
            "Returns the forecast for a city.", "Agents plan trips and need the weather.", "Customers asked for forecasts in chat.",
            "- Plan a picnic", "- Warn about storms",
            "HTTP endpoint, `POST` requests to `https://api.acme-weather.example:8443`", "third party, vendor Acme Weather Ltd",
            "**Reads:** public, internal", "**Returns:** confidential", "**Most sensitive level touched:** confidential",
            "city names and forecasts",
            "**Required role:** `senior_agent` (set by the approval conditions; proposed: `travel_agent`)",
            "**Rate limit:** 30 calls per 60 s (set by the approval conditions; proposed: 100 calls per 60 s)",
            "**Timeout:** 3000 ms (set by the approval conditions; proposed: 5000 ms)",
            "**Idempotent:** yes", "**Owner:** travel-platform",
            "| `API_TOKEN` | `WARDEN_SECRET_API_TOKEN` | `/run/secrets/warden/API_TOKEN` |",
            "| `ACCOUNT_ID` | `WARDEN_SECRET_ACCOUNT_ID` | `/run/secrets/warden/ACCOUNT_ID` |",
            "`{{secret.NAME}}`",
            "### Input schema\n\n```json\n{\n  \"additionalProperties\": false,\n  \"properties\": {\n    \"city\": {\n      \"maxLength\": 64,",
            "### Output schema\n\n```json\n{\n  \"properties\": {\n    \"summary\": {",
            "Call once per city and day range.\\\nPrefer days of 7 or fewer.",
            "- Forecasts beyond 10 days are unreliable.", "- No historical data.",
            "**Read-only:** yes", "**Destructive:** no", "**Open world:** yes",
            "**Decision:** approved with conditions, recorded by board-chair at 2026-05-28", "**Approvers:** b1, b2",
            "**Reasons:** All reviews passed.",
            "at most 30 calls per 60 s; callers must hold the role `senior_agent`; timeout at most 3000 ms; periodic review every 90 days; Only for EU customers.",
            "**Periodic review:** due 2027-01-15", "not overdue as of 2026-09-21",
            "**Definition digest (SHA-256):** `\(record.digest)`", "**Proposed by:** alice",
            "Generated by `warden docs catalog` at 2026-09-21",
            "| [weather.lookup](#weatherlookup-120) | 1.2.0 | Weather lookup | active | `senior_agent` | due 2027-01-15 |",
        ]
        for text in expected { #expect(md.contains(text), "missing: \(text)") }
        #expect(!md.contains("/v1/forecast"), "only the host of an HTTP endpoint is shown")
        #expect(!md.contains("Not stated"))
    }

    @Test("a credential is named with its variable and file; its value never appears, even when it is available")
    func secretsByNameOnly() {
        let value = "s3cr3t-VALUE-do-not-print", other = "env-only-VALUE-42"
        let record = CatalogFixtures.record(CatalogFixtures.weather())
        let fixed = ToolCatalogDocument.markdown(tools: [record], generatedAt: nil,
                                                 options: .init(secrets: FixedSecrets(values: ["API_TOKEN": value])))
        #expect(fixed.contains("`API_TOKEN`") && fixed.contains("`WARDEN_SECRET_API_TOKEN`"))
        #expect(fixed.contains("available where this was generated"))
        #expect(fixed.contains("| `API_TOKEN` | `WARDEN_SECRET_API_TOKEN` | (no secrets directory configured) | yes |"))
        #expect(fixed.contains("| `ACCOUNT_ID` | `WARDEN_SECRET_ACCOUNT_ID` | (no secrets directory configured) | **no** |"))
        #expect(!fixed.contains(value))

        let env = EnvironmentSecrets(prefix: "ACME_", environment: ["ACME_API_TOKEN": other, "ACME_ACCOUNT_ID": value])
        let prefixed = ToolCatalogDocument.markdown(tools: [record], secretsPrefix: "ACME_", secretsDirectory: "/etc/acme/",
                                                    generatedAt: nil, options: .init(secrets: env))
        #expect(prefixed.contains("| `ACCOUNT_ID` | `ACME_ACCOUNT_ID` | `/etc/acme/ACCOUNT_ID` | yes |"))
        #expect(prefixed.contains("environment variable `ACME_NAME`, then in the file `/etc/acme/NAME`"))
        #expect(!prefixed.contains(value) && !prefixed.contains(other))
        #expect(!prefixed.contains("WARDEN_SECRET_"))
    }

    @Test("hostile text from a proposal is escaped: no HTML, no broken table, no headings, links or code of its own")
    func hostileTextEscaped() {
        let hostile = "Evil | column `code` <script>alert(1)</script> & [click](https://evil.example)\n# Heading\n- item\n```\n1. one"
        let d = CatalogFixtures.weather(description: hostile, title: "Pipe | `tick` <b>bold</b>")
        let md = ToolCatalogDocument.markdown(tools: [CatalogFixtures.record(d)], generatedAt: nil)
        #expect(!md.contains("<script>") && !md.contains("<b>"))
        #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\[click\\](https://evil.example)"))
        #expect(md.contains("Evil \\| column \\`code\\`"))
        let lines = md.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(!lines.contains { $0.hasPrefix("# Heading") } && lines.contains("\\# Heading\\"))
        #expect(!lines.contains("- item") && lines.contains("\\- item\\"))
        #expect(!lines.contains { $0.hasPrefix("```") && $0 != "```json" && $0 != "```" } )
        #expect(lines.filter { $0 == "```" }.count == lines.filter { $0 == "```json" }.count, "every fence opened is one Warden closes")
        #expect(lines.contains("1\\. one"))
        // The contents row keeps its seven column separators: the title's pipe is escaped.
        let row = lines.first { $0.hasPrefix("| [weather.lookup]") }.map(String.init) ?? ""
        #expect(row.contains("Pipe \\| \\`tick\\` &lt;b&gt;bold&lt;/b&gt;"))
        #expect(Self.unescapedPipes(row) == 7)
    }

    @Test("tools come in name order whatever the input order, and the same input gives the same bytes")
    func deterministicOrder() {
        let records = [CatalogFixtures.record(CatalogFixtures.builtin("time.now")),
                       CatalogFixtures.record(CatalogFixtures.weather(name: "a.first")),
                       CatalogFixtures.record(CatalogFixtures.builtin("math.evaluate")),
                       CatalogFixtures.record(CatalogFixtures.builtin("text.redact")),
                       CatalogFixtures.record(CatalogFixtures.weather(name: "Zeta"))]
        let first = ToolCatalogDocument.markdown(tools: records, generatedAt: CatalogFixtures.generatedAt)
        for _ in 0..<5 {
            #expect(ToolCatalogDocument.markdown(tools: records.shuffled(), generatedAt: CatalogFixtures.generatedAt) == first)
        }
        let headings = first.split(separator: "\n").filter { $0.hasPrefix("## ") && $0 != "## Contents" }
        #expect(headings == ["## Zeta 1.2.0", "## a.first 1.2.0", "## math.evaluate 1.0.0", "## text.redact 1.0.0", "## time.now 1.0.0"])
    }

    @Test("by default only the serving version of each tool is listed; --all-states lists every version")
    func servingOnlyByDefault() {
        let w = CatalogFixtures.weather
        let records = [
            CatalogFixtures.record(w("w.active", "2.0.0", nil, "t"), state: .active),
            CatalogFixtures.record(w("w.active", "1.0.0", nil, "t"), state: .superseded),
            CatalogFixtures.record(w("w.active", "3.0.0", nil, "t"), state: .proposed, decision: nil),
            CatalogFixtures.record(w("w.deprecated", "1.0.0", nil, "t"), state: .deprecated),
            CatalogFixtures.record(w("w.suspended", "1.0.0", nil, "t"), state: .suspended),
            CatalogFixtures.record(w("w.gone", "1.0.0", nil, "t"), state: .decommissioned),
            CatalogFixtures.record(w("w.rejected", "1.0.0", nil, "t"), state: .rejected),
        ]
        let serving = ToolCatalogDocument.selection(records, allStates: false).map { "\($0.name)@\($0.version)" }
        #expect(serving == ["w.active@2.0.0", "w.deprecated@1.0.0"])
        let md = ToolCatalogDocument.markdown(tools: records, generatedAt: nil)
        #expect(md.contains("## w.active 2.0.0") && md.contains("## w.deprecated 1.0.0"))
        for absent in ["w.active 1.0.0", "w.active 3.0.0", "w.suspended", "w.gone", "w.rejected"] { #expect(!md.contains(absent)) }
        #expect(md.contains("The serving version of each tool (active or deprecated): 2 tools."))

        let all = ToolCatalogDocument.markdown(tools: records, generatedAt: nil, options: .init(allStates: true))
        #expect(all.contains("Every version in every lifecycle state: 7 versions of 5 tools."))
        #expect(all.contains("## w.active 1.0.0") && all.contains("## w.active 3.0.0") && all.contains("## w.gone 1.0.0"))
        #expect(all.contains("**Decision:** none yet"))
        #expect(ToolCatalogDocument.markdown(tools: [], generatedAt: nil).contains("No tool is serving"))
    }

    @Test("a review past its due date is overdue as of the generation time")
    func overdueReview() {
        let due = Date(timeIntervalSince1970: 1_785_000_000)  // 2026-07-25
        let record = CatalogFixtures.record(CatalogFixtures.weather(), reviewDueAt: due)
        let later = ToolCatalogDocument.markdown(tools: [record], generatedAt: CatalogFixtures.generatedAt)
        #expect(later.contains("**overdue** since 2026-07-25 |"))
        #expect(later.contains("**Periodic review:** **overdue**: it was due 2026-07-25"))
        let earlier = ToolCatalogDocument.markdown(tools: [record], generatedAt: CatalogFixtures.decidedAt)
        #expect(earlier.contains("due 2026-07-25 |") && !earlier.contains("overdue**"))
        let undated = ToolCatalogDocument.markdown(tools: [record], generatedAt: nil,
                                                   options: .init(includesRecordDates: false, asOf: CatalogFixtures.generatedAt))
        #expect(undated.contains("| **overdue** |") && !undated.contains("2026-07-25"))
        let never = CatalogFixtures.record(CatalogFixtures.weather(), state: .approved, reviewDueAt: nil)
        #expect(ToolCatalogDocument.markdown(tools: [never], generatedAt: nil, options: .init(allStates: true))
            .contains("no periodic review is scheduled"))
    }

    @Test("without dates the document depends only on the definitions and decisions")
    func reproducibleWithoutDates() {
        func records(at base: TimeInterval) -> [ToolVersionRecord] {
            BuiltinTools.definitions.map { d in
                let at = Date(timeIntervalSince1970: base)
                return ToolVersionRecord(definition: d, digest: d.digest, state: .active, proposer: "admin", proposedAt: at,
                                         updatedAt: at, decision: Decision(outcome: .approved, reasons: "Built-in.", conditions: nil,
                                                                           decidedBy: "admin", decidedAt: at, approvers: ["admin"]),
                                         reviewDueAt: at.addingTimeInterval(180 * 86_400))
            }
        }
        let options = ToolCatalogDocument.Options(includesRecordDates: false)
        let a = ToolCatalogDocument.markdown(tools: records(at: 1_700_000_000), generatedAt: nil, options: options)
        let b = ToolCatalogDocument.markdown(tools: records(at: 1_750_000_000), generatedAt: nil, options: options)
        #expect(a == b)
        #expect(a.range(of: #"20[0-9]{2}-[0-9]{2}-[0-9]{2}"#, options: .regularExpression) == nil, "no date in \(a.prefix(400))")
        #expect(a.contains("built-in (Swift code shipped with Warden)") && a.contains("Needs no credentials."))
    }

    @Test("an upstream MCP server is shown without the credentials or query of its URL")
    func mcpProvider() {
        var d = CatalogFixtures.weather(name: "search.docs")
        d.provider = ToolProvider(kind: .mcp, origin: .internal,
                                  mcp: .init(url: "https://user:pa55word@mcp.example.com/mcp?token=abc#x", tool: "search", pin: nil))
        d.requiredCredentials = ["UPSTREAM_TOKEN"]
        var s = CatalogFixtures.weather(name: "search.local")
        s.provider = ToolProvider(kind: .mcp, origin: .internal,
                                  mcp: .init(command: ["uvx", "docs-server", "--root", "/srv/docs"], tool: "find", pin: String(repeating: "a", count: 64)))
        let md = ToolCatalogDocument.markdown(tools: [CatalogFixtures.record(d), CatalogFixtures.record(s)], generatedAt: nil)
        #expect(md.contains("upstream MCP server over Streamable HTTP at `https://mcp.example.com/mcp`, tool `search`"))
        #expect(!md.contains("pa55word") && !md.contains("token=abc"))
        #expect(md.contains("The first credential (`UPSTREAM_TOKEN`) is sent to the upstream as `Authorization: Bearer`."))
        #expect(md.contains("none (an unpinned tool is quarantined at the first drift check)"))
        #expect(md.contains("over stdio, launched as `uvx docs-server --root /srv/docs`, tool `find`"))
        #expect(md.contains("`\(String(repeating: "a", count: 64))`"))
    }

    @Test("Markdown escaping helpers: code spans outlast their content, blocks keep paragraphs and line breaks")
    func escapingHelpers() {
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("`x`") == "`` `x` ``")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
        #expect(MarkdownText.block("one\ntwo\n\n\nthree") == "one\\\ntwo\n\nthree")
        #expect(MarkdownText.block("   \n\n") == "")
        #expect(MarkdownText.inline("  + plus\n= eq  ") == "\\+ plus = eq")
        #expect(MarkdownText.inline("12) x") == "12\\) x")
        #expect(MarkdownText.inline("a_b*c~d$e\\f") == "a\\_b\\*c\\~d\\$e\\\\f")
    }

    @Test("JSON is printed indented with keys in canonical order")
    func prettyJSON() {
        let v: JSONValue = ["b": [1, "two", ["z": true, "a": .null]], "a": [:], "c": []]
        #expect(v.prettyString == """
            {
              "a": {},
              "b": [
                1,
                "two",
                {
                  "a": null,
                  "z": true
                }
              ],
              "c": []
            }
            """)
        #expect(JSONValue.string("q\"\n").prettyString == #""q\"\n""#)
    }

    /// The `|` characters of a table row that are not escaped with a backslash.
    static func unescapedPipes(_ row: String) -> Int {
        var count = 0, escaped = false
        for c in row {
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true } else if c == "|" { count += 1 }
        }
        return count
    }
}
