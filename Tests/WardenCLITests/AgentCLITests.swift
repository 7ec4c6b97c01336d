import Foundation
import Testing
import WardenCore

@Suite("warden agent against a running server", .serialized)
struct AgentCLITests {
    static func registration(name: String, trust: String, version: String = "1.0.0") -> String {
        """
        name: \(name)
        version: "\(version)"
        description: Answers billing questions.
        purpose: Agents ask it about invoices.
        owner: team-billing
        trustLevel: \(trust)
        region: eu-west
        clearance: internal
        tags: [finance]
        card:
          name: Billing
          description: Invoices
          version: "1"
          supportedInterfaces: [{url: "https://billing.example.com/a2a", protocolBinding: JSONRPC, protocolVersion: "1.0"}]
          skills: [{id: invoice, name: Invoice, description: Finds invoices, tags: [billing]}]

        """
    }

    @Test func registerListShowAndRefreshAnAgent() throws {
        let server = try CLIHarness.startServer()
        defer { server.stop() }
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let rita = try principal(server, "rita", role: "requester")
        let bot = try principal(server, "bot", role: "agent", kind: "agent")

        let internalFile = try CLIHarness.write(Self.registration(name: "billing", trust: "internal"), to: "billing.yaml", in: dir)
        let registered = try server.run(["agent", "register", internalFile], key: rita)
        #expect(registered.status == 0, "\(registered)")
        #expect(registered.out.contains("Registered agent billing 1.0.0 (internal); it is active."))

        let externalFile = try CLIHarness.write(Self.registration(name: "outside", trust: "external"), to: "outside.yaml", in: dir)
        let external = try server.run(["agent", "register", externalFile], key: rita)
        #expect(external.status == 0, "\(external)")
        #expect(external.out.contains("it is proposed"))
        #expect(external.out.contains("warden agent review outside 1.0.0"))

        let list = try server.run(["agent", "list", "--skill", "invoice", "--serving"], key: bot)
        #expect(list.status == 0, "\(list)")
        #expect(list.out.contains("billing"))
        #expect(!list.out.contains("outside"), "an external agent does not serve before its review")
        let json = try server.run(["agent", "list", "--tag", "finance", "--json"], key: bot)
        let agents = try JSONDecoder().decode(JSONValue.self, from: Data(json.out.utf8))["agents"]?.arrayValue ?? []
        #expect(agents.compactMap { $0["name"]?.stringValue } == ["billing", "outside"])

        let show = try server.run(["agent", "show", "billing"], key: bot)
        #expect(show.status == 0, "\(show)")
        #expect(show.out.contains("skills: invoice [billing]"))
        #expect(show.out.contains("approve: proposed → approved by system"))

        let status = try server.run(["agent", "show", "outside", "1.0.0"], key: bot)
        #expect(status.out.contains("still needed"), "\(status)")

        // The external agent's review, a vote, and a decision the approval rule still refuses (one review of four).
        let sam = try principal(server, "sam", role: "security_reviewer")
        let bob = try principal(server, "bob", role: "governance_board")
        let review = try CLIHarness.write("""
            kind: security
            verdict: pass
            summary: Endpoint and card checked.
            findings: []
            security: {sourceAnalysis: n/a, permissions: one skill, inputOutputValidation: schemas on the card, dependencies: n/a, vendorTrust: contract}

            """, to: "review.yaml", in: dir)
        let filed = try server.run(["agent", "review", "outside", "1.0.0", "--file", review], key: sam)
        #expect(filed.status == 0, "\(filed)")
        #expect(filed.out.contains("Filed a security review of agent outside 1.0.0"))
        let vote = try server.run(["agent", "vote", "outside", "1.0.0", "--approve"], key: bob)
        #expect(vote.status == 0, "\(vote)")
        #expect(vote.out.contains("approve"))
        let decide = try server.run(["agent", "decide", "outside", "1.0.0", "--outcome", "approved", "--reasons", "looks fine"], key: bob)
        #expect(decide.status == 1, "\(decide)")
        #expect(decide.err.contains("approval_rule_unmet"))

        let refresh = try server.run(["agent", "refresh", "billing"])
        #expect(refresh.status == 0, "\(refresh)")
        #expect(refresh.out.contains("inline card"))

        // Refusals: a bad file names the problem before anything is sent; an agent may not register agents.
        let bad = try CLIHarness.write("name: x\nversion: nope\n", to: "bad.yaml", in: dir)
        let refused = try server.run(["agent", "register", bad], key: rita)
        #expect(refused.status != 0)
        #expect(refused.err.contains("bad.yaml"), "\(refused)")
        let forbidden = try server.run(["agent", "register", internalFile], key: bot)
        #expect(forbidden.status != 0)
        #expect(forbidden.err.contains("agent.register"), "\(forbidden)")
    }

    @Test func helpExplainsTheRegistry() throws {
        let help = try CLIHarness.run(["agent", "--help"])
        #expect(help.status == 0)
        #expect(help.out.contains("trust level"))
        #expect(help.out.contains("register"))
        let register = try CLIHarness.run(["agent", "register", "--help"])
        #expect(register.out.contains("secret"))
    }
}
