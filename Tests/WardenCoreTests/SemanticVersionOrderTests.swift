import Testing
import WardenCore

@Suite struct SemanticVersionOrderTests {
    /// The precedence examples of SemVer 2.0.0 section 11, lowest first.
    static let specOrder = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
        "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1",
    ]

    @Test func specPrecedence() throws {
        let versions = try Self.specOrder.map(SemanticVersionOrder.init)
        for i in versions.indices {
            for j in versions.indices {
                #expect((versions[i] < versions[j]) == (i < j), "\(Self.specOrder[i]) < \(Self.specOrder[j]) should be \(i < j)")
            }
        }
        #expect(versions.shuffled().sorted() == versions)
    }

    @Test(arguments: [
        ("1.0.0-1", "1.0.0-a"),            // numeric identifiers sort below alphanumeric ones
        ("1.0.0-2", "1.0.0-10"),           // and compare numerically
        ("1.0.0-a-b", "1.0.0-a-c"),
        ("1.0.0-alpha", "1.0.0-alpha.0"),  // a longer identifier list wins when the shared part is equal
        ("v0.0.0-20231010180000-abcdef123456", "v0.17.0"), // a Go pseudo-version
        ("1.21.0-0", "1.21.0-rc.1"),       // Go's vulndb marks "any pre-release of 1.21.0" as 1.21.0-0
        ("0.9.9", "0.10.0"),
    ])
    func ordered(_ lower: String, _ higher: String) throws {
        let a = try SemanticVersionOrder(lower), b = try SemanticVersionOrder(higher)
        #expect(a < b)
        #expect(!(b < a))
    }

    @Test(arguments: [
        ("1.0.0+a", "1.0.0+b"), ("1.0.0-alpha+001", "1.0.0-alpha"), ("v1.2.3", "1.2.3"), ("V1.2.3", "1.2.3"),
        ("v2.0.0+incompatible", "2.0.0"),
    ])
    func buildMetadataAndLeadingVAreIgnored(_ a: String, _ b: String) throws {
        let x = try SemanticVersionOrder(a), y = try SemanticVersionOrder(b)
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(!(x < y) && !(y < x))
    }

    @Test(arguments: [
        ("", "empty"), ("1", "three numbers"), ("1.2", "three numbers"), ("1.2.3.4", "three numbers"),
        ("01.2.3", "leading zero"), ("1.2.x", "not a number"), ("99999999999999999999.0.0", "too large"),
        ("1.2.3-01", "pre-release"), ("1.2.3-", "pre-release"), ("1.2.3+", "pre-release"), ("vv1.2.3", "not a number"),
        ("1.2.3-a..b", "pre-release"),
    ])
    func rejects(_ text: String, _ reasonMentions: String) {
        let error = advisoryError { _ = try SemanticVersionOrder(text) }
        guard case .invalidVersion(let version, let scheme, let reason)? = error else {
            Issue.record("'\(text)' should be rejected, got \(String(describing: error))")
            return
        }
        #expect(version == text)
        #expect(scheme == "SemVer 2.0")
        #expect(reason.contains(reasonMentions), "reason: \(reason)")
    }
}
