import Foundation
import Testing
import WardenCore
import WardenRuntime

/// The real OSV records of the core tests' fixtures.
private func osv(_ file: String) throws -> JSONValue {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../WardenCoreTests/Fixtures/osv/\(file)").standardizedFileURL
    return try JSONValue(parsing: Array(try Data(contentsOf: url)))
}

@Suite("Advisory import and matching")
struct AdvisoryImportTests {
    func tool(_ name: String, _ deps: [PackageDependency], h: GovernanceHarness) -> ToolDefinition {
        var d = h.definition(name: name)
        d.dependencies = deps
        return d
    }

    @Test func importMatchesRecordsFindingsAndSuspendsOnCritical() async throws {
        let h = try await GovernanceHarness()
        try await h.activate(tool("py.fetch", [PackageDependency(ecosystem: .pypi, name: "Requests", version: "2.19.0")], h: h))
        try await h.activate(tool("java.logs", [PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1")], h: h))
        try await h.activate(tool("java.safe", [PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.17.1")], h: h))
        #expect(h.registry.tool(named: "java.logs") != nil)

        let sec = try await h.ctx("sec")
        let report = try await h.service.importAdvisories(sec, records: [try osv("PYSEC-2023-74.json"), try osv("GHSA-jfh8-c2jp-5v3q.json")])
        #expect(report.imported == 2 && report.updated == 0)
        let hits = Set(report.newFindings.map { "\($0.toolName):\($0.advisoryID)" })
        #expect(hits == ["py.fetch:PYSEC-2023-74", "java.logs:GHSA-jfh8-c2jp-5v3q"], "java.safe (2.17.1) is past every fix")
        #expect(report.newFindings.first { $0.toolName == "java.logs" }?.severity == .critical)
        // Critical: suspended by policy, at once, and gone from the live registry. The moderate one keeps serving.
        #expect(report.suspended == ["java.logs@1.0.0"])
        #expect(h.registry.tool(named: "java.logs") == nil)
        #expect(h.registry.tool(named: "py.fetch") != nil)
        let detail = try await h.service.tool(sec, name: "java.logs")
        #expect(detail.transitions.last?.actor == "system" && detail.transitions.last?.reason?.contains("GHSA-jfh8-c2jp-5v3q") == true)

        // On record: one advisory.matched event per finding, the system's suspension, the import itself.
        let events = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(action: "advisory.*", limit: 1000))
        #expect(events.filter { $0.action == "advisory.matched" }.count == 2)
        #expect(events.contains { $0.action == "advisory.import" && $0.detail?["newFindings"] == "2" })
        #expect(try await h.service.verifyAudit(try await h.ctx("aud")).ok)

        // Importing the same records again changes nothing.
        let again = try await h.service.importAdvisories(sec, records: [try osv("PYSEC-2023-74.json"), try osv("GHSA-jfh8-c2jp-5v3q.json")])
        #expect(again.unchanged == 2 && again.newFindings.isEmpty && again.suspended.isEmpty)
        #expect(try await h.service.advisoryFindings(sec, toolName: nil).count == 2)
    }

    @Test func aNewVersionIsMatchedAtProposal() async throws {
        let h = try await GovernanceHarness()
        _ = try await h.service.importAdvisories(try await h.ctx("sec"), records: [
            try osv("GHSA-xvch-5gv4-984h.json"), try osv("PYSEC-2023-74.json"), try osv("GHSA-jfh8-c2jp-5v3q.json"),
            try osv("GO-2023-2102.json"), try osv("GHSA-35jh-r3h4-6jhm.json"),
        ])
        var d = tool("node.args", [PackageDependency(ecosystem: .npm, name: "minimist", version: "1.2.5")], h: h)
        _ = try await h.service.propose(try await h.ctx("req"), d)
        let findings = try await h.service.advisoryFindings(try await h.ctx("bot"), toolName: "node.args")
        #expect(findings.map(\.advisoryID) == ["GHSA-xvch-5gv4-984h"])
        #expect(findings.first?.fixedVersions == ["1.2.6"])
        d.version = SemanticVersion("1.0.1")!
        d.dependencies = [PackageDependency(ecosystem: .npm, name: "minimist", version: "1.2.6")]
        _ = try await h.service.propose(try await h.ctx("req"), d)
        #expect(try await h.service.advisoryFindings(try await h.ctx("bot"), toolName: "node.args").count == 1, "1.0.1 is fixed")
    }

    @Test func sbomComponentsAreMatchedToo() async throws {
        let h = try await GovernanceHarness()
        var d = h.definition(name: "sbom.tool")
        d.sbom = ["bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
            ["type": "library", "name": "requests", "version": "2.30.0", "purl": "pkg:pypi/requests@2.30.0"],
        ]]
        _ = try await h.service.propose(try await h.ctx("req"), d)
        let r = try await h.service.importAdvisories(try await h.ctx("sec"), records: [try osv("PYSEC-2023-74.json")])
        #expect(r.newFindings.map(\.toolName) == ["sbom.tool"])
        #expect(r.suspended.isEmpty, "a proposal is never suspended")
    }

    @Test func policyNeverLeavesCriticalToolsServing() async throws {
        var policy = GovernancePolicy.default
        policy.advisorySuspendSeverity = nil
        let h = try await GovernanceHarness(policy: policy)
        try await h.activate(tool("java.logs", [PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1")], h: h))
        let r = try await h.service.importAdvisories(try await h.ctx("sec"), records: [try osv("GHSA-jfh8-c2jp-5v3q.json")])
        #expect(r.newFindings.count == 1 && r.suspended.isEmpty)
        #expect(h.registry.tool(named: "java.logs") != nil)
    }

    @Test func badRecordsAndCallersAreRefusedAndNothingIsImported() async throws {
        let h = try await GovernanceHarness()
        let sec = try await h.ctx("sec")
        await #expect(throws: WardenError.self) {
            try await h.service.importAdvisories(sec, records: [try osv("PYSEC-2023-74.json"), ["id": "X-1", "affected": "nope"]])
        }
        await #expect(throws: WardenError.self) {
            try await h.service.importAdvisories(try await h.ctx("bot"), records: [try osv("PYSEC-2023-74.json")])
        }
        do {
            _ = try await h.service.importAdvisories(try await h.ctx("bot"), records: [["id": "X-1", "affected": "nope"]])
            Issue.record("an agent may not import advisories")
        } catch let e as WardenError {
            #expect(e.code == .forbidden, "the permission is checked before the records are read")
        }
        #expect(try await h.store.read { try $0.advisoryRecords(affecting: nil) }.isEmpty)
    }

    @Test func malformedDependenciesAreRefusedAtProposal() async throws {
        let h = try await GovernanceHarness()
        var d = h.definition(name: "bad.deps")
        d.dependencies = [PackageDependency(ecosystem: .pypi, name: "requests", version: "not a version!")]
        await #expect(throws: WardenError.self) { try await h.service.propose(try await h.ctx("req"), d) }
        d.dependencies = nil
        d.sbom = ["bomFormat": "SPDX"]
        await #expect(throws: WardenError.self) { try await h.service.propose(try await h.ctx("req"), d) }
    }
}

@Suite("Decommissioning")
struct DecommissioningTests {
    @Test func decommissionedNameIsNotReusedSilentlyAndItsSecretsAreNamed() async throws {
        let h = try await GovernanceHarness()
        try await h.activate(h.definition(name: "weather.lookup"))
        let admin = try await h.ctx("admin")
        let gone = try await h.service.transition(admin, name: "weather.lookup", .init(action: .decommission, reason: "vendor retired"))
        #expect(gone.state == .decommissioned)
        #expect(h.registry.tool(named: "weather.lookup") == nil)
        let events = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(action: "tool.decommission"))
        #expect(events.last?.detail?["credentialsReleased"] == "WEATHER_KEY")
        #expect(events.last?.detail?["credentialsNowUnused"] == "WEATHER_KEY")

        // Every record stays.
        let detail = try await h.service.tool(admin, name: "weather.lookup")
        #expect(detail.versions.count == 1 && detail.transitions.last?.event == .decommission)

        var again = h.definition(name: "weather.lookup", version: "2.0.0")
        again.description = "Something else entirely."
        do {
            _ = try await h.service.propose(try await h.ctx("req"), again)
            Issue.record("reusing a decommissioned name silently must be refused")
        } catch let e as WardenError {
            #expect(e.code == .conflict && e.message.contains("decommissioned"))
        }
        let reused = try await h.service.propose(try await h.ctx("req"), again, reuseDecommissionedName: true)
        #expect(reused.state == .proposed)
        let proposals = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(action: "tool.propose", subject: "tool:weather.lookup@2.0.0"))
        #expect(proposals.map(\.outcome) == [.failed, .success])
        #expect(proposals.last?.detail?["reuseDecommissionedName"] == "true")
    }
}
