import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// The caller of a bearer JWT: the cached answer for the same token, else every check of ``BearerTokenVerifier``
    /// and then the store's word that the principal exists and is enabled (and, for Warden's own tokens, that the
    /// client they were issued to is not revoked and still acts as that principal).
    func authenticateJWT(_ token: String, requestID: String, at now: Date) async throws -> AuthenticatedCaller {
        let digest = Digest.sha256Hex(Data(token.utf8))
        if let cached = authenticationCache.caller(tokenDigest: digest, at: now) { return cached }
        guard let authority = tokenAuthority else {
            try await recordAuthFailure(requestID: requestID, keyID: nil, reason: "jwt.not_configured", at: now)
            throw WardenError(.unauthenticated, "this Warden accepts only API keys (wdn_...) as bearer credentials")
        }
        let verified: VerifiedToken
        do throws(JWTRefusal) {
            verified = try await authority.verifier.verify(token, at: now)
        } catch {
            try await recordJWTFailure(requestID: requestID, reason: error.reason, at: now)
            throw error.wardenError
        }
        let principalID = verified.principalID
        let refusal = try await store.read { tx -> (Principal?, String?) in
            guard let p = try tx.principal(id: principalID) else {
                return (nil, "its subject '\(principalID)' is not a Warden principal; register it with `warden principal create`")
            }
            guard !p.disabled else { return (nil, "its principal '\(principalID)' is disabled") }
            if verified.issuedByWarden, let clientID = verified.clientID {
                guard let (client, _) = try tx.oauthClient(id: clientID), client.isActive, client.principalID == principalID else {
                    return (nil, "the OAuth client it was issued to is revoked or acts as another principal now; get a new token")
                }
            }
            return (p, nil)
        }
        guard let principal = refusal.0 else {
            try await recordJWTFailure(requestID: requestID, reason: "jwt.principal", at: now)
            throw WardenError(.unauthenticated, "the bearer token was refused: \(refusal.1 ?? "its principal is unknown")",
                              details: ["check": "jwt.principal"])
        }
        let caller = AuthenticatedCaller(principal: principal, credential: .bearerJWT(verified))
        authenticationCache.remember(tokenDigest: digest, caller: caller, expiresAt: verified.expiresAt, at: now)
        return caller
    }

    private func recordJWTFailure(requestID: String, reason: String, at now: Date) async throws {
        try await audit.append(AuditDraft(actor: "anonymous", action: "auth.failed", subject: "jwt", requestID: requestID,
                                          outcome: .denied, detail: ["reason": reason]), at: now)
    }
}
