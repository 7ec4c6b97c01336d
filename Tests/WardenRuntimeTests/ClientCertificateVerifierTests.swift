import Foundation
import TLSTestSupport
import Testing
import WardenCore
import WardenRuntime
import X509

/// The certificates of one PKI, made once for these suites.
enum SharedPKI {
    static let made = Result { try TestPKI() }
}

@Suite("Client certificate verification")
struct ClientCertificateVerifierTests {
    let pki: TestPKI
    let verifier: ClientCertificateVerifier

    init() throws {
        pki = try SharedPKI.made.get()
        verifier = ClientCertificateVerifier(authorities: [pki.authority.certificate])
    }

    /// A presented chain as a client sends it: the credential's chain file, leaf first.
    func chain(_ credential: TestCredential) throws -> [Certificate] {
        try PEMCertificates.certificates(pem: credential.certificateChainPEM(), source: "test").map(\.certificate)
    }

    @Test("certificates fit for client authentication are trusted", arguments: [
        "spiffe", "dns", "cn", "unrestricted", "relay",
    ])
    func trusted(_ name: String) async throws {
        let credential = try #require(self.credential(named: name))
        let validated = try await verifier.verify(presentedChain: try chain(credential))
        #expect(validated.leaf == credential.certificate)
        #expect(validated.root == pki.authority.certificate)
    }

    @Test("refusals name their reason", arguments: [
        ("expired", ClientCertificateRefusal.Reason.expired, "expired at"),
        ("not-yet-valid", .notYetValid, "is not valid until"),
        ("server-auth-only", .wrongUsage, "lacks clientAuth"),
        ("unrelated", .untrusted, "does not chain to a configured client CA"),
    ])
    func refused(_ name: String, _ reason: ClientCertificateRefusal.Reason, _ phrase: String) async throws {
        let credential = try #require(self.credential(named: name))
        let presented = try chain(credential)
        do throws(ClientCertificateRefusal) {
            _ = try await verifier.verify(presentedChain: presented)
            Issue.record("\(name) was trusted")
        } catch {
            #expect(error.reason == reason)
            #expect(error.message.contains(phrase), "\(error.message)")
        }
    }

    @Test func aKeyUsageWithoutDigitalSignatureIsTheWrongUsage() async throws {
        let leaf = try pki.authority.issue(fileStem: "key-encipherment-only", commonName: "encipherer", keyUsage: KeyUsage(keyEncipherment: true))
        do throws(ClientCertificateRefusal) {
            _ = try await verifier.verify(presentedChain: [leaf.certificate])
            Issue.record("a key without digitalSignature was trusted")
        } catch {
            #expect(error.reason == .wrongUsage)
            #expect(error.message.contains("lacks digitalSignature"), "\(error.message)")
        }
    }

    @Test func anIntermediateRestrictedToServersCannotIssueClientCertificates() async throws {
        let serversOnly = try pki.authority.intermediate(commonName: "Servers Only CA", fileStem: "servers-only-ca", extendedKeyUsage: [.serverAuth])
        let leaf = try serversOnly.issue(fileStem: "via-servers-only", commonName: "sneaky")
        let presented = try chain(leaf)
        #expect(presented.count == 2)
        do throws(ClientCertificateRefusal) {
            _ = try await verifier.verify(presentedChain: presented)
            Issue.record("a certificate from a server-only CA was trusted")
        } catch {
            #expect(error.reason == .untrusted)
            #expect(error.message.contains("may not issue client certificates"), "\(error.message)")
        }
    }

    @Test func aLeafOfAnIntermediateIsUntrustedWithoutTheIntermediate() async throws {
        await #expect(throws: ClientCertificateRefusal.self) {
            _ = try await verifier.verify(presentedChain: [pki.intermediateClient.certificate])
        }
    }

    @Test func noCertificateIsRefused() async {
        do throws(ClientCertificateRefusal) {
            _ = try await verifier.verify(presentedChain: [])
            Issue.record("an empty chain was trusted")
        } catch {
            #expect(error.reason == .noCertificate)
        }
    }

    @Test func theSystemRootsAreNotTrusted() async throws {
        // A verifier with only the unrelated CA refuses the main CA's certificates: trust is exactly the configured CAs.
        let other = ClientCertificateVerifier(authorities: [pki.unrelatedAuthority.certificate])
        await #expect(throws: ClientCertificateRefusal.self) {
            _ = try await other.verify(presentedChain: try chain(pki.spiffeClient))
        }
    }

    @Test("the identity is read off the certificate", arguments: [
        ("spiffe", "spiffe:\(TestPKI.spiffeID)"), ("dns", "dns:\(TestPKI.dnsName)"), ("cn", "cn:\(TestPKI.commonName)"),
        ("relay", "spiffe:spiffe://warden.test/agent/relay"), ("unrestricted", "cn:legacy-agent"),
    ])
    func identity(_ name: String, _ expected: String) throws {
        let credential = try #require(self.credential(named: name))
        #expect(CertificateIdentity(certificate: credential.certificate)?.description == expected)
    }

    func credential(named name: String) -> TestCredential? {
        [
            "spiffe": pki.spiffeClient, "dns": pki.dnsClient, "cn": pki.commonNameClient, "unrestricted": pki.unrestrictedClient,
            "relay": pki.intermediateClient, "expired": pki.expiredClient, "not-yet-valid": pki.notYetValidClient,
            "server-auth-only": pki.serverAuthOnlyClient, "unrelated": pki.unrelatedClient,
        ][name]
    }
}
