import ArgumentParser
import Foundation
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore

/// `warden demo`: the whole story of a governed tool in one process, on a temporary database.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk through a tool's governed life in one process: proposal to decommissioning.",
        discussion: """
            Creates a temporary database, people with each governance role and an agent, then proposes a tool, \
            files every review, shows a refused self-approval, approves and activates the tool, calls it (one \
            call succeeds, one is refused for role, one for invalid input, a burst is rate limited), \
            decommissions it and verifies the audit chain. Each step is printed as it happens; nothing outside \
            the temporary directory is touched (it is removed at the end unless --keep is given).
            """)

    @Flag(name: .long, help: "Keep the temporary database and print its path.")
    var keep = false

    func run() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: dir) } }
        let path = dir.appendingPathComponent("warden.db").path
        let engine = try await WardenEngine(store: try SQLiteStore(path: path), secrets: FixedSecrets(values: [:]))
        let story = DemoStory(engine: engine, mcp: MCPServer(engine: engine))
        try await story.run()
        if keep { print("\nThe database is kept at \(path) (try: warden audit verify --database \(path)).") }
    }
}

/// The demo's steps, printed one by one.
struct DemoStory {
    let engine: WardenEngine
    /// Warden's MCP endpoint, called in process exactly as the HTTP route calls it.
    let mcp: MCPServer
    var service: GovernanceService { engine.service }

    private func step(_ n: Int, _ title: String) {
        print("\n\(n). \(title)")
    }

    private func ok(_ text: String) { print("   ✓ \(text)") }
    private func refused(_ text: String) { print("   ✗ \(text)") }

    private func ctx(_ id: String) async throws -> CallContext {
        guard let p = try await engine.store.read({ try $0.principal(id: id) }) else { throw WardenError.notFound(id) }
        return CallContext(principal: p, requestID: "demo-\(UUID().uuidString.prefix(8))")
    }

    func run() async throws {
        step(1, "First start: a bootstrap administrator, and the built-in tools on record")
        let boot = try await service.bootstrap(adminKey: nil)
        _ = try await engine.registry.reload()
        ok("administrator '\(boot.principal)' created; built-ins recorded as approved by it: \(boot.builtinsRecorded.joined(separator: ", "))")

        step(2, "People with governance roles, and an agent")
        let admin = try await ctx("admin")
        let people: [(String, String, Principal.Kind, [Role])] = [
            ("alice", "Alice (requester, also on the board)", .person, [.requester, .governanceBoard]),
            ("sam", "Sam (security)", .person, [.securityReviewer]), ("fay", "Fay (functional)", .person, [.functionalReviewer]),
            ("cole", "Cole (compliance)", .person, [.complianceReviewer]), ("bea", "Bea (board)", .person, [.governanceBoard]),
            ("ben", "Ben (board)", .person, [.governanceBoard]), ("ada", "Ada (auditor)", .person, [.auditor]),
            ("support-bot", "Support bot", .agent, [.agent]),
        ]
        for (id, name, kind, roles) in people {
            _ = try await service.createPrincipal(admin, NewPrincipal(id: id, displayName: name, kind: kind, roles: roles))
            ok("\(name): \(roles.map(\.rawValue).joined(separator: ", "))")
        }

        step(3, "Alice proposes 'contacts.redact' 1.0.0 (a built-in redactor, at most 3 calls a minute per agent)")
        let version = SemanticVersion("1.0.0")!
        let definition = Self.definition(version: version)
        let proposed = try await service.propose(try await ctx("alice"), definition)
        ok("proposed; digest \(proposed.digest.prefix(16))…, state \(proposed.state.rawValue)")

        step(4, "Reviews: security, functional, compliance & ethics, risk assessment")
        for (who, kind) in [("sam", ReviewKind.security), ("fay", .functional), ("cole", .compliance), ("sam", .risk)] {
            _ = try await service.fileReview(try await ctx(who), name: definition.name, version: version, Self.review(kind))
            ok("\(kind.rawValue) review by \(who): pass")
        }

        step(5, "Alice tries to approve her own proposal")
        do {
            _ = try await service.vote(try await ctx("alice"), name: definition.name, version: version, .init(approve: true))
            refused("unexpectedly accepted")
        } catch let e as WardenError {
            refused("refused (\(e.code.rawValue)): \(e.message)")
        }

        step(6, "Two other board members approve; the decision is recorded; the tool is activated")
        for who in ["bea", "ben"] {
            _ = try await service.vote(try await ctx(who), name: definition.name, version: version, .init(approve: true, comment: "evidence is sound"))
            ok("\(who) approves")
        }
        _ = try await service.decide(try await ctx("bea"), name: definition.name, version: version,
                                     .init(outcome: .approved, reasons: "All reviews pass; low risk."))
        ok("decision: approved")
        let active = try await service.transition(admin, name: definition.name, .init(action: .activate))
        ok("state \(active.state.rawValue); the registry serves it at once: \(engine.registry.tool(named: definition.name) != nil)")

        step(7, "MCP tools/call (protocol 2026-07-28), each through the invocation pipeline")
        let text = "Write to jane.doe@example.com or call +1 415 555 0100."
        for (who, arguments, label) in [("support-bot", JSONValue.object(["text": .string(text)]), "support-bot"),
                                         ("ada", ["text": .string(text)], "ada (auditor, not an agent)"),
                                         ("support-bot", ["txt": .string(text)], "support-bot with a wrong field")] {
            let r = try await call(who, definition.name, arguments)
            if let code = r.code { refused("\(label): \(code): \(r.text)") } else { ok("\(label): \(r.text)") }
        }

        step(8, "A burst of 4 calls (the limit is 3 a minute; one was used above)")
        for i in 1...4 {
            let r = try await call("support-bot", definition.name, ["text": .string("call \(i)")])
            if let code = r.code { refused("call \(i): \(code)") } else { ok("call \(i) served") }
        }

        step(9, "The tool is decommissioned; MCP no longer knows it")
        _ = try await service.transition(admin, name: definition.name, .init(action: .decommission, reason: "replaced by a newer tool"))
        ok("decommissioned")
        let last = try await call("support-bot", definition.name, ["text": "hello"])
        if let code = last.code { refused("support-bot: \(code): \(last.text)") } else { refused("the call was served") }

        step(10, "The audit log: every step above, hash-chained")
        let report = try await service.verifyAudit(try await ctx("ada"))
        let events = try await engine.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        var byAction: [String: Int] = [:]
        for e in events { byAction[e.action, default: 0] += 1 }
        ok("\(report.eventsChecked) events, chain \(report.ok ? "intact" : "BROKEN at \(report.firstBadSeq ?? -1)")")
        for (action, count) in byAction.sorted(by: { $0.key < $1.key }) { print("     \(action): \(count)") }
    }

