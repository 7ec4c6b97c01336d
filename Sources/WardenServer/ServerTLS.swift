import Foundation
import HummingbirdTLS
import Logging
import NIOSSL
import WardenCore
import WardenRuntime
import X509

/// The server side of TLS: loads and checks the configured files once at start, and verifies client certificates
/// during each handshake.
///
/// When client certificates are asked for, verification is Warden's own (``ClientCertificateVerifier``), run from
/// NIOSSL's custom verification callback, which replaces BoringSSL's certificate verification entirely. BoringSSL
/// still does the TLS part: it requests the certificate (naming the configured CAs), fails the handshake when
/// `required` and none is sent, parses the certificates, and checks the client's CertificateVerify signature, i.e.
/// that the client holds the leaf's private key. The verifier decides trust: the chain to a configured CA (never the
/// system roots), every certificate's validity period, basic and name constraints, and key usage / extended key usage
/// fit for client authentication. A refused certificate fails the handshake (BoringSSL sends a `certificate_unknown`
/// alert); the precise reason goes to the log and the audit log (`auth.failed`).
public struct ServerTLS: Sendable {
    public let settings: TLSSettings
    /// The server's certificate chain and key, checked.
    public let credential: TLSCredential
    /// Verifies client certificates; nil when none are asked for.
    public let verifier: ClientCertificateVerifier?
    private let clientCAs: [NIOSSLCertificate]

    /// Loads the files `settings` names.
    /// - Throws: `invalid_input` naming the setting and what to fix: a file missing or unreadable, not PEM, a key that
    ///   does not belong to the certificate, a server certificate expired or not yet valid, a CA bundle without certificates.
    public init(settings: TLSSettings, now: Date = Date()) throws {
        try settings.validate()
        self.settings = settings
        credential = try TLSCredential.files(certificateChain: settings.certificateChainFile, privateKey: settings.privateKeyFile,
                                             chainSetting: "tls.certificateChainFile", keySetting: "tls.privateKeyFile", now: now)
        if settings.clientCertificates != .none, let path = settings.clientCAFile {
            let entries = try PEMCertificates.certificates(pem: try PEMCertificates.readFile(path, setting: "tls.clientCAFile"),
                                                           source: "tls.clientCAFile \(path)")
            verifier = ClientCertificateVerifier(authorities: entries.map(\.certificate))
            clientCAs = entries.map(\.nioCertificate)
        } else {
            verifier = nil
            clientCAs = []
        }
        // Made once here so that a key BoringSSL rejects (or one not matching, for key types checked only there) fails
        // at start, not at the first connection.
        do {
            _ = try NIOSSLContext(configuration: tlsConfiguration)
        } catch {
            throw WardenError.invalidInput("tls.privateKeyFile \(settings.privateKeyFile) cannot be used with tls.certificateChainFile "
                + "\(settings.certificateChainFile): BoringSSL refused the pair (is it the certificate's key?)")
        }
    }

    /// NIOSSL's server configuration: TLS 1.2 or later, HTTP/1.1, the client certificate requested as configured.
    public var tlsConfiguration: TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: credential.chain.map { .certificate($0) },
                                                           privateKey: .privateKey(credential.privateKey))
        tls.minimumTLSVersion = .tlsv12
        tls.applicationProtocols = ["http/1.1"]
        switch settings.clientCertificates {
        case .none:
            tls.certificateVerification = .none
        case .optional:
            tls.certificateVerification = .optionalVerification
        case .required:
            tls.certificateVerification = .noHostnameVerification
        }
        if !clientCAs.isEmpty {
            // Only for the CA names in the CertificateRequest (clients pick their certificate by them): the custom
            // callback below replaces BoringSSL's verification, so these roots verify nothing themselves.
            tls.trustRoots = .certificates(clientCAs)
            tls.sendCANameList = true
        }
        return tls
    }

    /// The channel configuration for Hummingbird's `.tls(...)` server, verifying client certificates with
    /// ``verifier`` and reporting refusals through `onRefusal`.
    public func channelConfiguration(
        onRefusal: @escaping @Sendable (ClientCertificateRefusal, CertificateIdentity?) async -> Void
    ) -> TLSChannelConfiguration {
        guard let verifier else { return TLSChannelConfiguration(tlsConfiguration: tlsConfiguration) }
        let optional = settings.clientCertificates == .optional
        return TLSChannelConfiguration(tlsConfiguration: tlsConfiguration, customAsyncVerificationCallback: { presented in
            if presented.isEmpty, optional { return .certificateVerified }
            let chain: [Certificate]
            do {
                chain = try presented.map { try Certificate(derEncoded: try $0.toDERBytes()) }
            } catch {
                await onRefusal(ClientCertificateRefusal(.malformed, "a presented client certificate cannot be parsed as X.509"), nil)
                return .failed
            }
            do throws(ClientCertificateRefusal) {
                _ = try await verifier.verify(presentedChain: chain)
                return .certificateVerified
            } catch {
                await onRefusal(error, chain.first.flatMap(CertificateIdentity.init(certificate:)))
                return .failed
            }
        })
    }
}
