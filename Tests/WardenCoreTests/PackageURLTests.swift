import Testing
import WardenCore

@Suite struct PackageURLTests {
    @Test(arguments: [
        ("pkg:pypi/requests@2.19.0", Ecosystem.pypi, "requests", "2.19.0"),
        ("pkg:pypi/Typing_Extensions@4.8.0", .pypi, "typing-extensions", "4.8.0"),
        ("pkg:npm/%40scope/name@1.0.0", .npm, "@scope/name", "1.0.0"),
        ("pkg:npm/@types/node@20.1.0", .npm, "@types/node", "20.1.0"),
        ("pkg:npm/lodash@4.17.20", .npm, "lodash", "4.17.20"),
        ("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", .maven, "org.apache.logging.log4j:log4j-core", "2.14.1"),
        ("pkg:maven/group/artifact@1.0?type=jar&classifier=sources", .maven, "group:artifact", "1.0"),
        ("pkg:golang/github.com/x/y@v1.2.3", .go, "github.com/x/y", "v1.2.3"),
        ("pkg:golang/golang.org/x/net@v0.16.0#http2", .go, "golang.org/x/net", "v0.16.0"),
        ("pkg:cargo/serde@1.0.0", .crates, "serde", "1.0.0"),
        ("pkg:swift/github.com/apple/swift-nio@2.0.0", .swift, "github.com/apple/swift-nio", "2.0.0"),
        ("PKG:NPM/left-pad@1.3.0", .npm, "left-pad", "1.3.0"),
        ("pkg://npm/left-pad@1.3.0", .npm, "left-pad", "1.3.0"),
        ("pkg:npm/name@1.0.0%2Bbuild.1", .npm, "name", "1.0.0+build.1"),
    ])
    func dependencies(_ purl: String, _ ecosystem: Ecosystem, _ name: String, _ version: String) throws {
        #expect(try PackageURL(purl).dependency() == PackageDependency(ecosystem: ecosystem, name: name, version: version))
    }

    @Test func components() throws {
        let p = try PackageURL("pkg:maven/org.example/lib@1.0?Type=jar&repository_url=https%3A%2F%2Frepo.example#sub/dir")
        #expect(p.type == "maven")
        #expect(p.namespace == "org.example")
        #expect(p.name == "lib")
        #expect(p.version == "1.0")
        #expect(p.qualifiers == ["type": "jar", "repository_url": "https://repo.example"])
        #expect(p.subpath == "sub/dir")
        #expect(p.ecosystem == .maven)
    }

    @Test(arguments: [
        ("npm/left-pad@1.3.0", "pkg:"), ("pkg:npm", "type and a name"), ("pkg:npm/", "type and a name"),
        ("pkg:1npm/left-pad@1", "not a package type"), ("pkg:npm/%zz@1.0.0", "percent-encoding"),
        ("pkg:npm/name@1.0?bad", "key=value"),
    ])
    func rejects(_ purl: String, _ reasonMentions: String) {
        guard case .invalidPackageURL(let p, let reason)? = advisoryError({ _ = try PackageURL(purl) }) else {
            Issue.record("'\(purl)' should be rejected")
            return
        }
        #expect(p == purl)
        #expect(reason.contains(reasonMentions), "reason: \(reason)")
    }

    @Test(arguments: [
        ("pkg:gem/rails@7.0.0", "type 'gem' is not one Warden matches"), ("pkg:deb/debian/curl@7.68.0", "type 'deb'"),
        ("pkg:npm/left-pad", "no @version"), ("pkg:maven/artifact@1.0", "needs a group"),
    ])
    func parsesButIsNoDependency(_ purl: String, _ reasonMentions: String) throws {
        let parsed = try PackageURL(purl)
        guard case .invalidPackageURL(_, let reason)? = advisoryError({ _ = try parsed.dependency() }) else {
            Issue.record("'\(purl)' should give no dependency")
            return
        }
        #expect(reason.contains(reasonMentions), "reason: \(reason)")
    }
}
