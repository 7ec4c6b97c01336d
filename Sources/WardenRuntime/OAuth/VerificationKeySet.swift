import Foundation
import JWTKit
import WardenCore

/// Public keys that JWT signatures are checked with, by key id: Warden's own key, an external issuer's JWKS, or a
/// `private_key_jwt` client's keys. Signature arithmetic is jwt-kit's; which key and algorithm may be used is decided
/// here, from the token's header, before any of it runs.
struct VerificationKeySet: Sendable {
    /// One key for one algorithm.
    struct Key: Sendable {
        let id: String
        let algorithm: String
        let verifier: any JWTAlgorithm
    }

    /// The signature algorithms Warden verifies at all. Symmetric ones (HS256 …) are never accepted: a JWKS is public.
    static let supportedAlgorithms: Set<String> = ["ES256", "RS256", "PS256"]

    /// Keys by id; an RSA key published without `alg` is there once per accepted algorithm.
    private let keys: [String: [Key]]
    /// Keys that were left out and why, for the log (private keys, encryption keys, unsupported types).
    let skipped: [String]

    var isEmpty: Bool { keys.isEmpty }
    var keyIDs: [String] { keys.keys.sorted() }

    /// Whether a key has id `keyID`.
    func contains(keyID: String) -> Bool { keys[keyID] != nil }

    init(keys: [Key], skipped: [String] = []) {
        self.keys = Dictionary(grouping: keys, by: \.id)
        self.skipped = skipped
    }

    /// The key that `jwt`'s header names, for its algorithm.
    /// - Throws: `algorithmNotAllowed` (not in `allowed`), `missingKeyID` (no `kid` and several keys), `unknownKeyID`,
    ///   or `algorithmMismatch` (the `kid`'s key is for another algorithm).
    func key(for jwt: CompactJWT, allowed: Set<String>) throws(JWTRefusal) -> Key {
        let alg = jwt.algorithm
        guard allowed.contains(alg), Self.supportedAlgorithms.contains(alg) else { throw .algorithmNotAllowed(alg) }
        let candidates: [Key]
        if let kid = jwt.keyID {
            guard let found = keys[kid] else { throw .unknownKeyID }
            candidates = found
        } else {
            guard keys.count == 1, let only = keys.values.first else { throw .missingKeyID }
            candidates = only
        }
        guard let key = candidates.first(where: { $0.algorithm == alg }) else { throw .algorithmMismatch }
        return key
    }

    /// Checks `jwt`'s signature with the key its header names.
    /// - Throws: the refusals of ``key(for:allowed:)``, or `badSignature`.
    func verifySignature(_ jwt: CompactJWT, allowed: Set<String>) throws(JWTRefusal) {
        let key = try key(for: jwt, allowed: allowed)
        let valid: Bool
        do {
            valid = try key.verifier.verify(jwt.signature, signs: jwt.signingInput)
        } catch {
            throw .badSignature
        }
        guard valid else { throw .badSignature }
    }

    // MARK: building

    /// The keys of a JWK Set (`{"keys": [...]}`) or of a single JWK, for the algorithms in `allowed`.
    ///
    /// A key is skipped, with the reason in ``skipped``, when it is private (`d`), for encryption (`use: enc`), of an
    /// unsupported type or curve, or for an algorithm not allowed. A key without `kid` gets its RFC 7638 thumbprint.
    static func from(jwks: JSONValue, allowed: Set<String>) async -> VerificationKeySet {
        let members: [JSONValue]
        if let list = jwks["keys"]?.arrayValue { members = list } else if jwks["kty"] != nil { members = [jwks] } else { members = [] }
        var keys: [Key] = []
        var skipped: [String] = []
        for (index, member) in members.prefix(100).enumerated() {
            guard var jwk = member.objectValue else { skipped.append("#\(index): not an object"); continue }
            let name = jwk["kid"]?.stringValue ?? "#\(index)"
            if jwk["d"] != nil || jwk["p"] != nil { skipped.append("\(name): holds private key material"); continue }
            if let use = jwk["use"]?.stringValue, use != "sig" { skipped.append("\(name): use \(use)"); continue }
            guard let kid = jwk["kid"]?.stringValue ?? JWKThumbprint.of(jwk) else {
                skipped.append("\(name): unsupported key type"); continue
            }
            jwk["kid"] = .string(kid)
            let algorithms: [String]
            switch (jwk["kty"]?.stringValue, jwk["crv"]?.stringValue) {
            case ("EC", "P-256"?): algorithms = ["ES256"]
            case ("RSA", _): algorithms = ["RS256", "PS256"]
            default: skipped.append("\(kid): unsupported key type or curve"); continue
            }
            var usable = algorithms.filter(allowed.contains)
            if let declared = jwk["alg"]?.stringValue { usable = usable.filter { $0 == declared } }
            if usable.isEmpty { skipped.append("\(kid): algorithm not accepted"); continue }
            for alg in usable {
                jwk["alg"] = .string(alg)
                do {
                    keys.append(Key(id: kid, algorithm: alg, verifier: try await verifier(jwkJSON: JSONValue.object(jwk).canonicalString,
                                                                                         kid: kid, alg: alg)))
                } catch {
                    skipped.append("\(kid): not a valid \(alg) key (RSA keys need at least 2048 bits)")
                    break
                }
            }
        }
        return VerificationKeySet(keys: keys, skipped: skipped)
    }

    /// The verifier jwt-kit makes for one JWK and algorithm.
    private static func verifier(jwkJSON: String, kid: String, alg: String) async throws -> any JWTAlgorithm {
        let collection = JWTKeyCollection()
        try await collection.add(jwk: JWK(json: jwkJSON))
        let verifier = try await collection.getKey(for: JWKIdentifier(string: kid), alg: alg)
        guard verifier.name == alg else { throw JWTRefusal.algorithmMismatch }
        return verifier
    }

    /// A set of one ES256 public key.
    static func es256(_ publicKey: ES256PublicKey, kid: String) async throws -> VerificationKeySet {
        let collection = JWTKeyCollection()
        await collection.add(ecdsa: publicKey, kid: JWKIdentifier(string: kid))
        return VerificationKeySet(keys: [Key(id: kid, algorithm: "ES256",
                                             verifier: try await collection.getKey(for: JWKIdentifier(string: kid)))])
    }
}
