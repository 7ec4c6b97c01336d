import Foundation
import WardenCore

/// Where the audit signing key comes from: the secret `AUDIT_SIGNING_KEY` when the secrets provider has it
/// (base64 of the 32-byte Ed25519 private key), else a key file beside the database, created on first start
/// with mode 0600, with the public key in `<file>.pub` for offline verification.
public enum AuditSigningKeySource {
    /// The secret name looked up first.
    public static let secretName = "AUDIT_SIGNING_KEY"

    /// The default key file for a database at `databasePath`.
    public static func defaultKeyFile(forDatabase databasePath: String) -> String { databasePath + ".audit-signing-key" }

    /// Loads the key, creating the key file when neither the secret nor the file exists.
    /// - Throws: `invalid_input` when the secret or file holds no valid key; `internal` when the file cannot be
    ///   written. Messages name the file or secret, never the key.
    public static func load(secrets: any SecretsProvider, keyFile: String) throws -> (key: AuditSigningKey, origin: String) {
        if let secret = secrets.secret(named: secretName) {
            do {
                return (try AuditSigningKey(base64: secret.reveal()), "secret \(secretName)")
            } catch {
                throw WardenError.invalidInput("the secret \(secretName) is not base64 of a 32-byte Ed25519 private key; "
                    + "make one with `warden audit keygen`")
            }
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: keyFile) {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw WardenError(.internal, "cannot read the audit signing key file \(keyFile): check its permissions")
            }
            do {
                return (try AuditSigningKey(base64: text), "file \(keyFile)")
            } catch {
                throw WardenError.invalidInput("the audit signing key file \(keyFile) holds no valid key; move it away to make a new one")
            }
        }
        let key = AuditSigningKey()
        do {
            let created = fm.createFile(atPath: keyFile, contents: Data((key.base64 + "\n").utf8),
                                        attributes: [.posixPermissions: 0o600])
            guard created else { throw CocoaError(.fileWriteUnknown) }
            try Data((key.publicKey.base64 + "\n").utf8).write(to: URL(fileURLWithPath: keyFile + ".pub"))
        } catch {
            throw WardenError(.internal, "cannot write the audit signing key file \(keyFile): check the directory's permissions")
        }
        return (key, "file \(keyFile) (created)")
    }
}
