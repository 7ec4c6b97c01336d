import Foundation
import Testing
import WardenCore

@Suite("warden review checks and waivers through a live server", .serialized)
struct ChecksCLITests {
    static let tool = """
        name: calc.cli
        version: "1.0.0"
        title: Calculator for the CLI tests
        description: Evaluates arithmetic exactly.
        purpose: Agents make arithmetic mistakes.
        justification: Tested through the command-line client.
        provider: {kind: builtin, origin: internal, builtin: math.evaluate}
        useCases: [Compute a total]
        dataRequirements: {reads: [public], returns: [public]}
        inputSchema:
          type: object
          additionalProperties: false
          required: [expression]
          properties:
            expression: {type: string, minLength: 1, maxLength: 100}
        outputSchema:
          type: object
          additionalProperties: false
          required: [value]
          properties:
            value: {type: number}
        requiredCredentials: []
        requiredRole: agent
        timeoutMs: 2000
        owner: platform-team
        usageGuidelines: Use for any calculation.
        limitations: []
        examples:
          - {title: adds, input: {expression: "1+2"}, expectedOutput: {value: 3}}
          - {title: wrong on purpose, input: {expression: "2*3"}, expectedOutput: {value: 7}}
        loadTest: {calls: 40, concurrency: 4}
        latencyObjective: {p99Ms: 2000}

        """

    @Test("--rerun shows progress and the findings; a critical one blocks the decision until it is waived")
    func rerunProgressAndWaiver() throws {
        let server = try CLIHarness.startServer()
        defer { server.stop() }
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var keys: [String: String] = [:]
        for (id, role) in [("rita", "requester"), ("sam", "security_reviewer"), ("fay", "functional_reviewer"),
                           ("cid", "compliance_reviewer"), ("bob", "governance_board"), ("bea", "governance_board")] {
            keys[id] = try principal(server, id, role: role)
        }
        let file = try CLIHarness.write(Self.tool, to: "calc.yaml", in: dir)
        let proposed = try server.run(["tool", "propose", file], key: keys["rita"])
        #expect(proposed.status == 0, "\(proposed)")

        let rerun = try server.run(["review", "checks", "calc.cli", "1.0.0", "--rerun"], key: keys["fay"])
        #expect(rerun.status == 0, "\(rerun)")
        // Not a terminal: a progress line whenever the check changes (how many depends on timing), the last one complete.
        let lines = rerun.err.split(separator: "\n")
        #expect(lines.first?.hasPrefix("[") == true && lines.last == "[########################] 100 % completed (42/42 steps)", "\(rerun.err)")
        #expect(rerun.out.contains("contract_test 1: 2 findings"), "\(rerun.out)")
        #expect(rerun.out.contains("critical  contract.mismatch") && rerun.out.contains("/examples/1"), "\(rerun.out)")
        #expect(rerun.out.contains("load_test 1: passed") && rerun.out.contains("load.figures"), "\(rerun.out)")
        #expect(rerun.out.contains("static_analysis 1: did not run: no scanner is configured"), "\(rerun.out)")

        let json = try server.run(["review", "checks", "calc.cli", "1.0.0", "--json"], key: keys["fay"])
        let run = try #require(try CLIHarness.json(json)["run"])
        #expect(run["state"] == "completed" && run["completedSteps"] == 42)

        for (kind, reviewer) in [("security", "sam"), ("functional", "fay"), ("compliance", "cid"), ("risk", "sam")] {
            let review = try CLIHarness.write(CLIFixtures.review(kind), to: "\(kind).yaml", in: dir)
            let filed = try server.run(["tool", "review", "calc.cli", "1.0.0", "--file", review], key: keys[reviewer])
            #expect(filed.status == 0, "\(filed)")
        }
        for b in ["bob", "bea"] { #expect(try server.run(["tool", "vote", "calc.cli", "1.0.0", "--approve"], key: keys[b]).status == 0) }
        let refused = try server.run(["tool", "decide", "calc.cli", "1.0.0", "--outcome", "approved", "--reasons", "ok"], key: keys["bob"])
        #expect(refused.status == 1 && refused.err.contains("approval_rule_unmet") && refused.err.contains("contract.mismatch"), "\(refused)")
        let noReason = try server.run(["tool", "decide", "calc.cli", "1.0.0", "--outcome", "approved", "--reasons", "ok",
                                       "--waive", "contract.mismatch"], key: keys["bob"])
        #expect(noReason.status == 2 && noReason.err.contains("--waiver-reason"), "\(noReason)")
        let waived = try server.run(["tool", "decide", "calc.cli", "1.0.0", "--outcome", "approved", "--reasons", "ok",
                                     "--waive", "contract.mismatch",
                                     "--waiver-reason", "The example is wrong, not the tool: 2*3 is 6."], key: keys["bob"])
        #expect(waived.status == 0 && waived.out.contains("Waived: contract.mismatch."), "\(waived)")
    }
}
