import Foundation
import NIOSSL
import WardenCore
import X509

/// A certificate chain and the private key of its leaf, read from PEM and checked: the key belongs to the leaf, and
/// the leaf is inside its validity period. Used for Warden's server certificate and for the client certificate it
/// presents to other agents.
public struct TLSCredential: Sendable {
    /// The chain as BoringSSL sends it: the leaf first, then intermediates.
    public let chain: [NIOSSLCertificate]
    public let privateKey: NIOSSLPrivateKey
    /// The leaf certificate.
    public let leaf: Certificate

    /// Reads and checks a credential.
    /// - Parameters:
    ///   - certificateChainPEM: the leaf first, then any intermediates.
    ///   - privateKeyPEM: the leaf's private key (unencrypted PEM).
    ///   - chainSource, keySource: the settings they came from, for errors (e.g. `tls.certificateChainFile /etc/warden/server.pem`).
    ///   - now: the time the validity period is checked at.
    /// - Throws: `invalid_input` naming the setting: no certificate, no readable key, a key that does not belong to the
    ///   leaf, a leaf that has expired or is not yet valid.
    public init(certificateChainPEM: String, privateKeyPEM: Secret, chainSource: String, keySource: String, now: Date = Date()) throws {
        let entries = try PEMCertificates.certificates(pem: certificateChainPEM, source: chainSource)
        let (key, publicKey) = try PEMCertificates.privateKey(pem: privateKeyPEM, source: keySource)
        let leaf = entries[0].certificate
        if let publicKey, publicKey != leaf.publicKey {
            throw WardenError.invalidInput("\(keySource) does not match the certificate of \(chainSource) (subject '\(leaf.subject)'): "
                + "give the key the certificate was issued for; the leaf certificate must come first in the chain file")
        }
        let stamp = ISO8601DateFormatter()
        if now > leaf.notValidAfter {
            throw WardenError.invalidInput("\(chainSource): the certificate (subject '\(leaf.subject)') expired at "
                + "\(stamp.string(from: leaf.notValidAfter)); renew it")
        }
        if now < leaf.notValidBefore {
            throw WardenError.invalidInput("\(chainSource): the certificate (subject '\(leaf.subject)') is not valid until "
                + "\(stamp.string(from: leaf.notValidBefore)); check the clock or the certificate")
        }
        chain = entries.map(\.nioCertificate)
        privateKey = key
        self.leaf = leaf
    }

    /// Reads and checks a credential from two PEM files.
    /// - Parameters:
    ///   - chainSetting, keySetting: the settings naming the files, for errors.
    /// - Throws: `invalid_input` as ``init(certificateChainPEM:privateKeyPEM:chainSource:keySource:now:)``, or when a
    ///   file cannot be read.
    public static func files(certificateChain: String, privateKey: String, chainSetting: String, keySetting: String,
                             now: Date = Date()) throws -> TLSCredential {
        let chainPEM = try PEMCertificates.readFile(certificateChain, setting: chainSetting)
        let keyPEM = Secret(try PEMCertificates.readFile(privateKey, setting: keySetting))
        return try TLSCredential(certificateChainPEM: chainPEM, privateKeyPEM: keyPEM,
                                 chainSource: "\(chainSetting) \(certificateChain)", keySource: "\(keySetting) \(privateKey)", now: now)
    }
}
