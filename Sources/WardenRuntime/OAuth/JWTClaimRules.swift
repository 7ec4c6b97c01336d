import Foundation
import WardenCore

/// The registered-claim checks of one issuer's tokens (RFC 7519 section 4.1): issuer, audience, expiry, not-before,
/// issued-at, with a clock leeway.
struct JWTClaimRules: Sendable {
    /// The `iss` the token must carry.
    var issuer: String
    /// The token's `aud` must name at least one of these.
    var audiences: Set<String>
    /// Clock difference tolerated between the issuer and Warden.
    var leeway: TimeInterval
    /// The longest validity (`exp - iat`, or `exp - now` without `iat`) accepted, when bounded.
    var maxLifetime: TimeInterval?

    /// The token's expiry, once every check passed.
    /// - Throws: the ``JWTRefusal`` of the first check that failed.
    func check(_ jwt: CompactJWT, at now: Date) throws(JWTRefusal) -> Date {
        guard jwt.issuer == issuer else { throw .untrustedIssuer }
        guard jwt.claims["aud"] != nil else { throw .missingClaim("aud") }
        guard jwt.audiences.contains(where: audiences.contains) else { throw .wrongAudience }
        guard let exp = try jwt.date("exp") else { throw .missingClaim("exp") }
        guard now.timeIntervalSince(exp) < leeway else { throw .expired }
        if let nbf = try jwt.date("nbf"), nbf.timeIntervalSince(now) > leeway { throw .notYetValid }
        let iat = try jwt.date("iat")
        if let iat, iat.timeIntervalSince(now) > leeway { throw .issuedInFuture }
        if let maxLifetime, exp.timeIntervalSince(iat ?? now) > maxLifetime + leeway {
            throw .lifetimeTooLong(maxSeconds: Int(maxLifetime))
        }
        return exp
    }
}
