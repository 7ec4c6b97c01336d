import Testing
import WardenCore

@Suite struct PEP440VersionTests {
    /// PEP 440's own example of the relative ordering of suffixes ("Summary of permitted suffixes and
    /// relative ordering"), lowest first.
    static let pepExampleOrder = [
        "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
        "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
        "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
    ]

    @Test func pepExampleOrdering() throws {
        let versions = try Self.pepExampleOrder.map(PEP440Version.init)
        for i in versions.indices {
            for j in versions.indices {
                #expect((versions[i] < versions[j]) == (i < j), "\(Self.pepExampleOrder[i]) < \(Self.pepExampleOrder[j]) should be \(i < j)")
                #expect((versions[i] == versions[j]) == (i == j))
            }
        }
        #expect(versions.reversed().sorted() == versions)
        #expect(versions.shuffled().sorted() == versions)
    }

    /// Each pair is strictly ordered `lower < higher` (checked against `packaging` 26).
    @Test(arguments: [
        ("2020.1", "1!0.1"), ("1.0", "1.0.1"), ("1.9", "1.10"), ("1.0.post1", "1.0.1"), ("1.0rc1", "1.0"),
        ("1.0.dev0", "1.0a0"), ("1.0a0", "1.0a1"), ("1.0", "1.0+local"), ("1.0+abc", "1.0+abc.1"),
        ("1.0+abc.z", "1.0+abc.1"), ("0.dev0", "0"), ("1.0a1.post1", "1.0a2"), ("1.0b1", "1.0rc1"),
        ("1.0.post1.dev1", "1.0.post1"), ("1.0.dev1", "1.0.dev2"), ("1.0+abc", "1.0+abd"), ("1.0+1", "1.0+10"),
        ("1.0.dev1", "1.0a1.dev1"), ("1.0.99999999999999999999", "1.0.100000000000000000000"),
    ])
    func ordered(_ lower: String, _ higher: String) throws {
        let a = try PEP440Version(lower), b = try PEP440Version(higher)
        #expect(a < b)
        #expect(!(b < a))
        #expect(a != b)
    }

    /// Spellings that PEP 440 normalizes, and their normal form (checked against `packaging` 26).
    @Test(arguments: [
        ("1.0", "1.0"), ("v1.0", "1.0"), ("V1.0", "1.0"), (" 1.0\n", "1.0"), ("1.0ALPHA1", "1.0a1"), ("1.1-a1", "1.1a1"),
        ("1.1.a.1", "1.1a1"), ("1.1_a_1", "1.1a1"), ("1.0alpha1", "1.0a1"), ("1.0beta2", "1.0b2"), ("1.0c1", "1.0rc1"),
        ("1.0pre1", "1.0rc1"), ("1.0preview1", "1.0rc1"), ("1.2a", "1.2a0"), ("1.2.post", "1.2.post0"),
        ("1.2-post-2", "1.2.post2"), ("1.2.rev3", "1.2.post3"), ("1.2r4", "1.2.post4"), ("1.0-1", "1.0.post1"),
        ("1.2.dev", "1.2.dev0"), ("1.2-dev-3", "1.2.dev3"), ("1.0+ubuntu-1", "1.0+ubuntu.1"), ("1.0+Ubuntu_1", "1.0+ubuntu.1"),
        ("01.02", "1.2"), ("0!1.0", "1.0"), ("1!2.0", "1!2.0"), ("1.0+abc.05", "1.0+abc.5"), ("1.0a.1", "1.0a1"),
        ("1.0.dev.1", "1.0.dev1"), ("1!2.0-C1-r2-DEV3+Ubuntu-1", "1!2.0rc1.post2.dev3+ubuntu.1"), ("1.0a-", "1.0a0"),
        ("1.0a.post1", "1.0a0.post1"), ("2024.01.15", "2024.1.15"), ("1.0RC1.POST2", "1.0rc1.post2"),
    ])
    func normalizes(_ input: String, _ normalized: String) throws {
        #expect(try PEP440Version(input).description == normalized)
    }

    @Test(arguments: [
        ("1.0", "1.0.0"), ("v1.0", "1.0"), ("1.0a", "1.0a0"), ("1.0.post", "1.0-0"), ("1.0c1", "1.0rc1"), ("0!1", "1"),
        ("1.0+ABC", "1.0+abc"), ("1.0+abc-1", "1.0+abc.1"),
    ])
    func equal(_ a: String, _ b: String) throws {
        let x = try PEP440Version(a), y = try PEP440Version(b)
        #expect(x == y)
        #expect(x.hashValue == y.hashValue)
        #expect(!(x < y) && !(y < x))
    }

    /// Text `packaging` 26 also rejects.
    @Test(arguments: [
        "", " ", "1.0.", "a1", "1.0+", "1.0+abc..1", "1.0+ab_", "1.0 beta", "1.0-", "1..0", "1.0abc", "1!", "!1",
        "1.0.dev1.post1", "1.0a1a2", "1.0+ünï", "1.0-beta.1.2", "v", "1.0+-abc", "1,0", "-1.0", "1.0.0.0.0x",
    ])
    func rejects(_ text: String) {
        let error = advisoryError { _ = try PEP440Version(text) }
        guard case .invalidVersion(let version, let scheme, let reason)? = error else {
            Issue.record("'\(text)' should be rejected with invalidVersion, got \(String(describing: error))")
            return
        }
        #expect(version == text)
        #expect(scheme == "PEP 440")
        #expect(!reason.isEmpty)
    }

    @Test func reasonPointsAtTheProblem() {
        let error = advisoryError { _ = try PEP440Version("1.0.dev1.post1") }
        #expect(error?.description.contains("unexpected '.post1'") == true, "\(String(describing: error))")
    }

    @Test func flags() throws {
        #expect(try PEP440Version("1.0a1").isPrerelease)
        #expect(try PEP440Version("1.0.dev3").isPrerelease)
        #expect(try !PEP440Version("1.0.post1").isPrerelease)
        #expect(try PEP440Version("1.0.post1").isPostRelease)
        #expect(try PEP440Version("1.0+Ubuntu-1").localLabel == "ubuntu.1")
        #expect(try PEP440Version("1.0").localLabel == nil)
    }
}
