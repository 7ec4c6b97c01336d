import Foundation
import NIOSSL
import SwiftASN1
import WardenCore
import X509

/// PEM certificate bundles and key files as TLS needs them, with errors that name the setting and say what to fix.
/// Messages never hold key material: a key that cannot be read is described, never shown.
public enum PEMCertificates {
    /// One certificate of a bundle, in both the form the verifier reads and the form BoringSSL sends.
    public struct Entry: Sendable {
        public let certificate: Certificate
        public let nioCertificate: NIOSSLCertificate
    }

    /// The text of the file at `path`.
    /// - Parameter setting: what the file is, for the error (e.g. `tls.privateKeyFile`).
    /// - Throws: `invalid_input` when the file is missing, unreadable or not UTF-8 text.
    public static func readFile(_ path: String, setting: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WardenError.invalidInput("\(setting): the file \(path) does not exist; give the path of a PEM file")
        }
        guard !isDirectory.boolValue else {
            throw WardenError.invalidInput("\(setting): \(path) is a directory; give the path of a PEM file")
        }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw WardenError.invalidInput("\(setting): the file \(path) cannot be read by this process; check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WardenError.invalidInput("\(setting): \(path) is not PEM text (is it DER? convert it with openssl to PEM)")
        }
        return text
    }

    /// The certificates of a PEM bundle, in order.
    /// - Parameter source: the setting and file, for the error.
    /// - Throws: `invalid_input` when the text holds no certificate or a certificate that cannot be parsed.
    public static func certificates(pem: String, source: String) throws -> [Entry] {
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: pem)
        } catch {
            throw WardenError.invalidInput("\(source): not a PEM file (expected -----BEGIN CERTIFICATE----- blocks)")
        }
        var entries: [Entry] = []
        for (i, document) in documents.enumerated() where document.discriminator == "CERTIFICATE" {
            do {
                let certificate = try Certificate(derEncoded: document.derBytes)
                entries.append(Entry(certificate: certificate, nioCertificate: try NIOSSLCertificate(bytes: document.derBytes, format: .der)))
            } catch {
                throw WardenError.invalidInput("\(source): certificate \(i + 1) of the file cannot be parsed as X.509")
            }
        }
        guard !entries.isEmpty else {
            throw WardenError.invalidInput("\(source): holds no -----BEGIN CERTIFICATE----- block")
        }
        return entries
    }

    /// The private key of a PEM key file, and its public key when swift-certificates can read the key type (nil for
    /// types only BoringSSL reads; BoringSSL then checks the pairing itself when the TLS context is made).
    /// - Throws: `invalid_input` when the text holds no private key BoringSSL can read (encrypted keys are not supported).
    public static func privateKey(pem: Secret, source: String) throws -> (NIOSSLPrivateKey, Certificate.PublicKey?) {
        let text = pem.reveal()
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(text.utf8), format: .pem)
        } catch {
            throw WardenError.invalidInput("\(source): holds no readable private key; give an unencrypted PEM key "
                + "(-----BEGIN PRIVATE KEY-----, EC PRIVATE KEY or RSA PRIVATE KEY)")
        }
        let documents = (try? PEMDocument.parseMultiple(pemString: text)) ?? []
        let publicKey = documents.lazy.filter { $0.discriminator.hasSuffix("PRIVATE KEY") }
            .compactMap { try? Certificate.PrivateKey(pemDocument: $0).publicKey }.first
        return (key, publicKey)
    }
}
