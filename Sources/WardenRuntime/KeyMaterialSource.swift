import Foundation
import WardenCore

/// Where a key Warden keeps comes from: a named secret when the secrets provider has it, else a key file, created with
/// mode 0600 on first start. The audit signing key and the OAuth token signing key are both loaded this way.
struct KeyMaterialSource<Key>: Sendable {
    /// The secret looked up first.
    var secretName: String
    /// What the key is, for messages ("audit signing key").
    var what: String
    /// Reads the key from the secret's or the file's text.
    var parse: @Sendable (String) throws -> Key
    /// Makes a new key when there is none.
    var generate: @Sendable () -> Key
    /// The file form of a key.
    var serialize: @Sendable (Key) -> String
    /// A public companion written to `<file>.pub` beside a created key file, when the key has one.
    var publicCompanion: (@Sendable (Key) -> String)?
    /// What the operator should do about a secret that holds no valid key.
    var badSecretHint: String

    /// Loads the key, creating `keyFile` when neither the secret nor the file exists.
    /// - Returns: the key and where it came from, for the start-up log.
    /// - Throws: `invalid_input` when the secret or file holds no valid key; `internal` when the file cannot be read or
    ///   written. Messages name the file or secret, never the key.
    func load(secrets: any SecretsProvider, keyFile: String) throws -> (key: Key, origin: String) {
        if let secret = secrets.secret(named: secretName) {
            do {
                return (try parse(secret.reveal()), "secret \(secretName)")
            } catch {
                throw WardenError.invalidInput("the secret \(secretName) holds no valid \(what); \(badSecretHint)")
            }
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: keyFile) {
            guard let text = try? String(contentsOfFile: keyFile, encoding: .utf8) else {
                throw WardenError(.internal, "cannot read the \(what) file \(keyFile): check its permissions")
            }
            do {
                return (try parse(text), "file \(keyFile)")
            } catch {
                throw WardenError.invalidInput("the \(what) file \(keyFile) holds no valid key; move it away to make a new one")
            }
        }
        let key = generate()
        do {
            let created = fm.createFile(atPath: keyFile, contents: Data((serialize(key) + "\n").utf8),
                                        attributes: [.posixPermissions: 0o600])
            guard created else { throw CocoaError(.fileWriteUnknown) }
            if let publicCompanion {
                try Data((publicCompanion(key) + "\n").utf8).write(to: URL(fileURLWithPath: keyFile + ".pub"))
            }
        } catch {
            throw WardenError(.internal, "cannot write the \(what) file \(keyFile): check the directory's permissions")
        }
        return (key, "file \(keyFile) (created)")
    }
}
