import Foundation
import Testing
import WardenCore

@Suite struct OSVAdvisoryTests {
    @Test func decodesAGitHubRecord() throws {
        let a = try OSVFixtures.advisory("GHSA-xvch-5gv4-984h.json")
        #expect(a.id == "GHSA-xvch-5gv4-984h")
        #expect(a.schemaVersion == "1.4.0")
        #expect(a.modified == "2023-02-27T14:47:14Z")
        #expect(a.published == "2022-03-18T00:01:09Z")
        #expect(a.withdrawn == nil && !a.isWithdrawn)
        #expect(a.aliases == ["CVE-2021-44906"])
        #expect(a.summary == "Prototype Pollution in minimist")
        #expect(a.details?.hasPrefix("Minimist prior to 1.2.6") == true)
        #expect(a.severityScores == [.init(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")])
        #expect(a.severityScores.first?.baseScore == 9.8)
        #expect(a.affected.count == 2)
        #expect(a.affected.map(\.package) == [OSVAdvisory.Package(ecosystem: "npm", name: "minimist"),
                                             OSVAdvisory.Package(ecosystem: "npm", name: "minimist")])
        #expect(a.affected[0].ranges == [.init(type: .ecosystem, events: [.introduced("1.0.0"), .fixed("1.2.6")])])
        #expect(a.affected[1].ranges == [.init(type: .ecosystem, events: [.introduced("0"), .fixed("0.2.4")])])
        #expect(a.databaseSpecific?["cwe_ids"] == ["CWE-1321"])
        #expect(a.severity == .critical)
    }

    @Test func decodesAPyPARecordWithGitRangeAndVersions() throws {
        let a = try OSVFixtures.advisory("PYSEC-2023-74.json")
        #expect(a.id == "PYSEC-2023-74")
        #expect(a.aliases == ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"])
        let entry = try #require(a.affected.first)
        #expect(entry.package == OSVAdvisory.Package(ecosystem: "PyPI", name: "requests", purl: "pkg:pypi/requests"))
        #expect(entry.ranges.map(\.type) == [.git, .ecosystem])
        #expect(entry.ranges[0].repo == "https://github.com/psf/requests")
        #expect(entry.ranges[1].events == [.introduced("2.3.0"), .fixed("2.31.0")])
        #expect(entry.versions.count == 66)
        #expect(entry.versions.contains("2.30.0") && !entry.versions.contains("2.31.0"))
        #expect(a.severity == .unknown)
    }

    @Test func decodesGoAndLastAffectedRecords() throws {
        let go = try OSVFixtures.advisory("GO-2023-2102.json")
        #expect(go.affected.map { $0.package?.name } == ["stdlib", "golang.org/x/net"])
        #expect(go.affected[0].ranges[0].type == .semver)
        #expect(go.affected[0].ranges[0].events == [.introduced("0"), .fixed("1.20.10"), .introduced("1.21.0-0"), .fixed("1.21.3")])
        #expect(go.affected[0].ecosystemSpecific?["imports"]?.arrayValue?.count == 1)
        #expect(go.severity == .unknown)

        let py = try OSVFixtures.advisory("GHSA-w596-4wvx-j9j6.json")
        #expect(py.affected[0].ranges[0].events == [.introduced("0"), .lastAffected("1.11.0")])
        #expect(py.severity == .moderate)
    }

    @Test func everyFixtureDecodes() throws {
        let all = try OSVFixtures.all()
        #expect(all.count == 7)
        #expect(all.filter(\.isWithdrawn).map(\.id) == ["GHSA-xvch-5gv4-984h"])
    }

    @Test func severityComesFromTheDatabaseLabelFirst() throws {
        var a = try OSVFixtures.advisory("GHSA-35jh-r3h4-6jhm.json")
        #expect(a.severity == .high)                       // label HIGH (its CVSS vector scores 7.2, also high)
        a.databaseSpecific = ["severity": "LOW"]
        #expect(a.severity == .low)                        // the label wins over the vector
        a.databaseSpecific = ["severity": "not a level"]
        #expect(a.severity == .high)                       // an unknown label falls back to the vector
        a.databaseSpecific = nil
        a.severityScores = [.init(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N")]
        #expect(a.severity == .moderate)                   // 6.1
        a.severityScores = [.init(type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")]
        #expect(a.severity == .unknown)                    // CVSS v4 is not scored
        a.severityScores = [.init(type: "CVSS_V2", score: "AV:N/AC:L/Au:N/C:C/I:C/A:C")]
        #expect(a.severity == .critical)
        a.severityScores = []
        a.affected[1].severityScores = [.init(type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L")]
        #expect(a.severity == .moderate)                   // per-package severity when the record has none
        #expect(a.severity(of: a.affected[0]) == .moderate)
    }

    @Test func decodeAllReadsArraysAndQueryAnswers() throws {
        let minimist = String(decoding: try OSVFixtures.data("GHSA-xvch-5gv4-984h.json"), as: UTF8.self)
        let go = String(decoding: try OSVFixtures.data("GO-2023-2102.json"), as: UTF8.self)
        #expect(try OSVAdvisory.decodeAll(from: Data("[\(minimist),\(go)]".utf8)).map(\.id) == ["GHSA-xvch-5gv4-984h", "GO-2023-2102"])
        #expect(try OSVAdvisory.decodeAll(from: Data("{\"vulns\":[\(go)]}".utf8)).map(\.id) == ["GO-2023-2102"])
        #expect(try OSVAdvisory.decodeAll(from: Data(minimist.utf8)).map(\.id) == ["GHSA-xvch-5gv4-984h"])
        let error = advisoryError { _ = try OSVAdvisory.decodeAll(from: Data("[\(minimist),{\"id\":\"X-1\"}]".utf8)) }
        #expect(error == .invalidRecord(id: "X-1", path: "[1].modified", reason: "required (an RFC 3339 time)"))
    }

    /// Each malformed record, and the path its error names.
    @Test(arguments: [
        ("{", ""),
        ("[]", ""),
        (#"{"modified": "2024-01-01T00:00:00Z"}"#, "id"),
        (#"{"id": 7, "modified": "2024-01-01T00:00:00Z"}"#, "id"),
        (#"{"id": "", "modified": "2024-01-01T00:00:00Z"}"#, "id"),
        (#"{"id": "X-1"}"#, "modified"),
        (#"{"id": "X-1", "modified": "m", "aliases": "CVE-1"}"#, "aliases"),
        (#"{"id": "X-1", "modified": "m", "aliases": ["CVE-1", 2]}"#, "aliases[1]"),
        (#"{"id": "X-1", "modified": "m", "affected": {}}"#, "affected"),
        (#"{"id": "X-1", "modified": "m", "affected": [7]}"#, "affected[0]"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"package": {"ecosystem": "npm"}}]}"#, "affected[0].package.name"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"events": [{"introduced": "0"}]}]}]}"#, "affected[0].ranges[0].type"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"type": "SEMVAR", "events": [{"introduced": "0"}]}]}]}"#, "affected[0].ranges[0].type"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"fixed": "1.0.0"}]}]}]}"#, "affected[0].ranges[0].events"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1.0.0"}]}]}]}"#, "affected[0].ranges[0].events[0]"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {}]}]}]}"#, "affected[0].ranges[0].events[1]"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": 0}]}]}]}"#, "affected[0].ranges[0].events[0].introduced"),
        (#"{"id": "X-1", "modified": "m", "affected": [{"versions": ["1.0", null]}]}"#, "affected[0].versions[1]"),
        (#"{"id": "X-1", "modified": "m", "severity": [{"type": "CVSS_V3"}]}"#, "severity[0].score"),
    ])
    func rejectsMalformedRecords(_ json: String, _ path: String) {
        let error = advisoryError { _ = try OSVAdvisory(data: Data(json.utf8)) }
        guard case .invalidRecord(_, let p, let reason)? = error else {
            Issue.record("\(json) should be rejected, got \(String(describing: error))")
            return
        }
        #expect(p == path, "\(reason)")
        #expect(!reason.isEmpty)
    }

    @Test func errorsReadAsSentences() {
        let error = advisoryError {
            _ = try OSVAdvisory(data: Data(#"{"id": "GHSA-x", "modified": "m", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]}"#.utf8))
        }
        #expect(error?.description == "OSV record GHSA-x, affected[0].ranges[0].events[0]: an event holds exactly one of introduced, fixed, last_affected or limit, not introduced and fixed")
        #expect(error?.wardenError.code == .invalidInput)
    }

    @Test func nullCountsAsAbsent() throws {
        let a = try OSVAdvisory(data: Data(#"{"id": "X-1", "modified": "m", "withdrawn": null, "summary": null, "affected": null}"#.utf8))
        #expect(!a.isWithdrawn && a.summary == nil && a.affected.isEmpty)
    }
}
