import Foundation
import NIOSSL
import WardenCore
import X509

/// The client certificate Warden presents when it calls another agent over mutual TLS, and the CAs it trusts for
/// that agent's server certificate. Its ``tlsConfiguration`` goes on an AsyncHTTPClient request
/// (`HTTPClientRequest.tlsConfiguration`) or client.
public struct ClientTLSIdentity: Sendable {
    /// The certificate chain and key presented.
    public let credential: TLSCredential
    /// The CAs the server's certificate must chain to; nil trusts the system's roots.
    public let trustRoots: [NIOSSLCertificate]?

    public init(credential: TLSCredential, trustRoots: [NIOSSLCertificate]?) {
        self.credential = credential
        self.trustRoots = trustRoots
    }

    /// The identity a server following Warden's rules reads off this certificate.
    public var identity: CertificateIdentity? { CertificateIdentity(certificate: credential.leaf) }

    /// Client TLS with this certificate: TLS 1.2 or later, the server's certificate verified (chain and host name)
    /// against ``trustRoots``.
    public var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        tls.certificateChain = credential.chain.map { .certificate($0) }
        tls.privateKey = .privateKey(credential.privateKey)
        if let trustRoots { tls.trustRoots = .certificates(trustRoots) }
        return tls
    }

    /// An identity read from PEM files.
    /// - Parameters:
    ///   - certificateChain: the client certificate first, then intermediates.
    ///   - privateKey: its unencrypted PEM key.
    ///   - trustRoots: a PEM bundle of the CAs the server's certificate must chain to; nil: the system's roots.
    /// - Throws: `invalid_input` naming the file: unreadable, no certificate, key not matching, certificate expired.
    public static func files(certificateChain: String, privateKey: String, trustRoots: String? = nil) throws -> ClientTLSIdentity {
        let credential = try TLSCredential.files(certificateChain: certificateChain, privateKey: privateKey,
                                                 chainSetting: "client certificate chain", keySetting: "client private key")
        let roots = try trustRoots.map { path in
            try PEMCertificates.certificates(pem: try PEMCertificates.readFile(path, setting: "server trust roots"),
                                             source: "server trust roots \(path)").map(\.nioCertificate)
        }
        return ClientTLSIdentity(credential: credential, trustRoots: roots)
    }

    /// An identity read from secrets (as Kubernetes mounts a TLS secret, or environment variables), each holding PEM text.
    /// - Parameters:
    ///   - certificateChain, privateKey: the names of the secrets with the chain and the key.
    ///   - trustRoots: the name of a secret with the CA bundle for the server; nil: the system's roots.
    /// - Throws: `invalid_input` naming a missing secret (never its value), or as ``files(certificateChain:privateKey:trustRoots:)``.
    public static func secrets(_ provider: any SecretsProvider, certificateChain: String, privateKey: String,
                               trustRoots: String? = nil) throws -> ClientTLSIdentity {
        func required(_ name: String) throws -> Secret {
            guard let s = provider.secret(named: name) else {
                throw WardenError.invalidInput("the secret \(name) is not set; give it the PEM text of the client TLS credential")
            }
            return s
        }
        let credential = try TLSCredential(certificateChainPEM: try required(certificateChain).reveal(),
                                           privateKeyPEM: try required(privateKey),
                                           chainSource: "secret \(certificateChain)", keySource: "secret \(privateKey)")
        let roots = try trustRoots.map { name in
            try PEMCertificates.certificates(pem: try required(name).reveal(), source: "secret \(name)").map(\.nioCertificate)
        }
        return ClientTLSIdentity(credential: credential, trustRoots: roots)
    }
}
