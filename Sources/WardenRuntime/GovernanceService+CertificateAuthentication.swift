import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// The principal a verified client certificate stands for (mutual TLS), through `mapping`.
    ///
    /// The certificate must already be verified (the TLS handshake does that against the configured client CAs); this
    /// decides only who it stands for. Results are cached like API keys and forgotten on any principal change.
    /// - Parameters:
    ///   - certificateIdentity: the identity read off the verified leaf; nil when it names none.
    ///   - mapping: identity to principal id, from the configuration.
    /// - Throws: `unauthenticated` (and records an `auth.failed` event) when the certificate names no identity, the
    ///   identity is not mapped, or its principal does not exist or is disabled.
    public func authenticate(certificateIdentity: CertificateIdentity?, mapping: CertificatePrincipalMapping,
                             requestID: String) async throws -> Principal {
        let now = clock.now()
        guard let identity = certificateIdentity else {
            try await recordCertificateAuthFailure(requestID: requestID, subject: "certificate:none", reason: "no_identity", at: now)
            throw WardenError(.unauthenticated, "the client certificate names no identity Warden can use: give it a spiffe:// URI SAN, "
                + "a DNS SAN or a subject CN, or send 'Authorization: Bearer <key>'")
        }
        let subject = "certificate:\(identity.description.prefix(200))"
        guard let principalID = mapping.principalID(for: identity) else {
            try await recordCertificateAuthFailure(requestID: requestID, subject: subject, reason: "unmapped", at: now)
            throw WardenError(.unauthenticated, "the client certificate's identity '\(identity.value.prefix(200))' is not mapped to a "
                + "principal; an admin maps it under tls.identities in Warden's configuration")
        }
        let cacheKey = "certificate:\(identity.description)"
        let cacheDigest = Digest.sha256Hex(Data("\(identity.description)\n\(principalID)".utf8))
        if let cached = authenticationCache.principal(keyID: cacheKey, tokenDigest: cacheDigest, at: now) { return cached }
        let principal = try await store.read { tx in try tx.principal(id: principalID) }
        guard let principal, !principal.disabled else {
            try await recordCertificateAuthFailure(requestID: requestID, subject: subject, reason: "rejected", at: now,
                                                   principalID: principalID)
            throw WardenError(.unauthenticated, "the client certificate's identity '\(identity.value.prefix(200))' stands for the "
                + "principal '\(principalID)', which does not exist or is disabled; ask an admin")
        }
        authenticationCache.remember(keyID: cacheKey, tokenDigest: cacheDigest, principal: principal, keyExpiresAt: nil, at: now)
        return principal
    }

    /// Records a client certificate refused during the TLS handshake (an `auth.failed` event; there is no request,
    /// so the request id is made up, `tls-…`).
    public func recordCertificateRefusal(_ refusal: ClientCertificateRefusal, identity: CertificateIdentity?) async {
        let subject = identity.map { "certificate:\($0.description.prefix(200))" } ?? "certificate:none"
        try? await recordCertificateAuthFailure(requestID: "tls-\(UUID().uuidString.lowercased())", subject: subject,
                                                reason: refusal.reason.rawValue, at: clock.now())
    }

    private func recordCertificateAuthFailure(requestID: String, subject: String, reason: String, at now: Date,
                                              principalID: String? = nil) async throws {
        var detail = ["reason": reason, "method": "certificate"]
        if let principalID { detail["principalId"] = principalID }
        try await audit.append(AuditDraft(actor: "anonymous", action: "auth.failed", subject: subject, requestID: requestID,
                                          outcome: .denied, detail: detail), at: now)
    }
}
