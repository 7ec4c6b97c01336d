import Foundation
import Testing
import WardenCore

@Suite struct PackageDependencyTests {
    @Test(arguments: [
        ("PyPI", Ecosystem.pypi), ("pypi", .pypi), ("PYPI", .pypi), ("npm", .npm), ("NPM", .npm), ("Go", .go), ("go", .go),
        ("SwiftURL", .swift), ("swifturl", .swift), ("Maven", .maven), ("Maven:https://maven.google.com", .maven),
        ("crates.io", .crates), ("Crates.IO", .crates),
    ])
    func ecosystemNames(_ text: String, _ ecosystem: Ecosystem) throws {
        #expect(Ecosystem(osvName: text) == ecosystem)
        #expect(try JSONDecoder().decode(Ecosystem.self, from: Data("\"\(text)\"".utf8)) == ecosystem)
    }

    @Test(arguments: ["Debian:12", "RubyGems", "", "crates", "pip"])
    func unknownEcosystems(_ text: String) {
        #expect(Ecosystem(osvName: text) == nil)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Ecosystem.self, from: Data("\"\(text)\"".utf8)) }
    }

    @Test func rawValuesAreOSVSpellings() {
        #expect(Ecosystem.allCases.map(\.rawValue) == ["PyPI", "npm", "Go", "SwiftURL", "Maven", "crates.io"])
    }

    /// PEP 503's normalization; other ecosystems keep names as written (Swift URLs lose scheme and `.git`).
    @Test(arguments: [
        (Ecosystem.pypi, "Django", "django"), (.pypi, "zope.interface", "zope-interface"), (.pypi, "Foo__Bar..baz", "foo-bar-baz"),
        (.pypi, "typing_extensions", "typing-extensions"), (.pypi, "a-_-.b", "a-b"), (.pypi, "_private", "-private"),
        (.npm, "@Scope/Name", "@Scope/Name"), (.go, "github.com/Azure/azure-sdk-for-go", "github.com/Azure/azure-sdk-for-go"),
        (.maven, "org.apache.logging.log4j:log4j-core", "org.apache.logging.log4j:log4j-core"), (.crates, "serde_json", "serde_json"),
        (.swift, "https://github.com/apple/swift-nio.git", "github.com/apple/swift-nio"), (.swift, "git@github.com:apple/swift-nio.git", "github.com/apple/swift-nio"),
        (.swift, "github.com/apple/swift-nio", "github.com/apple/swift-nio"),
    ])
    func names(_ ecosystem: Ecosystem, _ name: String, _ normalized: String) {
        #expect(PackageDependency(ecosystem: ecosystem, name: name, version: "1").normalizedName == normalized)
    }

    @Test func codableRoundTrip() throws {
        let dep = PackageDependency(ecosystem: .crates, name: "serde", version: "1.0.0")
        let data = try JSONEncoder().encode(dep)
        #expect(String(decoding: data, as: UTF8.self).contains("\"crates.io\""))
        #expect(try JSONDecoder().decode(PackageDependency.self, from: data) == dep)
        let lowercase = #"{"ecosystem": "pypi", "name": "requests", "version": "2.19.0"}"#
        #expect(try JSONDecoder().decode(PackageDependency.self, from: Data(lowercase.utf8)) == PackageDependency(ecosystem: .pypi, name: "requests", version: "2.19.0"))
    }
}
