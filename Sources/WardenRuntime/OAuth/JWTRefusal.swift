import Foundation
import WardenCore

/// Why a JWT was refused. Each case names the one check that failed; none carries the token.
public enum JWTRefusal: Error, Sendable, Equatable {
    case oversized(limit: Int)
    /// The compact form, a part's base64url or its JSON is broken; the text says which part.
    case malformed(String)
    /// `alg: none`.
    case unsigned
    case algorithmNotAllowed(String)
    /// A `crit` header names extensions Warden does not implement.
    case criticalHeader
    case untrustedIssuer
    case missingKeyID
    case unknownKeyID
    /// The header's `alg` is not the algorithm of the key its `kid` names.
    case algorithmMismatch
    case badSignature
    case wrongAudience
    case expired
    case notYetValid
    case issuedInFuture
    /// The token is valid for longer than the issuer's tokens may be.
    case lifetimeTooLong(maxSeconds: Int)
    case missingClaim(String)
    /// The issuer's signing keys could not be fetched.
    case keysUnavailable(issuer: String)

    /// A stable short code for the audit log and metrics.
    public var reason: String {
        switch self {
        case .oversized: "jwt.oversized"
        case .malformed: "jwt.malformed"
        case .unsigned: "jwt.alg_none"
        case .algorithmNotAllowed: "jwt.alg_not_allowed"
        case .criticalHeader: "jwt.crit"
        case .untrustedIssuer: "jwt.issuer"
        case .missingKeyID: "jwt.kid_missing"
        case .unknownKeyID: "jwt.kid_unknown"
        case .algorithmMismatch: "jwt.alg_mismatch"
        case .badSignature: "jwt.signature"
        case .wrongAudience: "jwt.audience"
        case .expired: "jwt.expired"
        case .notYetValid: "jwt.nbf"
        case .issuedInFuture: "jwt.iat"
        case .lifetimeTooLong: "jwt.lifetime"
        case .missingClaim: "jwt.claim_missing"
        case .keysUnavailable: "jwt.keys_unavailable"
        }
    }

    /// What failed, for the caller: which check, and what to do about it.
    public var message: String {
        switch self {
        case .oversized(let limit): "the token is longer than \(limit) bytes"
        case .malformed(let what): "the token is malformed: \(what)"
        case .unsigned: "the token is unsigned (alg none), which is never accepted"
        case .algorithmNotAllowed(let alg):
            "its signature algorithm '\(Self.printable(alg))' is not accepted; Warden accepts ES256, and RS256 or PS256 from external issuers"
        case .criticalHeader: "its header marks extensions critical (crit) that Warden does not implement"
        case .untrustedIssuer: "its issuer (iss) is neither this Warden nor a configured external issuer (oauth.externalIssuers)"
        case .missingKeyID: "its header names no key (kid) and the issuer has several"
        case .unknownKeyID: "its key id (kid) is not in the issuer's key set"
        case .algorithmMismatch: "its header's alg is not the algorithm of the key its kid names"
        case .badSignature: "its signature does not verify"
        case .wrongAudience: "its audience (aud) does not name this Warden"
        case .expired: "it has expired (exp); get a new token"
        case .notYetValid: "it is not valid yet (nbf); check the clocks of the issuer and of Warden"
        case .issuedInFuture: "it was issued in the future (iat); check the clocks of the issuer and of Warden"
        case .lifetimeTooLong(let max): "it is valid for longer than \(max) seconds (exp - iat)"
        case .missingClaim(let name): "it lacks the claim \(name) or it has the wrong type"
        case .keysUnavailable(let issuer): "the signing keys of \(Self.printable(issuer)) could not be fetched; retry later"
        }
    }

    /// The refusal as Warden's error: `unauthenticated`, naming the failed check.
    public var wardenError: WardenError {
        WardenError(.unauthenticated, "the bearer token was refused: \(message)", details: ["check": reason])
    }

    /// At most 64 printable ASCII characters of text that came from a token, safe to put in a message.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(64).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? $0 : "?" }))
    }
}
