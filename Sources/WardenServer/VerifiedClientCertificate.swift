import WardenCore
import WardenRuntime
import X509

/// The client certificate a TLS connection presented, verified during the handshake (see ``ServerTLS``).
public struct VerifiedClientCertificate: Sendable {
    /// The leaf certificate.
    public let certificate: Certificate
    /// Who it names (SPIFFE URI SAN, else first DNS SAN, else CN); nil when it names none.
    public let identity: CertificateIdentity?

    public init(certificate: Certificate) {
        self.certificate = certificate
        identity = CertificateIdentity(certificate: certificate)
    }
}
