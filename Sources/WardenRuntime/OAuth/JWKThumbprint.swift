import Crypto
import Foundation
import WardenCore

/// JWK thumbprints (RFC 7638): base64url SHA-256 of the key's required members in lexicographic order, no whitespace.
enum JWKThumbprint {
    /// The thumbprint of an `EC` or `RSA` public JWK, or nil for another key type or when a required member is missing.
    static func of(_ jwk: [String: JSONValue]) -> String? {
        let required: [String]
        switch jwk["kty"]?.stringValue {
        case "EC": required = ["crv", "kty", "x", "y"]
        case "RSA": required = ["e", "kty", "n"]
        case "OKP": required = ["crv", "kty", "x"]
        default: return nil
        }
        var members: [String: JSONValue] = [:]
        for name in required {
            guard case .string(let s)? = jwk[name] else { return nil }
            members[name] = .string(s)
        }
        // Canonical JSON sorts keys and has no whitespace; these members hold base64url and short names only,
        // so the canonical form is exactly RFC 7638's.
        return Base64URL.encode(Array(SHA256.hash(data: JSONValue.object(members).canonicalBytes)))
    }
}
