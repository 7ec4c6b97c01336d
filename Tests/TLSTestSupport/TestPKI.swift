import Foundation
import SwiftASN1
import X509

/// Every certificate the TLS tests need, made fresh in a temporary directory: a CA, a server certificate for
/// `127.0.0.1`/`localhost`, good client certificates (SPIFFE URI, DNS name only, CN only, no EKU, through an
/// intermediate, an unmapped SPIFFE id) and bad ones (expired, not yet valid, serverAuth only, from an unrelated CA).
public struct TestPKI: Sendable {
    public static let spiffeID = "spiffe://warden.test/agent/planner"
    public static let dnsName = "reporter.warden.test"
    public static let commonName = "auditor-bot"
    public static let unmappedSPIFFEID = "spiffe://warden.test/agent/stranger"

    public let directory: URL
    /// The CA that client certificates are verified against (and that issued the server certificate).
    public let authority: TestCertificateAuthority
    /// An intermediate CA under ``authority``.
    public let intermediate: TestCertificateAuthority
    /// A CA Warden does not trust.
    public let unrelatedAuthority: TestCertificateAuthority

    /// `localhost` and `127.0.0.1`, EKU serverAuth.
    public let server: TestCredential
    /// URI SAN ``spiffeID`` plus a DNS SAN and a CN (the URI wins).
    public let spiffeClient: TestCredential
    /// DNS SAN ``dnsName`` plus a CN (the DNS name wins).
    public let dnsClient: TestCredential
    /// Subject CN ``commonName`` only.
    public let commonNameClient: TestCredential
    /// No extended key usage extension (so any use is permitted), CN `legacy-agent`.
    public let unrestrictedClient: TestCredential
    /// Issued by ``intermediate`` (its chain file holds the intermediate), URI SAN `spiffe://warden.test/agent/relay`.
    public let intermediateClient: TestCredential
    /// URI SAN ``unmappedSPIFFEID``, which no mapping names.
    public let unmappedClient: TestCredential
    /// Valid until yesterday.
    public let expiredClient: TestCredential
    /// Valid from tomorrow.
    public let notYetValidClient: TestCredential
    /// EKU serverAuth only: the wrong usage for a client.
    public let serverAuthOnlyClient: TestCredential
    /// Issued by ``unrelatedAuthority``, URI SAN ``spiffeID`` (a mapped identity from the wrong CA).
    public let unrelatedClient: TestCredential

    /// Makes every certificate in a new temporary directory.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let ca = try TestCertificateAuthority(commonName: "Warden Test CA", fileStem: "ca", directory: directory)
        authority = ca
        intermediate = try ca.intermediate(commonName: "Warden Test Intermediate CA", fileStem: "intermediate-ca")
        unrelatedAuthority = try TestCertificateAuthority(commonName: "Unrelated CA", fileStem: "unrelated-ca", directory: directory)
        let day: TimeInterval = 86_400
        let now = Date()
        server = try ca.issue(fileStem: "server", commonName: "localhost",
                              subjectAlternativeNames: [.dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))],
                              usage: .serverAuth)
        spiffeClient = try ca.issue(fileStem: "spiffe", commonName: "planner-cn",
                                    subjectAlternativeNames: [.uniformResourceIdentifier(Self.spiffeID), .dnsName("planner.warden.test")])
        dnsClient = try ca.issue(fileStem: "dns", commonName: "reporter-cn", subjectAlternativeNames: [.dnsName(Self.dnsName)])
        commonNameClient = try ca.issue(fileStem: "cn", commonName: Self.commonName)
        unrestrictedClient = try ca.issue(fileStem: "unrestricted", commonName: "legacy-agent", usage: .unrestricted)
        intermediateClient = try intermediate.issue(fileStem: "relay", commonName: nil,
                                                    subjectAlternativeNames: [.uniformResourceIdentifier("spiffe://warden.test/agent/relay")])
        unmappedClient = try ca.issue(fileStem: "unmapped", commonName: nil,
                                      subjectAlternativeNames: [.uniformResourceIdentifier(Self.unmappedSPIFFEID)])
        expiredClient = try ca.issue(fileStem: "expired", commonName: nil,
                                     subjectAlternativeNames: [.uniformResourceIdentifier(Self.spiffeID)],
                                     validFrom: now.addingTimeInterval(-3 * day), validUntil: now.addingTimeInterval(-day))
        notYetValidClient = try ca.issue(fileStem: "not-yet-valid", commonName: nil,
                                         subjectAlternativeNames: [.uniformResourceIdentifier(Self.spiffeID)],
                                         validFrom: now.addingTimeInterval(day), validUntil: now.addingTimeInterval(3 * day))
        serverAuthOnlyClient = try ca.issue(fileStem: "server-auth-only", commonName: nil,
                                            subjectAlternativeNames: [.uniformResourceIdentifier(Self.spiffeID)], usage: .serverAuth)
        unrelatedClient = try unrelatedAuthority.issue(fileStem: "unrelated", commonName: nil,
                                                       subjectAlternativeNames: [.uniformResourceIdentifier(Self.spiffeID)])
    }

    /// Deletes the directory and every key in it.
    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
