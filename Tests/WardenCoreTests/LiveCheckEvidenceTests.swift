import Foundation
import Testing
import WardenCore

@Suite("Contract expectations, load figures and the dependency check")
struct LiveCheckEvidenceTests {
    @Test(arguments: [
        // expected, actual, mismatch pointer (nil: matches)
        (["temp": 21] as JSONValue, ["temp": 21, "unit": "C"] as JSONValue, String?.none),
        (["temp": 21], ["temp": 22], "/temp"),
        (["temp": 21], ["unit": "C"], "/temp"),
        (["a": ["b": "x"]], ["a": ["b": "x", "c": 1]], nil),
        (["a": ["b": "x"]], ["a": ["b": "y"]], "/a/b"),
        (["list": [1, 2]], ["list": [1, 2, 3]], "/list"),
        (["a/b": 1], ["a/b": 2], "/a~1b"),
        (.string("done"), .string("done"), nil),
        (.string("done"), .string("failed"), ""),
        (["n": 1], .string("1"), ""),
    ] as [(JSONValue, JSONValue, String?)])
    func expectedOutputMatching(expected: JSONValue, actual: JSONValue, pointer: String?) {
        #expect(ExpectedOutputMatch.firstMismatch(expected: expected, actual: actual)?.pointer == pointer)
    }

    @Test func percentilesAreNearestRank() {
        let s = LatencySummary(latenciesMs: (1...100).map(Double.init).shuffled(), concurrency: 4, failures: 0, timeouts: 0, elapsedMs: 500)
        #expect(s.calls == 100)
        #expect(s.p50Ms == 50)
        #expect(s.p95Ms == 95)
        #expect(s.p99Ms == 99)
        #expect(s.maxMs == 100)
        let one = LatencySummary(latenciesMs: [7], concurrency: 1, failures: 0, timeouts: 0, elapsedMs: 7)
        #expect(one.p50Ms == 7 && one.p99Ms == 7)
    }

    @Test func figuresAgainstTheObjective() {
        let s = LatencySummary(latenciesMs: (1...100).map(Double.init), concurrency: 2, failures: 3, timeouts: 1, elapsedMs: 900)
        let met = s.findings(against: LatencyObjective(p50Ms: 60, p95Ms: 100, maxErrorRate: 0.05))
        #expect(met.map(\.code) == [.loadFigures])
        let missed = s.findings(against: LatencyObjective(p50Ms: 40, p95Ms: 90, p99Ms: 200, maxErrorRate: 0.01))
        #expect(missed.map(\.code) == [.loadFigures, .loadLatencyObjectiveMissed, .loadLatencyObjectiveMissed, .loadErrorRate])
        #expect(missed.filter { $0.code == .loadLatencyObjectiveMissed }.map(\.pointer) == ["/latencyObjective/p50Ms", "/latencyObjective/p95Ms"])
        #expect(missed.allSatisfy { $0.code == .loadFigures ? $0.severity == .info : $0.severity == .high })
        // Without an objective, the figures are reported and any failure is a finding.
        #expect(s.findings(against: nil).map(\.code) == [.loadFigures, .loadErrorRate])
        let clean = LatencySummary(latenciesMs: [1, 2], concurrency: 1, failures: 0, timeouts: 0, elapsedMs: 3)
        #expect(clean.findings(against: nil).map(\.code) == [.loadFigures])
    }

    @Test func dependencyCheckReportsTheVersionsAdvisoryFindings() throws {
        var d = sampleDefinition()
        #expect(DependencyAdvisoryCheck().run(d, context: CheckContext()).status
            == .notRun(reason: "the definition declares no dependencies and no SBOM, so there is nothing to match advisories against"))
        let dep = PackageDependency(ecosystem: .pypi, name: "requests", version: "2.19.0")
        d.dependencies = [PackageDependency(ecosystem: .pypi, name: "idna", version: "3.7"), dep]
        func finding(_ id: String, _ sev: AdvisorySeverity, version: String = "1.0.0") -> AdvisoryFinding {
            AdvisoryFinding(toolName: d.name, version: SemanticVersion(version)!,
                            match: AdvisoryMatch(advisoryID: id, aliases: [], summary: "bad", severity: sev, dependency: dep, fixedVersions: ["2.20.0"]),
                            foundAt: Date())
        }
        let clean = DependencyAdvisoryCheck().run(d, context: CheckContext())
        #expect(clean.status == .passed)
        let r = DependencyAdvisoryCheck().run(d, context: CheckContext(advisoryFindings: [
            finding("GHSA-low", .low), finding("GHSA-crit", .critical), finding("GHSA-other-version", .critical, version: "0.9.0"),
            finding("GHSA-unknown", .unknown),
        ]))
        #expect(r.status == .findings)
        #expect(r.findings.map(\.severity) == [.critical, .medium, .low])
        #expect(r.findings.allSatisfy { $0.code == .dependencyVulnerable && $0.pointer == "/dependencies/1" })
        #expect(r.findings[0].title.contains("GHSA-crit") && r.findings[0].detail?.contains("fixed in 2.20.0") == true)
    }

    @Test(arguments: [
        (ToolExample(input: ["city": "Paris"], expectedOutput: ["forecast": "sun"]), nil),
        (ToolExample(input: ["city": "Paris"], expectedError: "invalid_input"), nil),
        (ToolExample(input: ["city": "Paris"], expectedError: "tool_error"), nil),
        (ToolExample(input: "Paris"), "examples[0].input: must be a JSON object (the tool's arguments)"),
        (ToolExample(input: [:], expectedOutput: 1, expectedError: "timeout"), "examples[0]: give expectedOutput or expectedError, not both"),
        (ToolExample(input: [:], expectedError: "boom"), "examples[0].expectedError: 'boom' is not a Warden error code or tool_error"),
        (ToolExample(title: "", input: [:]), "examples[0].title: 1 to 200 characters"),
    ] as [(ToolExample, String?)])
    func examplesAreValidated(example: ToolExample, problem: String?) {
        var d = sampleDefinition()
        d.examples = [example]
        #expect(d.problems() == (problem.map { [$0] } ?? []))
    }

    @Test func loadPlanObjectiveAndSourceAreValidated() {
        var d = sampleDefinition()
        d.loadTest = LoadTestPlan(calls: 0, concurrency: 300)
        d.latencyObjective = LatencyObjective()
        d.sourceLocation = "git@example.com:x\u{7}"
        #expect(d.problems() == [
            "loadTest.calls: must be between 1 and 10000", "loadTest.concurrency: must be between 1 and 256",
            "latencyObjective: state at least one of p50Ms, p95Ms, p99Ms, maxErrorRate",
            "sourceLocation: 1 to 2000 bytes without control characters",
        ])
        d.loadTest = LoadTestPlan(calls: 50, concurrency: 4)
        d.latencyObjective = LatencyObjective(p95Ms: -1, maxErrorRate: 2)
        d.sourceLocation = "https://git.example.com/tools/weather"
        #expect(d.problems() == ["latencyObjective.p95Ms: must be above 0 and at most 600000", "latencyObjective.maxErrorRate: must be between 0 and 1"])
    }

    @Test func newFieldsLeaveOldDigestsAlone() throws {
        // Absent optional fields are not encoded, so definitions recorded before them keep their digest.
        let json = try JSONValue.encoding(sampleDefinition())
        for key in ["examples", "loadTest", "latencyObjective", "sourceLocation"] { #expect(json[key] == nil) }
    }
}