    /// Calls `tool` over MCP as `who`: the structured result as text, or Warden's error code and message.
    private func call(_ who: String, _ tool: String, _ arguments: JSONValue) async throws -> (text: String, code: String?) {
        let principal = try await ctx(who).principal
        let version = MCPProtocolVersion.stateless
        let body: JSONValue = [
            "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": ["name": .string(tool), "arguments": arguments,
                       "_meta": ["io.modelcontextprotocol/protocolVersion": .string(version),
                                 "io.modelcontextprotocol/clientCapabilities": [:]]],
        ]
        let request = MCPHTTPRequest(method: "POST", headers: [
            "content-type": "application/json", "accept": "application/json, text/event-stream",
            "mcp-protocol-version": version, "mcp-method": "tools/call", "mcp-name": tool,
        ], body: body.canonicalData, principal: principal, requestID: "demo-\(UUID().uuidString.prefix(8))")
        let response = await mcp.handle(request)
        guard case .json(let data) = response.body, let answer = try? JSONValue(parsing: data) else {
            throw WardenError(.internal, "the MCP endpoint answered \(response.status) without a JSON body")
        }
        if let error = answer["error"] {
            let code = error["code"].map { $0.canonicalString } ?? "?"
            return (error["message"]?.stringValue ?? "", "JSON-RPC error \(code)")
        }
        guard let result = answer["result"] else { throw WardenError(.internal, "the MCP endpoint answered without a result") }
        let text = result["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
        if result["isError"]?.boolValue == true {
            let code = result["_meta"]?["io.warden/errorCode"]?.stringValue ?? "error"
            let message = text.hasPrefix(code + ": ") ? String(text.dropFirst(code.count + 2)) : text
            return (message, code)
        }
        return (result["structuredContent"]?.canonicalString ?? text, nil)
    }

    static func definition(version: SemanticVersion) -> ToolDefinition {
        let builtin = BuiltinTools.definitions.first { $0.name == "text.redact" }
        return ToolDefinition(
            name: "contacts.redact", version: version, title: "Redact contact data",
            description: "Replaces e-mail addresses and phone numbers in a text with placeholders.",
            purpose: "Support agents forward customer messages to partners without personal contact data.",
            justification: "Required by the data-minimization policy for partner hand-offs.",
            provider: ToolProvider(kind: .builtin, origin: .internal, builtin: "text.redact"),
            useCases: ["Minimize a customer message before an A2A hand-off"],
            dataRequirements: .init(reads: [.confidential], returns: [.internal]),
            inputSchema: builtin?.inputSchema ?? ["type": "object"], outputSchema: builtin?.outputSchema,
            requiredCredentials: [], requiredRole: .agent, rateLimit: .init(requests: 3, perSeconds: 60), timeoutMs: 2000,
            owner: "support-platform", usageGuidelines: "Use before sending customer text to any partner.",
            limitations: ["Finds e-mail addresses and phone numbers only."], idempotent: true)
    }

    static func review(_ kind: ReviewKind) -> ReviewSubmission {
        var s = ReviewSubmission(kind: kind, verdict: .pass, summary: "\(kind.rawValue) review")
        switch kind {
        case .security:
            s.security = .init(sourceAnalysis: "Swift built-in, no I/O", permissions: "none", inputOutputValidation: "schemas closed",
                               dependencies: "none", vendorTrust: "internal")
        case .functional:
            s.functional = .init(performance: "microseconds", reliability: "no upstream", accuracy: "tested on samples", businessFit: "yes")
        case .compliance:
            s.compliance = .init(dataHandling: "reads confidential text, returns it minimized", regulations: ["GDPR"],
                                 biasAndMisuse: "low", transparency: "placeholders say what was removed")
        case .risk:
            s.risks = [.init(category: .security, description: "misses unusual phone formats", severity: .low,
                             mitigation: "partners receive internal data only")]
        }
        return s
    }
}
