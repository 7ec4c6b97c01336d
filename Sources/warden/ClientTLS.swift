import Foundation
import NIOSSL
import WardenCore
import WardenRuntime

/// How the command-line client speaks TLS to Warden: which CAs it trusts for the server's certificate and, for a
/// Warden that verifies client certificates, the certificate it presents.
struct ClientTLS {
    let configuration: TLSConfiguration
    /// Whether a client certificate is presented (then it can stand in for an API key).
    let presentsCertificate: Bool

    /// The system's roots replaced by the CAs in `caFile`; no client certificate.
    /// - Throws: ``CLIFailure`` (usage) when the file is unreadable or holds no certificate.
    static func trusting(caFile: String) throws -> ClientTLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        do {
            let roots = try NIOSSLCertificate.fromPEMFile(caFile)
            guard !roots.isEmpty else { throw CLIFailure.usage("the CA file \(caFile) holds no PEM certificate") }
            tls.trustRoots = .certificates(roots)
        } catch let e as CLIFailure {
            throw e
        } catch {
            throw CLIFailure.usage("cannot read the CA file \(caFile): \(error)")
        }
        return ClientTLS(configuration: tls, presentsCertificate: false)
    }

    /// The client certificate chain and key in PEM files, and optionally the CAs to trust for the server.
    /// - Throws: ``CLIFailure`` (usage) naming the file that is unreadable, not PEM, expired, or whose key does not fit.
    static func presenting(certificateChain: String, privateKey: String, caFile: String?) throws -> ClientTLS {
        do {
            let identity = try ClientTLSIdentity.files(certificateChain: certificateChain, privateKey: privateKey, trustRoots: caFile)
            return ClientTLS(configuration: identity.tlsConfiguration, presentsCertificate: true)
        } catch let e as WardenError {
            throw CLIFailure.usage(e.message)
        }
    }
}
