import Foundation
import X509

/// A certificate (with the chain above it, when an intermediate issued it) and its private key, written as PEM files.
public struct TestCredential: Sendable {
    /// The leaf certificate.
    public let certificate: Certificate
    /// The PEM file of the leaf followed by any intermediate CA certificates.
    public let certificateChainFile: String
    /// The PEM file of the private key (PKCS#8).
    public let privateKeyFile: String

    public init(certificate: Certificate, certificateChainFile: String, privateKeyFile: String) {
        self.certificate = certificate
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
    }

    /// The certificate chain's PEM text.
    public func certificateChainPEM() throws -> String { try String(contentsOfFile: certificateChainFile, encoding: .utf8) }

    /// The private key's PEM text.
    public func privateKeyPEM() throws -> String { try String(contentsOfFile: privateKeyFile, encoding: .utf8) }
}
