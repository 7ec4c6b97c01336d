import Crypto
import Foundation
import SwiftASN1
import X509

/// A certificate authority made at test time (P-256 keys, never committed): issues server and client certificates and
/// writes each as PEM files into its directory.
public struct TestCertificateAuthority: Sendable {
    /// What an issued certificate may be used for (its extended key usage extension).
    public enum Usage: Sendable {
        case clientAuth, serverAuth
        /// No extended key usage extension at all (which permits any use).
        case unrestricted
    }

    /// The CA's own certificate.
    public let certificate: Certificate
    /// The CA certificates between this CA and its root, this CA's first (empty for a root).
    let intermediates: [Certificate]
    let key: Certificate.PrivateKey
    /// Where the PEM files go.
    public let directory: URL
    /// The PEM file of this CA's certificate.
    public let certificateFile: String

    /// A new self-signed root CA, its certificate written to `directory/<fileStem>.pem`.
    public init(commonName: String, fileStem: String, directory: URL) throws {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName { CommonName(commonName) }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(7 * 86_400),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: key)
        try self.init(certificate: certificate, intermediates: [], key: key, fileStem: fileStem, directory: directory)
    }

    private init(certificate: Certificate, intermediates: [Certificate], key: Certificate.PrivateKey,
                 fileStem: String, directory: URL) throws {
        self.certificate = certificate
        self.intermediates = intermediates
        self.key = key
        self.directory = directory
        certificateFile = directory.appendingPathComponent("\(fileStem).pem").path
        try Self.write(try certificate.serializeAsPEM().pemString + "\n", to: certificateFile, private: false)
    }

    /// An intermediate CA issued by this one; the chain files of what it issues hold it too.
    /// - Parameter extendedKeyUsage: an EKU extension for the CA itself (none by default), restricting what it may issue.
    public func intermediate(commonName: String, fileStem: String,
                             extendedKeyUsage: [ExtendedKeyUsage.Usage]? = nil) throws -> TestCertificateAuthority {
        let childKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let now = Date()
        let child = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: childKey.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(7 * 86_400),
            issuer: certificate.subject, subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                if let extendedKeyUsage { try ExtendedKeyUsage(extendedKeyUsage) }
            },
            issuerPrivateKey: key)
        // A root stays out of the chain files (the peer has it); intermediates go in, nearest first.
        return try TestCertificateAuthority(certificate: child, intermediates: [child] + intermediates, key: childKey,
                                            fileStem: fileStem, directory: directory)
    }

    /// Issues a certificate and writes `<fileStem>.pem` (leaf, then intermediates) and `<fileStem>.key`.
    /// - Parameters:
    ///   - commonName: the subject's CN; none leaves the subject empty (the SAN extension is then critical).
    ///   - subjectAlternativeNames: DNS names, URIs and IP addresses.
    ///   - keyUsage: the key usage extension (digitalSignature by default).
    ///   - validFrom, validUntil: the validity period (default: from an hour ago for a day).
    public func issue(fileStem: String, commonName: String?, subjectAlternativeNames: [GeneralName] = [],
                      usage: Usage = .clientAuth, keyUsage: KeyUsage = KeyUsage(digitalSignature: true),
                      validFrom: Date? = nil, validUntil: Date? = nil) throws -> TestCredential {
        let leafKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let now = Date()
        let subject = try commonName.map { cn in try DistinguishedName { CommonName(cn) } } ?? DistinguishedName()
        let sans = subjectAlternativeNames
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(keyUsage)
            if usage == .clientAuth { try ExtendedKeyUsage([.clientAuth]) }
            if usage == .serverAuth { try ExtendedKeyUsage([.serverAuth]) }
            if !sans.isEmpty {
                if commonName == nil { Critical(SubjectAlternativeNames(sans)) } else { SubjectAlternativeNames(sans) }
            }
        }
        let leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: leafKey.publicKey,
            notValidBefore: validFrom ?? now.addingTimeInterval(-3600), notValidAfter: validUntil ?? now.addingTimeInterval(86_400),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: key)
        let chainFile = directory.appendingPathComponent("\(fileStem).pem").path
        let keyFile = directory.appendingPathComponent("\(fileStem).key").path
        let chain = try ([leaf] + intermediates).map { try $0.serializeAsPEM().pemString }.joined(separator: "\n")
        try Self.write(chain + "\n", to: chainFile, private: false)
        try Self.write(try leafKey.serializeAsPEM().pemString + "\n", to: keyFile, private: true)
        return TestCredential(certificate: leaf, certificateChainFile: chainFile, privateKeyFile: keyFile)
    }

    static func write(_ text: String, to path: String, private: Bool) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8),
                                             attributes: [.posixPermissions: `private` ? 0o600 : 0o644]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
