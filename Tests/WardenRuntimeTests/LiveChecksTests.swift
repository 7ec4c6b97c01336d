import Foundation
import Testing
import WardenCore
import WardenRuntime
import WardenStore

/// Runs `engine`'s check runner until the latest run on `name@version` completes (or 60 s pass).
func awaitChecks(_ engine: WardenEngine, _ name: String, _ version: SemanticVersion) async throws -> CheckRun {
    try await withThrowingTaskGroup(of: CheckRun?.self) { group in
        let runner = engine.checkRunner
        group.addTask { await runner.run(); return nil }
        group.addTask {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let run = runner.runs(name: name, version: version).last, run.state == .completed { return run }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
        defer { group.cancelAll() }
        while let next = try await group.next() {
            if let run = next { return run }
            break
        }
        throw WardenError(.timeout, "the live checks on \(name) \(version) did not complete within 60 s")
    }
}

/// A `math.evaluate` 1.1.0 proposal with three examples (the second one wrong), a load plan and a source location.
func mathProposal() -> ToolDefinition {
    var d = BuiltinTools.definitions.first { $0.name == "math.evaluate" }!
    d.version = SemanticVersion("1.1.0")!
    d.rateLimit = .init(requests: 1, perSeconds: 60)
    d.examples = [
        ToolExample(title: "adds", input: ["expression": "1+2"], expectedOutput: ["value": 3]),
        ToolExample(title: "multiplies", input: ["expression": "2*3"], expectedOutput: ["value": 7]),
        ToolExample(title: "refuses an empty expression", input: ["expression": ""], expectedError: "invalid_input"),
    ]
    d.loadTest = LoadTestPlan(calls: 30, concurrency: 3)
    d.latencyObjective = LatencyObjective(p99Ms: 5000, maxErrorRate: 0)
    d.sourceLocation = "/src/warden/math"
    return d
}

@Suite("Live onboarding checks: contract, load, static analysis in the background")
struct LiveChecksTests {
    static func policy(scanner: [String]?, timeout: Duration = .seconds(20)) -> GovernancePolicy {
        var p = GovernancePolicy.default
        p.liveChecks.maxLoadCalls = 25
        p.liveChecks.staticAnalysis = scanner.map { StaticAnalysisSettings(command: $0, timeout: timeout, maxOutputBytes: 1000) }
        return p
    }

    @Test func proposalRunsTheLiveChecksThroughThePipelineInReviewMode() async throws {
        let h = try await GovernanceHarness()
        let policy = Self.policy(scanner: ["/bin/sh", "-c", "echo scanning $WARDEN_SOURCE_LOCATION for $WARDEN_TOOL_NAME; echo 'eval() used at {source}:12'; exit 3"])
        let engine = try await WardenEngine(store: h.store, policy: policy)
        let d = mathProposal()
        _ = try await engine.service.propose(try await h.ctx("req"), d)
        let run = try await awaitChecks(engine, d.name, d.version)
        #expect(run.checks == ["contract_test", "load_test", "static_analysis"])
        #expect(run.totalSteps == 3 + 25 + 1 && run.completedSteps == run.totalSteps)
        #expect(run.requestedBy == "req" && run.startedAt != nil && run.finishedAt != nil)

        let report = try await engine.service.checkResults(try await h.ctx("fun"), name: d.name, version: d.version)
        let byName = Dictionary(uniqueKeysWithValues: report.checks.map { ($0.check, $0) })
        #expect(Set(byName.keys) == ["schema_lint", "least_privilege", "description_safety", "dependencies",
                                     "contract_test", "load_test", "static_analysis"])
        let contract = try #require(byName["contract_test"])
        #expect(contract.status == .findings)
        #expect(contract.findings.map(\.code) == [.contractPassed, .contractMismatch, .contractPassed])
        #expect(contract.findings[1].severity == .critical && contract.findings[1].pointer == "/examples/1")
        #expect(contract.findings[1].detail == "Expected 7, got 6.")

        // 25 calls (bounded from 30) all served although the proposal's own limit is 1 a minute: review calls
        // take no rate-limit tokens.
        let load = try #require(byName["load_test"])
        #expect(load.status == .passed)
        #expect(load.findings.map(\.code) == [.loadBounded, .loadFigures])
        #expect(load.findings[1].title.hasPrefix("25 calls at concurrency 3: p50 "))

        let scan = try #require(byName["static_analysis"])
        #expect(scan.findings.map(\.code) == [.staticAnalysisFailed])
        #expect(scan.findings[0].title == "/bin/sh exited with status 3")
        #expect(scan.findings[0].detail == "scanning /src/warden/math for math.evaluate\neval() used at /src/warden/math:12\n")

        // Every check call is audited as a review call, by the proposer; the run as a whole too.
        let calls = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.review_call", limit: 1000)) }
        #expect(calls.count == 3 + 25)
        #expect(calls.allSatisfy { $0.actor == "req" && $0.subject == "tool:math.evaluate@1.1.0" && $0.detail?["transport"] == "review" })
        #expect(calls.filter { $0.outcome == .failed }.count == 1, "the empty expression is refused (and expected to be)")
        let completed = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.checks.completed", limit: 10)) }
        #expect(completed.count == 1)
        #expect(completed.first?.detail?["checks"] == "contract_test=findings,load_test=passed,static_analysis=findings")
    }

    @Test func openCriticalFindingBlocksTheApprovalUntilAReasonedWaiver() async throws {
        let h = try await GovernanceHarness()
        let engine = try await WardenEngine(store: h.store, policy: Self.policy(scanner: nil))
        let d = mathProposal()
        _ = try await engine.service.propose(try await h.ctx("req"), d)
        _ = try await awaitChecks(engine, d.name, d.version)
        let s = engine.service
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await s.fileReview(try await h.ctx(who), name: d.name, version: d.version, GovernanceHarness.submission(kind))
        }
        for b in ["b1", "b2"] { _ = try await s.vote(try await h.ctx(b), name: d.name, version: d.version, .init(approve: true)) }
        let status = try await s.approvalStatus(try await h.ctx("b1"), name: d.name, version: d.version)
        #expect(!status.satisfied && status.blockingFindings == ["contract.mismatch"])

        let refused = await #expect(throws: WardenError.self) {
            try await s.decide(try await h.ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "fine"))
        }
        #expect(refused?.code == .approvalRuleUnmet && refused?.details["blockingFindings"] == "contract.mismatch")
        let lame = await #expect(throws: WardenError.self) {
            try await s.decide(try await h.ctx("b1"), name: d.name, version: d.version,
                               .init(outcome: .approved, reasons: "fine", waiver: FindingWaiver(codes: ["contract.mismatch"], reason: "ok")))
        }
        #expect(lame?.code == .invalidInput)

        let reason = "Example 2 is wrong itself: 2*3 is 6. The tool is right; the example will be fixed in 1.1.1."
        let record = try await s.decide(try await h.ctx("b1"), name: d.name, version: d.version,
                                        .init(outcome: .approved, reasons: "Reviewed.",
                                              waiver: FindingWaiver(codes: ["contract.mismatch", "not.present"], reason: reason)))
        #expect(record.state == .approved)
        #expect(record.decision?.waiver == FindingWaiver(codes: ["contract.mismatch"], reason: reason))
        let event = try #require(try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.decide", limit: 10)) }
            .last { $0.outcome == .success })
        #expect(event.detail?["waivedFindings"] == "contract.mismatch" && event.detail?["waiverReason"] == reason)
    }

    @Test func checksThatCannotRunSaySoAndNeverPass() async throws {
        let h = try await GovernanceHarness()
        let engine = try await WardenEngine(store: h.store, policy: Self.policy(scanner: nil))
        var d = BuiltinTools.definitions.first { $0.name == "time.now" }!
        d.version = SemanticVersion("1.0.1")!
        _ = try await engine.service.propose(try await h.ctx("req"), d)
        let run = try await awaitChecks(engine, d.name, d.version)
        #expect(run.totalSteps == 0)
        #expect(run.results.map(\.status) == [
            .notRun(reason: "the proposal carries no examples; add examples (an input and its expected output or error code) so the contract can be tested"),
            .notRun(reason: "the proposal declares no loadTest (calls and concurrency)"),
            .notRun(reason: "no scanner is configured (governance.checks.staticAnalysis.command), so the source was not analysed"),
        ])
    }

    @Test(arguments: [
        (["/bin/sh", "-c", "sleep 30"], "did not finish within"),
        (["/bin/sh", "-c", "kill -SEGV $$"], "was killed by signal 11"),
        (["/nonexistent/scanner"], "could not be started"),
    ])
    func scannerThatHangsCrashesOrIsMissingIsAnErrorFinding(command: [String], expected: String) async throws {
        var d = mathProposal()
        d.examples = nil
        let record = ToolVersionRecord(definition: d, digest: d.digest, state: .proposed, proposer: "req", proposedAt: Date(),
                                       updatedAt: Date(), decision: nil, reviewDueAt: nil)
        let settings = LiveCheckSettings(staticAnalysis: StaticAnalysisSettings(command: command, timeout: .milliseconds(500)))
        let started = ContinuousClock.now
        let result = await StaticAnalysisCheck().run(record, context: LiveCheckContext(
            call: { _, _ in throw WardenError(.internal, "no calls") }, settings: settings, advance: {}))
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(result.status == .findings)
        #expect(result.findings.map(\.code) == [.checkError])
        #expect(result.findings.first?.severity == .high)
        #expect(result.findings.first?.title.contains(expected) == true, "\(result.findings.first?.title ?? "")")
    }

    @Test func thirdPartyToolsAndToolsWithoutSourceAreNotScanned() async {
        var d = mathProposal()
        let settings = LiveCheckSettings(staticAnalysis: StaticAnalysisSettings(command: ["/bin/true"]))
        func run(_ d: ToolDefinition) async -> CheckResult {
            let r = ToolVersionRecord(definition: d, digest: d.digest, state: .proposed, proposer: "req", proposedAt: Date(),
                                      updatedAt: Date(), decision: nil, reviewDueAt: nil)
            return await StaticAnalysisCheck().run(r, context: LiveCheckContext(call: { _, _ in throw WardenError(.internal, "x") },
                                                                                settings: settings, advance: {}))
        }
        #expect(await run(d).status == .passed)
        d.sourceLocation = nil
        #expect(await run(d).status == .notRun(reason: "the definition has no sourceLocation to scan"))
        d.sourceLocation = "/src"
        d.provider.origin = .thirdParty
        #expect(await run(d).status == .notRun(reason: "only internally built tools are scanned; this provider is third_party"))
    }

    /// A check that ignores its deadline, to see the runner give up on it.
    struct StuckCheck: LiveCheck {
        let name = "stuck"
        let version = "1"
        func steps(for record: ToolVersionRecord, settings: LiveCheckSettings) -> Int { 1 }
        func run(_ record: ToolVersionRecord, context: LiveCheckContext) async -> CheckResult {
            try? await Task.sleep(for: .seconds(30))
            return CheckResult(check: name, version: version, findings: [])
        }
    }

    @Test func aCheckPastItsTimeoutIsAnErrorFindingAndTheQueueGoesOn() async throws {
        let h = try await GovernanceHarness()
        let engine = try await WardenEngine(store: h.store)
        var settings = LiveCheckSettings()
        settings.checkTimeout = .milliseconds(200)
        let runner = CheckRunner(store: h.store, pipeline: engine.pipeline, settings: settings, checks: [StuckCheck(), ContractTestCheck()])
        let d = mathProposal()
        _ = try await engine.service.propose(try await h.ctx("req"), d)
        let record = try #require(try await h.store.read { try $0.toolVersions(name: d.name) }.last)
        let queued = runner.enqueue(record, requestedBy: "sec")
        #expect(queued.state == .queued)
        let done: CheckRun? = await withTaskGroup(of: CheckRun?.self) { group in
            group.addTask { await runner.run(); return nil }
            group.addTask {
                for _ in 0..<500 {
                    if let r = runner.run(id: queued.id), r.state == .completed { return r }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        let run = try #require(done)
        #expect(run.results.map(\.check) == ["stuck", "contract_test"])
        #expect(run.results[0].findings.map(\.code) == [.checkError])
        #expect(run.results[0].findings[0].title == "the stuck check could not finish: it did not finish within 200 ms (governance.checks.checkTimeoutSeconds)")
        #expect(run.results[1].findings.count == 3)
    }
}
