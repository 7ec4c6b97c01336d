import Testing
import WardenCore

/// Tables from OSV.dev's Maven tests (google/osv.dev, osv/ecosystems/maven_test.py), most of them ported
/// there from Maven's own ComparableVersionTest.
@Suite struct MavenVersionTests {
    static func assertStrictlyIncreasing(_ texts: [String]) throws {
        let versions = try texts.map(MavenVersion.init)
        for i in versions.indices {
            for j in versions.indices where i < j {
                #expect(versions[i] < versions[j], "\(texts[i]) < \(texts[j])")
                #expect(!(versions[j] < versions[i]), "not \(texts[j]) < \(texts[i])")
            }
        }
    }

    @Test func qualifierOrder() throws {
        try Self.assertStrictlyIncreasing([
            "1-alpha2snapshot", "1-alpha2", "1-alpha-123", "1-beta-2", "1-beta123", "1-m2", "1-m11", "1-rc", "1-cr2",
            "1-rc123", "1-SNAPSHOT", "1", "1-sp", "1-sp2", "1-sp123", "1-abc", "1-def", "1-pom-1", "1-1-snapshot",
            "1-1", "1-2", "1-123",
        ])
    }

    @Test func numberOrder() throws {
        try Self.assertStrictlyIncreasing([
            "2.0", "2-1", "2.0.a", "2.0.0.a", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1",
            "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b", "11c", "11m",
        ])
    }

    @Test(arguments: [
        ("1", "2"), ("1.5", "2"), ("1", "2.5"), ("1.0", "1.1"), ("1.1", "1.2"), ("1.0.0", "1.1"), ("1.0.1", "1.1"),
        ("1.1", "1.2.0"), ("1.0-alpha-1", "1.0"), ("1.0-alpha-1", "1.0-alpha-2"), ("1.0-alpha-1", "1.0-beta-1"),
        ("1.0-beta-1", "1.0-SNAPSHOT"), ("1.0-SNAPSHOT", "1.0"), ("1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"),
        ("1.0", "1.0-1"), ("1.0-1", "1.0-2"), ("1.0.0", "1.0-1"), ("2.0-1", "2.0.1"), ("2.0.1-klm", "2.0.1-lmn"),
        ("2.0.1", "2.0.1-xyz"), ("2.0.1", "2.0.1-123"), ("2.0.1-xyz", "2.0.1-123"),
        // MNG-5568 and MNG-6572 regressions, and big numbers.
        ("6.1.0rc3", "6.1.0"), ("6.1.0rc3", "6.1H.5-beta"), ("6.1.0", "6.1H.5-beta"),
        ("20190126.230843", "1234567890.12345"), ("1234567890.12345", "123456789012345.1H.5-beta"),
        ("123456789012345.1H.5-beta", "12345678901234567890.1H.5-beta"),
        ("0.0.0-2021-05-17T01-01-51-5ec03a8b", "20.0.0"), ("0", "1"),
        // Log4Shell's boundaries (GHSA-jfh8-c2jp-5v3q).
        ("2.3", "2.3.1"), ("2.3.1", "2.4"), ("2.4", "2.12.2"), ("2.12.2", "2.13.0"), ("2.15.0-rc1", "2.15.0"), ("2.0-beta9", "2.3.1"),
    ])
    func ordered(_ lower: String, _ higher: String) throws {
        let a = try MavenVersion(lower), b = try MavenVersion(higher)
        #expect(a < b)
        #expect(!(b < a))
    }

    @Test(arguments: [
        ["1", "1.0", "1.0.0", "1-0", "1.0-0"], ["1a", "1-a", "1.0-a", "1.0.0-a", "1.0a", "1.0.0a"],
        ["1x", "1-x", "1.0-x", "1.0.0-x", "1.0x", "1.0.0x"], ["1ga", "1release", "1final", "1", "1GA", "1RELeaSE", "1FinaL"],
        ["1cr", "1rc", "1Cr", "1rC"], ["1a1", "1-alpha-1"], ["1b2", "1-beta-2"],
        ["1m3", "1-milestone-3", "1Milestone3", "1MILESTONE3"], ["1X", "1x"], ["1", "01", "001"], ["1.1", "1.01", "1.001"],
        ["1-1", "1-01", "1-001"], ["0.0.0", "0.0", "0"], ["0.0.0-0.0.0", "0-final-ga", "0"],
    ])
    func equal(_ texts: [String]) throws {
        let versions = try texts.map(MavenVersion.init)
        for (i, a) in versions.enumerated() {
            for b in versions {
                #expect(a == b, "\(texts[i]) == \(b)")
            }
        }
    }

    @Test(arguments: [
        ("1.0.0", "1"), ("1.ga", "1"), ("1.final", "1"), ("1.0", "1"), ("1.", "1"), ("1-", "1"),
        ("1.0.0-foo.0.0", "1-foo"), ("1.0.0-0.0.0", "1"), ("1-1.foo-bar1baz-.1", "1-1.foo-bar-1-baz-0.1"),
        ("1cr", "1-rc"), ("1a", "1-a"), ("1a1", "1-alpha-1"), ("1b1", "1-beta-1"), ("1c1", "1-c-1"),
        ("1m1", "1-milestone-1"), ("1-ga-1", "1-1"),
    ])
    func normalizes(_ input: String, _ normalized: String) throws {
        #expect(try MavenVersion(input).description == normalized)
    }

    /// The "End Result Examples" of Maven's version order specification. (Its `"1.foo" = "1-foo"` is not
    /// among them: OSV.dev, like Maven before 3.9, orders `.foo` below `-foo`.)
    @Test func specificationExamples() throws {
        func v(_ text: String) throws -> MavenVersion { try MavenVersion(text) }
        #expect(try v("1") < v("1.1"))
        #expect(try v("1-snapshot") < v("1"))
        #expect(try v("1") < v("1-sp"))
        #expect(try v("1-foo2") < v("1-foo10"))
        #expect(try v("1-foo") < v("1-1"))
        #expect(try v("1-1") < v("1.1"))
        for same in ["1.ga", "1-ga", "1-0", "1.0"] { #expect(try v(same) == v("1"), "\(same) == 1") }
        #expect(try v("1-ga") < v("1-sp"))
        #expect(try v("1-ga.1") < v("1-sp.1"))
        #expect(try v("1-sp-1") < v("1-ga-1"))
        #expect(try v("1-ga-1") == v("1-1"))
        #expect(try v("1-a1") == v("1-alpha-1"))
    }

    @Test(arguments: ["", "1.0 beta", "1.0\t", "1\u{0}"])
    func rejects(_ text: String) {
        guard case .invalidVersion(_, let scheme, _)? = advisoryError({ _ = try MavenVersion(text) }) else {
            Issue.record("'\(text)' should be rejected")
            return
        }
        #expect(scheme == "Maven")
    }
}
