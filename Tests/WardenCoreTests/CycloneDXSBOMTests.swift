import Foundation
import Testing
import WardenCore

@Suite struct CycloneDXSBOMTests {
    /// A CycloneDX 1.5 SBOM in the shape `cyclonedx-py` and `cdxgen` write: a subject in `metadata`,
    /// components with nested components, one without a purl, types Warden does not match, a duplicate.
    static let sbom = #"""
    {
      "bomFormat": "CycloneDX",
      "specVersion": "1.5",
      "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
      "version": 1,
      "metadata": {
        "component": { "type": "application", "name": "weather-tool", "version": "1.0.0", "purl": "pkg:pypi/weather-tool@1.0.0" }
      },
      "components": [
        { "type": "library", "bom-ref": "pkg:pypi/requests@2.30.0", "name": "requests", "version": "2.30.0", "purl": "pkg:pypi/requests@2.30.0",
          "components": [
            { "type": "library", "name": "urllib3", "version": "1.26.15", "purl": "pkg:pypi/urllib3@1.26.15" }
          ] },
        { "type": "library", "name": "minimist", "version": "1.2.5", "purl": "pkg:npm/minimist@1.2.5" },
        { "type": "library", "name": "log4j-core", "group": "org.apache.logging.log4j", "version": "2.14.1",
          "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
          "components": [
            { "type": "library", "name": "inner", "components": [
              { "type": "library", "name": "x-net", "purl": "pkg:golang/golang.org/x/net@v0.16.0" }
            ] }
          ] },
        { "type": "library", "name": "serde", "purl": "pkg:cargo/serde@1.0.188" },
        { "type": "library", "name": "swift-nio", "purl": "pkg:swift/github.com/apple/swift-nio@2.58.0" },
        { "type": "library", "name": "rails", "version": "7.0.0", "purl": "pkg:gem/rails@7.0.0" },
        { "type": "operating-system", "name": "debian" },
        { "type": "library", "name": "minimist-again", "purl": "pkg:npm/minimist@1.2.5" },
        { "type": "library", "name": "unversioned", "purl": "pkg:npm/left-pad" }
      ]
    }
    """#

    @Test func extractsNestedDependencies() throws {
        let bom = try CycloneDXSBOM(data: Data(Self.sbom.utf8))
        #expect(bom.specVersion == "1.5")
        #expect(bom.dependencies == [
            PackageDependency(ecosystem: .pypi, name: "requests", version: "2.30.0"),
            PackageDependency(ecosystem: .pypi, name: "urllib3", version: "1.26.15"),
            PackageDependency(ecosystem: .npm, name: "minimist", version: "1.2.5"),
            PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1"),
            PackageDependency(ecosystem: .go, name: "golang.org/x/net", version: "v0.16.0"),
            PackageDependency(ecosystem: .crates, name: "serde", version: "1.0.188"),
            PackageDependency(ecosystem: .swift, name: "github.com/apple/swift-nio", version: "2.58.0"),
        ])
        #expect(bom.skipped.map(\.component) == ["inner", "rails@7.0.0", "debian", "unversioned"])
        #expect(bom.skipped[0].reason == "it has no purl")
        #expect(bom.skipped[1].purl == "pkg:gem/rails@7.0.0")
        #expect(bom.skipped[1].reason.contains("type 'gem' is not one Warden matches"))
        #expect(bom.skipped[3].reason.contains("no @version"))
    }

    @Test func sbomDependenciesMeetTheAdvisories() throws {
        let bom = try CycloneDXSBOM(data: Data(Self.sbom.utf8))
        let matches = AdvisoryMatcher.matches(bom.dependencies, try OSVFixtures.all())
        #expect(matches.map(\.advisoryID) == ["PYSEC-2023-74", "GHSA-xvch-5gv4-984h", "GHSA-jfh8-c2jp-5v3q", "GO-2023-2102"])
        #expect(matches.map(\.fixedVersions) == [["2.31.0"], ["1.2.6"], ["2.15.0"], ["0.17.0"]])
    }

    @Test(arguments: ["1.4", "1.6"])
    func acceptedSpecVersions(_ spec: String) throws {
        let json = #"{"bomFormat": "CycloneDX", "specVersion": "\#(spec)", "components": [{"name": "a", "purl": "pkg:npm/a@1.0.0"}]}"#
        #expect(try CycloneDXSBOM(data: Data(json.utf8)).dependencies.count == 1)
    }

    @Test func anSBOMWithoutComponentsHasNoDependencies() throws {
        let bom = try CycloneDXSBOM(data: Data(#"{"bomFormat": "CycloneDX", "specVersion": "1.6"}"#.utf8))
        #expect(bom.dependencies.isEmpty && bom.skipped.isEmpty)
    }

    @Test(arguments: [
        ("{", "invalid JSON"),
        ("[]", "expected a JSON object"),
        (#"{"bomFormat": "SPDX", "specVersion": "1.5"}"#, "bomFormat"),
        (#"{"bomFormat": "CycloneDX"}"#, "specVersion is missing"),
        (#"{"bomFormat": "CycloneDX", "specVersion": "1.2"}"#, "not supported"),
        (#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": {}}"#, "components must be an array"),
        (#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"name": "a", "components": [3]}]}"#, "components[0].components[0] must be an object"),
    ])
    func rejects(_ json: String, _ reasonMentions: String) {
        guard case .invalidSBOM(let reason)? = advisoryError({ _ = try CycloneDXSBOM(data: Data(json.utf8)) }) else {
            Issue.record("\(json) should be rejected")
            return
        }
        #expect(reason.contains(reasonMentions), "reason: \(reason)")
    }
}
