import Foundation
import NIOSSL
import TLSTestSupport
import Testing
import WardenCore
import WardenRuntime

@Suite("TLS credentials and the client TLS identity")
struct TLSCredentialTests {
    let pki: TestPKI

    init() throws { pki = try SharedPKI.made.get() }

    func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch let e as WardenError { return e.code == .invalidInput ? e.message : "\(e)" } catch { return "\(error)" }
    }

    @Test func aMatchingPairLoads() throws {
        let c = try TLSCredential.files(certificateChain: pki.server.certificateChainFile, privateKey: pki.server.privateKeyFile,
                                        chainSetting: "tls.certificateChainFile", keySetting: "tls.privateKeyFile")
        #expect(c.leaf == pki.server.certificate)
        #expect(c.chain.count == 1)
    }

    @Test func theChainFileKeepsItsIntermediates() throws {
        let c = try TLSCredential.files(certificateChain: pki.intermediateClient.certificateChainFile,
                                        privateKey: pki.intermediateClient.privateKeyFile, chainSetting: "chain", keySetting: "key")
        #expect(c.chain.count == 2)
    }

    @Test func aKeyOfAnotherCertificateIsRefusedWithoutShowingIt() throws {
        let keyText = try pki.dnsClient.privateKeyPEM()
        let m = message {
            _ = try TLSCredential.files(certificateChain: pki.server.certificateChainFile, privateKey: pki.dnsClient.privateKeyFile,
                                        chainSetting: "tls.certificateChainFile", keySetting: "tls.privateKeyFile")
        }
        let text = try #require(m)
        #expect(text.contains("tls.privateKeyFile \(pki.dnsClient.privateKeyFile) does not match the certificate of tls.certificateChainFile"))
        // No line of the key's PEM appears in the message.
        for line in keyText.split(separator: "\n") where !line.hasPrefix("-----") { #expect(!text.contains(line)) }
    }

    @Test("file problems say what to fix", arguments: [
        ("missing", "does not exist"), ("directory", "is a directory"), ("not-pem", "holds no -----BEGIN CERTIFICATE----- block"),
        ("key-as-chain", "holds no -----BEGIN CERTIFICATE----- block"), ("cert-as-key", "holds no readable private key"),
    ])
    func fileProblems(_ kind: String, _ phrase: String) throws {
        let junk = pki.directory.appendingPathComponent("junk.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: junk))
        let (chain, key): (String, String) = switch kind {
        case "missing": (pki.directory.appendingPathComponent("nope.pem").path, pki.server.privateKeyFile)
        case "directory": (pki.directory.path, pki.server.privateKeyFile)
        case "not-pem": (junk, pki.server.privateKeyFile)
        case "key-as-chain": (pki.server.privateKeyFile, pki.server.privateKeyFile)
        default: (pki.server.certificateChainFile, pki.server.certificateChainFile)
        }
        let m = message {
            _ = try TLSCredential.files(certificateChain: chain, privateKey: key, chainSetting: "tls.certificateChainFile",
                                        keySetting: "tls.privateKeyFile")
        }
        #expect(m?.contains(phrase) == true, "\(m ?? "no error")")
    }

    @Test func anExpiredCertificateIsRefused() {
        let m = message {
            _ = try TLSCredential.files(certificateChain: pki.expiredClient.certificateChainFile, privateKey: pki.expiredClient.privateKeyFile,
                                        chainSetting: "tls.certificateChainFile", keySetting: "tls.privateKeyFile")
        }
        #expect(m?.contains("expired at") == true && m?.contains("renew it") == true, "\(m ?? "no error")")
    }

    @Test func aCertificateNotYetValidIsRefused() {
        let m = message {
            _ = try TLSCredential.files(certificateChain: pki.notYetValidClient.certificateChainFile,
                                        privateKey: pki.notYetValidClient.privateKeyFile, chainSetting: "chain", keySetting: "key")
        }
        #expect(m?.contains("is not valid until") == true, "\(m ?? "no error")")
    }

    @Test func clientIdentityFromFilesMakesAClientConfiguration() throws {
        let identity = try ClientTLSIdentity.files(certificateChain: pki.spiffeClient.certificateChainFile,
                                                   privateKey: pki.spiffeClient.privateKeyFile, trustRoots: pki.authority.certificateFile)
        #expect(identity.identity?.description == "spiffe:\(TestPKI.spiffeID)")
        let tls = identity.tlsConfiguration
        #expect(tls.certificateVerification == .fullVerification)
        #expect(tls.certificateChain.count == 1)
        #expect(tls.minimumTLSVersion == .tlsv12)
        guard case .certificates(let roots) = tls.trustRoots else {
            Issue.record("the trust roots are not the given bundle: \(String(describing: tls.trustRoots))")
            return
        }
        #expect(roots.count == 1)
    }

    @Test func clientIdentityFromSecrets() throws {
        let secrets = FixedSecrets(values: ["A2A_CERT": try pki.dnsClient.certificateChainPEM(), "A2A_KEY": try pki.dnsClient.privateKeyPEM()])
        let identity = try ClientTLSIdentity.secrets(secrets, certificateChain: "A2A_CERT", privateKey: "A2A_KEY")
        #expect(identity.identity?.description == "dns:\(TestPKI.dnsName)")
        #expect(identity.trustRoots == nil)
        let m = message { _ = try ClientTLSIdentity.secrets(secrets, certificateChain: "A2A_CERT", privateKey: "A2A_KEY", trustRoots: "A2A_CA") }
        #expect(m?.contains("the secret A2A_CA is not set") == true, "\(m ?? "no error")")
    }
}
