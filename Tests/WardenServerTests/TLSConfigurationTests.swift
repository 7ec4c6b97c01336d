import Foundation
import TLSTestSupport
import Testing
import WardenCore
@testable import WardenServer

@Suite("TLS configuration and start-up checks")
struct TLSConfigurationTests {
    @Test func theTLSSectionIsReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            tls:
              certificateChainFile: /etc/warden/server.pem
              privateKeyFile: /etc/warden/server.key
              clientCAFile: /etc/warden/clients-ca.pem
              clientCertificates: optional
              identities:
                "spiffe://warden.test/agent/planner": planner
                reporter.warden.test: reporter
              unmappedIdentityAsPrincipalID: true
            """)
        let tls = try #require(c.tls)
        #expect(tls.certificateChainFile == "/etc/warden/server.pem" && tls.privateKeyFile == "/etc/warden/server.key")
        #expect(tls.clientCAFile == "/etc/warden/clients-ca.pem")
        #expect(tls.clientCertificates == .optional)
        #expect(tls.mapping.principalIDs == ["spiffe://warden.test/agent/planner": "planner", "reporter.warden.test": "reporter"])
        #expect(tls.mapping.unmappedIdentityAsPrincipalID)
        #expect(c.canonicalSummary["tls"]?["clientCertificates"]?.stringValue == "optional")
    }

    @Test func aClientCAMeansRequiredAndNoneMeansNone() throws {
        let withCA = try WardenConfiguration.parse("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  clientCAFile: ca.pem")
        #expect(withCA.tls?.clientCertificates == .required)
        #expect(withCA.tls?.mapping.unmappedIdentityAsPrincipalID == false)
        let without = try WardenConfiguration.parse("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key")
        #expect(without.tls?.clientCertificates == TLSSettings.ClientCertificates.none)
    }

    @Test func withoutTLSTheConfigurationDigestIsUnchanged() {
        #expect(WardenConfiguration().tls == nil)
        #expect(WardenConfiguration().canonicalSummary["tls"] == nil)
    }

    @Test("mistakes in the tls section are clear errors", arguments: [
        ("tls:\n  privateKeyFile: a.key", "tls.certificateChainFile is missing"),
        ("tls:\n  certificateChainFile: a.pem", "tls.privateKeyFile is missing"),
        ("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  clientCertificates: sometimes", "must be none, optional or required"),
        ("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  clientCertificates: required", "give tls.clientCAFile"),
        ("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  identities: {x: y}", "need client certificates"),
        ("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  clientCAFile: ca.pem\n  identities: {x: \"not a principal\"}",
         "is not a principal id"),
        ("tls:\n  certificateChainFile: a.pem\n  privateKeyFile: a.key\n  clientCAFile: ca.pem\n  identities: {\"spiffe://Warden/x\": p}",
         "is not a valid SPIFFE ID"),
        ("tls:\n  certificateFile: a.pem", "certificateFile"),
    ])
    func mistakes(_ text: String, _ mentions: String) {
        do {
            _ = try WardenConfiguration.parse(text, source: "warden.yaml")
            Issue.record("\(text) should be refused")
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
            #expect(e.message.contains(mentions), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("start-up refuses unusable TLS files, saying what to fix", arguments: [
        "missing key", "mismatched key", "expired certificate", "CA bundle without certificates",
    ])
    func startupChecks(_ problem: String) throws {
        let pki = try SharedPKI.made.get()
        let junk = pki.directory.appendingPathComponent("empty-bundle.pem")
        try Data("# no certificates here\n".utf8).write(to: junk)
        var settings = TLSSettings(certificateChainFile: pki.server.certificateChainFile, privateKeyFile: pki.server.privateKeyFile,
                                   clientCAFile: pki.authority.certificateFile)
        let expected: String
        switch problem {
        case "missing key":
            settings.privateKeyFile = pki.directory.appendingPathComponent("absent.key").path
            expected = "tls.privateKeyFile: the file \(settings.privateKeyFile) does not exist"
        case "mismatched key":
            settings.privateKeyFile = pki.spiffeClient.privateKeyFile
            expected = "does not match the certificate of tls.certificateChainFile"
        case "expired certificate":
            settings.certificateChainFile = pki.expiredClient.certificateChainFile
            settings.privateKeyFile = pki.expiredClient.privateKeyFile
            expected = "expired at"
        default:
            settings.clientCAFile = junk.path
            expected = "tls.clientCAFile \(junk.path): holds no -----BEGIN CERTIFICATE----- block"
        }
        do {
            _ = try ServerTLS(settings: settings)
            Issue.record("\(problem) was accepted")
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
            #expect(e.message.contains(expected), "\(e.message)")
            #expect(!e.message.contains("PRIVATE KEY-----"))
        }
    }

    @Test func goodFilesLoad() throws {
        let pki = try SharedPKI.made.get()
        let tls = try ServerTLS(settings: TLSSettings(certificateChainFile: pki.server.certificateChainFile,
                                                     privateKeyFile: pki.server.privateKeyFile, clientCAFile: pki.authority.certificateFile))
        #expect(tls.verifier?.authorities == [pki.authority.certificate])
        #expect(tls.tlsConfiguration.certificateVerification == .noHostnameVerification)
        #expect(tls.tlsConfiguration.sendCANameList)
    }
}
