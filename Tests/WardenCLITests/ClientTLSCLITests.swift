import Foundation
import TLSTestSupport
import Testing
import WardenCore

@Suite("warden client commands over mutual TLS", .serialized)
struct ClientTLSCLITests {
    @Test func aClientCertificateStandsInForTheAPIKeyAndBadTLSFlagsAreUsageErrors() throws {
        let pki = try TestPKI()
        let config = """
            tls:
              certificateChainFile: \(pki.server.certificateChainFile)
              privateKeyFile: \(pki.server.privateKeyFile)
              clientCAFile: \(pki.authority.certificateFile)
              clientCertificates: optional
              identities: {"\(TestPKI.spiffeID)": admin}

            """
        let server = try CLIHarness.startServer(config: config)
        defer { server.stop() }
        #expect(server.url.hasPrefix("https://"))
        let tlsFlags = ["--server", server.url, "--ca-file", pki.authority.certificateFile]

        // The certificate maps to the admin: whoami with no API key at all.
        let me = try CLIHarness.run(["whoami", "--json", "--client-cert", pki.spiffeClient.certificateChainFile,
                                     "--client-key", pki.spiffeClient.privateKeyFile] + tlsFlags)
        #expect(me.status == 0, "\(me)")
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(me.out.utf8))["id"] == "admin")

        // An API key over TLS needs only the CA.
        let keyed = try server.run(["whoami"] + tlsFlags.dropFirst(2), environment: [:])
        #expect(keyed.status == 0, "\(keyed)")

        // Without the CA, the server's certificate is not trusted: a clear failure, exit 1.
        let untrusted = try server.run(["whoami"])
        #expect(untrusted.status == 1, "\(untrusted)")
        #expect(untrusted.err.contains("not reachable"))

        // Half a client credential, or a missing file, is a usage error (exit 2) naming what to do.
        let half = try CLIHarness.run(["whoami", "--client-cert", pki.spiffeClient.certificateChainFile] + tlsFlags)
        #expect(half.status == 2)
        #expect(half.err.contains("--client-key"))
        let missing = try CLIHarness.run(["whoami", "--client-cert", "/nonexistent.pem", "--client-key", "/nonexistent.key"] + tlsFlags)
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("/nonexistent.pem"))
        // A certificate from another CA is refused by the server.
        let stranger = try CLIHarness.run(["whoami", "--client-cert", pki.unrelatedClient.certificateChainFile,
                                           "--client-key", pki.unrelatedClient.privateKeyFile] + tlsFlags)
        #expect(stranger.status == 1, "\(stranger)")
    }
}
