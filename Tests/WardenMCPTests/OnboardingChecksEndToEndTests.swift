import Foundation
import Testing
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore

@Suite("Onboarding checks against a real upstream MCP server", .serialized)
struct OnboardingChecksEndToEndTests {
    /// Runs the engine's check runner until the latest run on `name@version` completes.
    func completedRun(_ engine: WardenEngine, _ name: String, _ version: SemanticVersion) async throws -> CheckRun? {
        await withTaskGroup(of: CheckRun?.self) { group in
            let runner = engine.checkRunner
            group.addTask { await runner.run(); return nil }
            group.addTask {
                for _ in 0..<3000 {
                    if let run = runner.runs(name: name, version: version).last, run.state == .completed { return run }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
    }

    @Test func failingExampleAndMissedLatencyObjectiveAreFoundAndBlockTheApproval() async throws {
        let peer = try UpstreamPeer()
        let h = try await UpstreamEngineHarness()
        let listing = try #require(try await h.upstreams.connection(for: .init(url: peer.url, tool: "slow")).listTools()
            .first { $0["name"]?.stringValue == "slow" })
        var d = UpstreamEngineHarness.definition(name: "sleepy", url: peer.url, listing: listing)
        d.title = "Sleeper"
        d.provider.mcp = .init(url: peer.url, tool: "slow", pin: MCPToolPin.digest(of: listing))
        d.examples = [
            ToolExample(title: "answers done", input: ["seconds": 0.06], expectedOutput: ["result": "done"]),
            ToolExample(title: "claims a different answer", input: ["seconds": 0.01], expectedOutput: ["result": "finished"]),
        ]
        d.loadTest = LoadTestPlan(calls: 8, concurrency: 2)
        d.latencyObjective = LatencyObjective(p95Ms: 20)

        _ = try await h.engine.service.propose(try await h.ctx("req"), d)
        let run = try #require(try await completedRun(h.engine, d.name, d.version))
        let contract = try #require(run.results.first { $0.check == "contract_test" })
        #expect(contract.findings.map(\.code) == [.contractPassed, .contractMismatch])
        #expect(contract.findings[1].title == "example 2 (claims a different answer) failed: the output differs at /result")
        #expect(contract.findings[1].detail == #"Expected "finished", got "done"."#)
        let load = try #require(run.results.first { $0.check == "load_test" })
        let missed = try #require(load.findings.first { $0.code == .loadLatencyObjectiveMissed })
        #expect(missed.severity == .high && missed.pointer == "/latencyObjective/p95Ms")
        #expect(missed.title.contains("is above the objective of 20 ms"))
        let figures = try #require(load.findings.first { $0.code == .loadFigures })
        #expect(figures.title.hasPrefix("8 calls at concurrency 2"))

        let s = h.engine.service
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await s.fileReview(try await h.ctx(who), name: d.name, version: d.version, UpstreamEngineHarness.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await s.vote(try await h.ctx(b), name: d.name, version: d.version, .init(approve: true)) }
        let blocked = await #expect(throws: WardenError.self) {
            try await s.decide(try await h.ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "Looks fine."))
        }
        #expect(blocked?.code == .approvalRuleUnmet)
        #expect(blocked?.details["blockingFindings"] == "contract.mismatch")
        #expect(blocked?.message.contains("open critical findings of the automated checks: contract.mismatch") == true)
        let record = try await s.toolVersion(try await h.ctx("b1"), name: d.name, version: d.version).record
        #expect(record.state == .inReview && record.decision == nil, "a refused decision leaves the proposal as it was")
        // Ten review calls reached the upstream, each audited, none through the live rate limits.
        let calls = try await h.engine.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.review_call", limit: 100)) }
        #expect(calls.count == 2 + 8 && calls.allSatisfy { $0.outcome == .success })
    }
}
