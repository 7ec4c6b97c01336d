import Foundation
import Testing
import WardenCore

@Suite struct CheckResultTests {
    let finding = CheckFinding(code: .schemaOpenObject, severity: .medium, title: "An object schema accepts properties it does not name",
                               detail: "Add additionalProperties: false.", pointer: "/inputSchema", span: "{}")

    @Test func statusFollowsFindings() {
        #expect(CheckResult(check: "c", version: "1", findings: []).status == .passed)
        #expect(CheckResult(check: "c", version: "1", findings: [finding]).status == .findings)
        #expect(CheckResult(check: "c", version: "1", findings: [finding]).highestSeverity == .medium)
    }

    @Test(arguments: [
        CheckResult(check: "schema_lint", version: "1", findings: []),
        CheckResult(check: "schema_lint", version: "1", findings: [CheckFinding(code: "x.y", severity: .high, title: "t")]),
        CheckResult.notRun(check: "static_analysis", version: "1", reason: "no scanner configured"),
    ])
    func roundTripsThroughJSON(_ result: CheckResult) throws {
        let data = try WardenJSON.encode(result)
        #expect(try WardenJSON.decode(CheckResult.self, from: data) == result)
    }

    @Test func encodesStatusAsAWord() throws {
        let json = try JSONValue.encoding(CheckResult.notRun(check: "c", version: "2", reason: "why"))
        #expect(json["status"] == "not_run")
        #expect(json["reason"] == "why")
        let f = try JSONValue.encoding(finding)
        #expect(f["code"] == "schema.open_object")
        #expect(f["pointer"] == "/inputSchema")
    }

    @Test func unknownStatusIsRefused() {
        let data = Data(#"{"check":"c","version":"1","status":"maybe","findings":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try WardenJSON.decode(CheckResult.self, from: data) }
    }

    @Test func spanAndDetailAreCut() {
        let long = CheckFinding(code: "x.y", severity: .low, title: "t", detail: String(repeating: "d", count: 10_000),
                                span: String(repeating: "é", count: 500))
        #expect(long.span?.unicodeScalars.count == CheckFinding.maxSpanScalars)
        #expect(long.span?.hasSuffix("…") == true)
        #expect(long.detail?.unicodeScalars.count == CheckFinding.maxDetailScalars)
        let short = CheckFinding(code: "x.y", severity: .low, title: "t", span: String(repeating: "a", count: 200))
        #expect(short.span == String(repeating: "a", count: 200))
    }

    @Test func readsLikeAReviewersFinding() {
        let f = finding.reviewFinding
        #expect(f.severity == .medium)
        #expect(f.title == "[schema.open_object] An object schema accepts properties it does not name")
        #expect(f.detail == "Add additionalProperties: false. (at /inputSchema; text \"{}\")")
        #expect(CheckFinding(code: "x.y", severity: .low, title: "t").reviewFinding.detail == nil)
    }
}
