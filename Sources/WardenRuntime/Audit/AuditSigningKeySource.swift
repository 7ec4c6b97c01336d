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
        try source.load(secrets: secrets, keyFile: keyFile)
    }

    static let source = KeyMaterialSource<AuditSigningKey>(
        secretName: secretName, what: "audit signing key", parse: { try AuditSigningKey(base64: $0) },
        generate: { AuditSigningKey() }, serialize: { $0.base64 }, publicCompanion: { $0.publicKey.base64 },
        badSecretHint: "give base64 of a 32-byte Ed25519 private key; make one with `warden audit keygen`")
}
