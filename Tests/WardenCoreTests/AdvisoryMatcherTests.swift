import Testing
import WardenCore

/// Matching against the real OSV records in Fixtures/osv, at and around each range's boundaries.
@Suite struct AdvisoryMatcherTests {
    /// Each case: a dependency, and the fixed versions of the match (`nil`: the advisory must not match).
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let dependency: PackageDependency
        let fixes: [String]?

        init(_ fixture: String, _ ecosystem: Ecosystem, _ name: String, _ version: String, _ fixes: [String]?) {
            self.fixture = fixture
            self.dependency = PackageDependency(ecosystem: ecosystem, name: name, version: version)
            self.fixes = fixes
        }

        var testDescription: String { "\(dependency) vs \(fixture): \(fixes.map { "affected, fixed in \($0)" } ?? "not affected")" }
    }

    static let minimist = "GHSA-xvch-5gv4-984h.json"
    static let requests = "PYSEC-2023-74.json"
    static let py = "GHSA-w596-4wvx-j9j6.json"
    static let go = "GO-2023-2102.json"
    static let log4j = "GHSA-jfh8-c2jp-5v3q.json"
    static let lodash = "GHSA-35jh-r3h4-6jhm.json"

    static let cases: [Case] = [
        // npm, two affected entries: [1.0.0, 1.2.6) and [0, 0.2.4).
        Case(minimist, .npm, "minimist", "1.0.0", ["1.2.6"]),           // introduced is inclusive
        Case(minimist, .npm, "minimist", "1.2.5", ["1.2.6"]),
        Case(minimist, .npm, "minimist", "1.2.6-beta.1", ["1.2.6"]),    // a pre-release sorts before its release
        Case(minimist, .npm, "minimist", "1.2.6", nil),                 // fixed is exclusive
        Case(minimist, .npm, "minimist", "1.2.7", nil),
        Case(minimist, .npm, "minimist", "0.0.1", ["0.2.4"]),
        Case(minimist, .npm, "minimist", "0.2.3", ["0.2.4"]),
        Case(minimist, .npm, "minimist", "0.2.4", nil),
        Case(minimist, .npm, "minimist", "0.9.0", nil),                 // between the two ranges
        Case(minimist, .npm, "minimist", "1.0.0-rc.1", nil),            // below introduced 1.0.0
        Case(minimist, .pypi, "minimist", "1.2.5", nil),                // same name, other ecosystem
        // npm, two packages in one advisory.
        Case(lodash, .npm, "lodash", "4.17.20", ["4.17.21"]),
        Case(lodash, .npm, "lodash-es", "4.17.20", ["4.17.21"]),
        Case(lodash, .npm, "lodash", "4.17.21", nil),
        Case(lodash, .npm, "lodash.template", "4.5.0", nil),
        // PyPI [2.3.0, 2.31.0) plus a versions list and a GIT range.
        Case(requests, .pypi, "requests", "2.3.0", ["2.31.0"]),
        Case(requests, .pypi, "requests", "2.30.0", ["2.31.0"]),
        Case(requests, .pypi, "Requests", "2.30.0", ["2.31.0"]),        // PEP 503 name normalization
        Case(requests, .pypi, "requests", "2.31.0rc1", ["2.31.0"]),
        Case(requests, .pypi, "requests", "2.31.0", nil),
        Case(requests, .pypi, "requests", "2.31.0.post1", nil),
        Case(requests, .pypi, "requests", "2.2.1", nil),
        Case(requests, .pypi, "requests", "2.3.0.dev1", nil),           // a dev release sorts before 2.3.0
        // PyPI, last_affected 1.11.0 is inclusive.
        Case(py, .pypi, "py", "1.11.0", []),
        Case(py, .pypi, "py", "1.11", []),                              // == 1.11.0 under PEP 440
        Case(py, .pypi, "PY", "0.9.0", []),
        Case(py, .pypi, "py", "1.11.0.post1", nil),
        Case(py, .pypi, "py", "1.11.1", nil),
        // Go, SEMVER with two introduced/fixed pairs and a pre-release bound.
        Case(go, .go, "stdlib", "1.20.9", ["1.20.10"]),
        Case(go, .go, "stdlib", "go1.20.9", ["1.20.10"]),
        Case(go, .go, "stdlib", "1.20.10", nil),
        Case(go, .go, "stdlib", "1.20.99", nil),
        Case(go, .go, "stdlib", "1.21.0-rc.2", ["1.21.3"]),             // 1.21.0-0 admits every 1.21.0 pre-release
        Case(go, .go, "stdlib", "1.21.2", ["1.21.3"]),
        Case(go, .go, "stdlib", "1.21.3", nil),
        Case(go, .go, "golang.org/x/net", "v0.16.0", ["0.17.0"]),
        Case(go, .go, "golang.org/x/net", "v0.0.0-20231010180000-abcdef123456", ["0.17.0"]),
        Case(go, .go, "golang.org/x/net", "v0.17.0", nil),
        Case(go, .go, "golang.org/x/Net", "v0.16.0", nil),              // Go module paths are case-sensitive
        // Maven, three ranges: [2.13.0, 2.15.0), [0, 2.3.1), [2.4, 2.12.2).
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.14.1", ["2.15.0"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.15.0-rc1", ["2.15.0"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.15.0", nil),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.13.0", ["2.15.0"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.12.2", nil),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.12.1", ["2.12.2"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.4", ["2.12.2"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.3", ["2.3.1"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.0-beta9", ["2.3.1"]),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-core", "2.3.1", nil),
        Case(log4j, .maven, "org.apache.logging.log4j:log4j-api", "2.14.1", nil),
    ]

    @Test(arguments: cases)
    func boundaries(_ c: Case) throws {
        let advisory = try OSVFixtures.advisory(c.fixture)
        let report = AdvisoryMatcher.evaluate([c.dependency], [advisory])
        #expect(report.problems.isEmpty, "\(report.problems)")
        if let fixes = c.fixes {
            let match = try #require(report.matches.first)
            #expect(report.matches.count == 1)
            #expect(match.advisoryID == advisory.id)
            #expect(match.aliases == advisory.aliases)
            #expect(match.summary == advisory.summary)
            #expect(match.dependency == c.dependency)
            #expect(match.fixedVersions == fixes)
        } else {
            #expect(report.matches.isEmpty)
        }
    }

    @Test func severityAndManyAtOnce() throws {
        let advisories = try OSVFixtures.all()
        let deps = [
            PackageDependency(ecosystem: .npm, name: "minimist", version: "1.2.5"),
            PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1"),
            PackageDependency(ecosystem: .pypi, name: "py", version: "1.10.0"),
            PackageDependency(ecosystem: .pypi, name: "py", version: "1.10.0"),  // duplicates are matched once
            PackageDependency(ecosystem: .go, name: "golang.org/x/net", version: "v0.16.0"),
            PackageDependency(ecosystem: .npm, name: "left-pad", version: "1.3.0"),
        ]
        let matches = AdvisoryMatcher.matches(deps, advisories)
        #expect(matches.map(\.advisoryID) == ["GHSA-xvch-5gv4-984h", "GHSA-jfh8-c2jp-5v3q", "GHSA-w596-4wvx-j9j6", "GO-2023-2102"])
        #expect(matches.map(\.severity) == [.critical, .critical, .moderate, .unknown])
        #expect(matches.map(\.dependency.name) == ["minimist", "org.apache.logging.log4j:log4j-core", "py", "golang.org/x/net"])
    }

    @Test func withdrawnAdvisoriesNeverMatch() throws {
        let dep = PackageDependency(ecosystem: .npm, name: "minimist", version: "1.2.5")
        let live = try OSVFixtures.advisory(Self.minimist)
        let withdrawn = try OSVFixtures.advisory("GHSA-xvch-5gv4-984h.withdrawn-modified.json")
        #expect(withdrawn.isWithdrawn)
        #expect(withdrawn.affected == live.affected)
        #expect(AdvisoryMatcher.matches([dep], [live]).count == 1)
        #expect(AdvisoryMatcher.matches([dep], [withdrawn]).isEmpty)
    }

    @Test func theVersionsListMatchesOnItsOwn() throws {
        var advisory = try OSVFixtures.advisory(Self.requests)
        advisory.affected[0].ranges = []
        func matched(_ version: String) -> [AdvisoryMatch] {
            AdvisoryMatcher.matches([PackageDependency(ecosystem: .pypi, name: "requests", version: version)], [advisory])
        }
        #expect(matched("2.30.0").map(\.fixedVersions) == [[]])   // listed; the list names no fix
        #expect(matched("2.30").count == 1)                        // equal to 2.30.0 under PEP 440
        #expect(matched("2.29.1").isEmpty)                         // inside the old range, but not listed
        #expect(matched("2.31.0").isEmpty)
    }

    @Test func gitRangesAreIgnored() throws {
        var advisory = try OSVFixtures.advisory(Self.requests)
        // Only the GIT range is left; its `introduced: "0"` would match every version if it were evaluated.
        advisory.affected[0].ranges = advisory.affected[0].ranges.filter { $0.type == .git }
        advisory.affected[0].versions = []
        #expect(advisory.affected[0].ranges.count == 1)
        let report = AdvisoryMatcher.evaluate([PackageDependency(ecosystem: .pypi, name: "requests", version: "2.30.0")], [advisory])
        #expect(report.matches.isEmpty)
        #expect(report.problems.isEmpty)
    }

    // MARK: The evaluation algorithm's corners, on hand-made ranges

    static func advisory(_ events: [OSVAdvisory.Event], type: OSVAdvisory.RangeType = .semver,
                         ecosystem: String = "npm", versions: [String] = []) -> OSVAdvisory {
        OSVAdvisory(id: "TEST-1", modified: "2024-01-01T00:00:00Z", affected: [
            .init(package: .init(ecosystem: ecosystem, name: "pkg"), ranges: [.init(type: type, events: events)], versions: versions),
        ])
    }

    static func affected(_ version: String, _ advisory: OSVAdvisory, _ ecosystem: Ecosystem = .npm) -> Bool {
        !AdvisoryMatcher.matches([PackageDependency(ecosystem: ecosystem, name: "pkg", version: version)], [advisory]).isEmpty
    }

    @Test func limitEvents() {
        let limited = Self.advisory([.introduced("0"), .limit("2.0.0")])
        #expect(Self.affected("1.9.9", limited))
        #expect(!Self.affected("2.0.0", limited))
        let twoLimits = Self.advisory([.introduced("1.0.0"), .limit("1.5.0"), .limit("3.0.0")])
        #expect(Self.affected("2.0.0", twoLimits))         // below one of the limits
        #expect(!Self.affected("3.0.0", twoLimits))
        #expect(!Self.affected("0.5.0", twoLimits))        // below introduced
        let star = Self.advisory([.introduced("0"), .limit("*")])
        #expect(Self.affected("999.0.0", star))
    }

    @Test func eventsAreSortedBeforeTheWalk() {
        // Written out of order: the walk must still see 1.0.0 → 2.0.0 → 3.0.0 → 4.0.0.
        let shuffled = Self.advisory([.fixed("4.0.0"), .introduced("3.0.0"), .fixed("2.0.0"), .introduced("1.0.0")])
        #expect(Self.affected("1.5.0", shuffled))
        #expect(!Self.affected("2.5.0", shuffled))
        #expect(Self.affected("3.5.0", shuffled))
        #expect(!Self.affected("4.0.0", shuffled))
        let report = AdvisoryMatcher.evaluate([PackageDependency(ecosystem: .npm, name: "pkg", version: "3.5.0")], [shuffled])
        #expect(report.matches.first?.fixedVersions == ["4.0.0"])
    }

    @Test func introducedAndFixedAtOneVersionIsEmpty() {
        let empty = Self.advisory([.introduced("1.0.0"), .fixed("1.0.0")])
        #expect(!Self.affected("1.0.0", empty))
        #expect(!Self.affected("0.9.0", empty))
        let single = Self.advisory([.introduced("1.0.0"), .lastAffected("1.0.0")])
        #expect(Self.affected("1.0.0", single))
        #expect(!Self.affected("1.0.1", single))
    }

    @Test func unfixedVulnerabilityAffectsEverything() {
        let open = Self.advisory([.introduced("0")])
        #expect(Self.affected("0.0.0-alpha", open))
        #expect(Self.affected("99.0.0", open))
        #expect(AdvisoryMatcher.matches([PackageDependency(ecosystem: .npm, name: "pkg", version: "1.0.0")], [open]).first?.fixedVersions == [])
    }

    @Test func semverRangesUseSemVerInAnyEcosystem() {
        // "1.0.0-1" is a pre-release of 1.0.0 under SemVer, but the post-release 1.0.0.post1 under PEP 440.
        let semver = Self.advisory([.introduced("0"), .fixed("1.0.0")], type: .semver, ecosystem: "PyPI")
        let pep440 = Self.advisory([.introduced("0"), .fixed("1.0.0")], type: .ecosystem, ecosystem: "PyPI")
        #expect(Self.affected("1.0.0-1", semver, .pypi))
        #expect(!Self.affected("1.0.0-1", pep440, .pypi))
        #expect(Self.affected("1.0.0rc1", pep440, .pypi))
        // "1.0rc1" is PEP 440 but not SemVer: the SEMVER range cannot be checked, and says so.
        let report = AdvisoryMatcher.evaluate([PackageDependency(ecosystem: .pypi, name: "pkg", version: "1.0rc1")], [semver])
        #expect(report.matches.isEmpty)
        #expect(report.problems.count == 1)
    }

    @Test func unparsableVersionsAreReportedNotCrashed() {
        // The dependency's version is not SemVer: ranges cannot be checked, the exact list still is.
        let listed = Self.advisory([.introduced("0"), .fixed("2.0.0")], versions: ["latest-build"])
        let report = AdvisoryMatcher.evaluate([PackageDependency(ecosystem: .npm, name: "pkg", version: "latest-build")], [listed])
        #expect(report.matches.map(\.advisoryID) == ["TEST-1"])
        #expect(report.problems.map(\.advisoryID) == ["TEST-1"])
        #expect(report.problems.first?.message.contains("'latest-build' is not a valid SemVer 2.0 version") == true)

        // A range whose own version does not parse is skipped, and reported.
        let broken = Self.advisory([.introduced("0"), .fixed("two.oh")])
        let brokenReport = AdvisoryMatcher.evaluate([PackageDependency(ecosystem: .npm, name: "pkg", version: "1.0.0")], [broken])
        #expect(brokenReport.matches.isEmpty)
        #expect(brokenReport.problems.first?.message.hasPrefix("affected[0].ranges[0] skipped") == true)
    }

    @Test func swiftPackagesMatchWhateverURLSpellingTheyUse() {
        let advisory = OSVAdvisory(id: "TEST-2", modified: "m", affected: [
            .init(package: .init(ecosystem: "SwiftURL", name: "github.com/apple/swift-nio-http2"),
                  ranges: [.init(type: .semver, events: [.introduced("0"), .fixed("1.19.2")])]),
        ])
        let deps = ["https://github.com/apple/swift-nio-http2.git", "github.com/apple/swift-nio-http2", "https://github.com/apple/swift-nio-http2/"]
            .map { PackageDependency(ecosystem: .swift, name: $0, version: "1.19.1") }
        #expect(AdvisoryMatcher.matches(deps, [advisory]).count == 3)
        #expect(AdvisoryMatcher.matches([PackageDependency(ecosystem: .swift, name: "github.com/apple/swift-nio", version: "1.0.0")], [advisory]).isEmpty)
    }

    @Test func isAffectedChecksOneEntry() throws {
        let log4j = try OSVFixtures.advisory(Self.log4j)
        let dep = PackageDependency(ecosystem: .maven, name: "org.apache.logging.log4j:log4j-core", version: "2.14.1")
        #expect(log4j.affected.map { AdvisoryMatcher.isAffected(dep, by: $0) } == [true, false, false])
    }
}
