import Foundation
import JWTKit
import WardenCore

/// The ES256 (P-256) key Warden signs its access tokens with. Its key id is the RFC 7638 thumbprint of the public key,
/// so it stays the same for the same key across restarts and instances.
public struct OAuthSigningKey: Sendable {
    let privateKey: ES256PrivateKey
    /// The `kid` of the tokens it signs.
    public let keyID: String
    /// The public key as a JWK: `kty`, `crv`, `x`, `y`, `kid`, `alg`, `use`.
    public let publicJWK: JSONValue

    /// A new random key.
    public init() {
        self.init(privateKey: ES256PrivateKey())
    }

    /// The key in a PEM text (`BEGIN PRIVATE KEY` or `BEGIN EC PRIVATE KEY`).
    /// - Throws: `invalid_input` when the text is not a P-256 private key (the message never repeats it).
    public init(pem: String) throws {
        do {
            self.init(privateKey: try ES256PrivateKey(pem: pem.trimmingCharacters(in: .whitespacesAndNewlines)))
        } catch {
            throw WardenError.invalidInput("the OAuth signing key is not a PEM P-256 (ES256) private key; make one with "
                + "`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`")
        }
    }

    init(privateKey: ES256PrivateKey) {
        self.privateKey = privateKey
        let (x, y) = privateKey.parameters ?? ("", "")
        let members: [String: JSONValue] = ["kty": "EC", "crv": "P-256", "x": .string(x), "y": .string(y)]
        let kid = JWKThumbprint.of(members) ?? ""
        keyID = kid
        var jwk = members
        jwk["kid"] = .string(kid)
        jwk["alg"] = "ES256"
        jwk["use"] = "sig"
        publicJWK = .object(jwk)
    }

    /// The private key as PKCS#8 PEM, the form of the key file.
    public var pemRepresentation: String { privateKey.pemRepresentation }

    /// The public key as PEM, for operators who pin it.
    public var publicKeyPEM: String { privateKey.publicKey.pemRepresentation }

    /// The JWK Set served at `/.well-known/jwks.json`.
    public var jwks: JSONValue { ["keys": [publicJWK]] }

    /// Signs `claims` as a compact JWS with header `{"alg":"ES256","kid":…,"typ":typ}`.
    /// - Throws: when the claims cannot be encoded (a programming error).
    func sign(_ claims: some JWTPayload, type: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: privateKey, kid: JWKIdentifier(string: keyID))
        var header = JWTHeader()
        header.typ = type
        return try await keys.sign(claims, kid: JWKIdentifier(string: keyID), header: header)
    }

    /// The public half, for verification.
    func verificationKeys() async throws -> VerificationKeySet {
        try await VerificationKeySet.es256(privateKey.publicKey, kid: keyID)
    }
}

/// Where the OAuth signing key comes from: the secret `OAUTH_SIGNING_KEY` (PEM) when the secrets provider has it, else
/// a key file beside the database, created on first start with mode 0600, with the public key in `<file>.pub`.
public enum OAuthSigningKeySource {
    /// The secret name looked up first.
    public static let secretName = "OAUTH_SIGNING_KEY"

    /// The default key file for a database at `databasePath`.
    public static func defaultKeyFile(forDatabase databasePath: String) -> String { databasePath + ".oauth-signing-key" }

    /// Loads the key, creating the key file when neither the secret nor the file exists.
    /// - Returns: the key and where it came from (`secret OAUTH_SIGNING_KEY`, `file …`, `file … (created)`).
    /// - Throws: `invalid_input` when the secret or file holds no valid key; `internal` when the file cannot be read or
    ///   written. Messages name the file or secret, never the key.
    public static func load(secrets: any SecretsProvider, keyFile: String) throws -> (key: OAuthSigningKey, origin: String) {
        try source.load(secrets: secrets, keyFile: keyFile)
    }

    static let source = KeyMaterialSource<OAuthSigningKey>(
        secretName: secretName, what: "OAuth signing key", parse: { try OAuthSigningKey(pem: $0) },
        generate: { OAuthSigningKey() }, serialize: { $0.pemRepresentation }, publicCompanion: { $0.publicKeyPEM },
        badSecretHint: "give a PEM P-256 private key; make one with `openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`")
}
