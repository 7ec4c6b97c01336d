import Testing
import WardenCore

@Suite("Certificate identity")
struct CertificateIdentityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var uris: [String] = []
        var dns: [String] = []
        var cns: [String] = []
        var expected: String?
        var testDescription: String { name }
    }

    @Test("SPIFFE URI SAN, else first DNS SAN, else CN", arguments: [
        Case(name: "SPIFFE wins over DNS and CN", uris: ["spiffe://warden.test/agent/planner"], dns: ["planner.warden.test"],
             cns: ["planner"], expected: "spiffe:spiffe://warden.test/agent/planner"),
        Case(name: "SPIFFE without a path", uris: ["spiffe://warden.test"], expected: "spiffe:spiffe://warden.test"),
        Case(name: "other URIs do not count", uris: ["https://planner.example/"], dns: ["planner.warden.test"],
             expected: "dns:planner.warden.test"),
        Case(name: "first DNS name, lowercased, trailing dot dropped", dns: ["Reporter.Warden.Test.", "other.warden.test"],
             cns: ["reporter"], expected: "dns:reporter.warden.test"),
        Case(name: "a wildcard DNS name is skipped", dns: ["*.warden.test", "relay.warden.test"], expected: "dns:relay.warden.test"),
        Case(name: "a malformed DNS name is skipped for the CN", dns: ["not a name"], cns: ["auditor-bot"], expected: "cn:auditor-bot"),
        Case(name: "CN only", cns: ["auditor-bot"], expected: "cn:auditor-bot"),
        Case(name: "the first usable CN", cns: ["", "Auditor Bot"], expected: "cn:Auditor Bot"),
        Case(name: "nothing", expected: nil),
        Case(name: "two SPIFFE IDs are ambiguous, no fallback", uris: ["spiffe://a.test/x", "spiffe://a.test/y"], dns: ["a.test"], expected: nil),
        Case(name: "a malformed SPIFFE ID, no fallback", uris: ["spiffe://Warden.Test/agent"], dns: ["a.test"], cns: ["a"], expected: nil),
        Case(name: "a control character in a CN", cns: ["bad\u{0}name"], expected: nil),
    ])
    func selection(_ c: Case) {
        let identity = CertificateIdentity(uniformResourceIdentifiers: c.uris, dnsNames: c.dns, commonNames: c.cns)
        #expect(identity?.description == c.expected)
    }

    @Test("SPIFFE ID syntax", arguments: [
        ("spiffe://warden.test/agent/planner", true), ("spiffe://trust_domain-1.example/a/b.c/d-e_f", true),
        ("spiffe://warden.test", true), ("spiffe://warden.test/", false), ("spiffe://warden.test//x", false),
        ("spiffe://warden.test/./x", false), ("spiffe://warden.test/../x", false), ("spiffe://Warden.test/x", false),
        ("spiffe://warden.test:443/x", false), ("spiffe://user@warden.test/x", false), ("spiffe://warden.test/x?q=1", false),
        ("spiffe://warden.test/x#f", false), ("spiffe:///x", false), ("SPIFFE://warden.test/x", false), ("https://warden.test/x", false),
    ])
    func spiffeSyntax(_ uri: String, _ valid: Bool) {
        #expect(CertificateIdentity.isValidSPIFFEID(uri) == valid)
    }

    @Test func mappingNamesAPrincipalOnlyForMappedIdentitiesByDefault() {
        let mapping = CertificatePrincipalMapping(principalIDs: ["spiffe://warden.test/agent/planner": "planner"])
        #expect(mapping.principalID(for: .init(source: .spiffeURI, value: "spiffe://warden.test/agent/planner")) == "planner")
        #expect(mapping.principalID(for: .init(source: .commonName, value: "admin")) == nil)
    }

    @Test func unmappedIdentityIsAPrincipalIDOnlyWhenAllowedAndWellFormed() {
        let mapping = CertificatePrincipalMapping(principalIDs: ["reporter.warden.test": "reporter"], unmappedIdentityAsPrincipalID: true)
        #expect(mapping.principalID(for: .init(source: .commonName, value: "auditor-bot")) == "auditor-bot")
        #expect(mapping.principalID(for: .init(source: .dnsName, value: "reporter.warden.test")) == "reporter")
        // A SPIFFE ID has ':' and '/', so it is never a principal id itself.
        #expect(mapping.principalID(for: .init(source: .spiffeURI, value: "spiffe://warden.test/x")) == nil)
        #expect(mapping.principalID(for: .init(source: .commonName, value: "Auditor Bot")) == nil)
    }
}
