import Foundation
import WardenCore
import WardenStore

/// Every governance action: onboarding, reviews, votes, decisions, lifecycle transitions, principals
/// and keys. Each action checks its permission and rules and writes its records and its audit event
/// in one transaction. Every transport (admin API, CLI, console) calls this; none decides on its own.
public struct GovernanceService: Sendable {
    public let store: any GovernanceStore
    public let policy: GovernancePolicy
    public let clock: any WallClock
    /// Called after a change to which versions serve (activation, suspension, decommissioning …) has committed,
    /// so the live registry reloads at once.
    public let onServingChange: @Sendable () async -> Void
    /// Where tools' credentials come from; activation refuses a tool whose credentials are missing.
    public let secrets: any SecretsProvider
    /// Recently verified keys; emptied by every key or principal change made through this service.
    public let authenticationCache: AuthenticationCache
    /// Appends events that stand alone (authentication failures, tool calls) with group commit.
    public let audit: AuditWriter
    /// The key audit checkpoints are signed with, when this Warden signs them (published at `/v1/audit/public-key`).
    public let auditPublicKey: AuditPublicKey?
    /// Opens the secure payload log, when it is on.
    public let payloadCipher: AuditPayloadCipher?
    /// Runs the live onboarding checks of new proposals in the background; none: they are not run.
    public let checkRunner: CheckRunner?
    /// Issues access tokens to OAuth clients and verifies bearer JWTs; without it, only API keys authenticate.
    public let tokenAuthority: TokenAuthority?

    public init(store: any GovernanceStore, policy: GovernancePolicy = .default, clock: any WallClock = SystemWallClock(),
                secrets: any SecretsProvider = EnvironmentSecrets(),
                authenticationCache: AuthenticationCache = AuthenticationCache(),
                audit: AuditWriter? = nil, payloadCipher: AuditPayloadCipher? = nil, auditPublicKey: AuditPublicKey? = nil,
                checkRunner: CheckRunner? = nil, tokenAuthority: TokenAuthority? = nil,
                onServingChange: @escaping @Sendable () async -> Void = {}) {
        self.checkRunner = checkRunner
        self.tokenAuthority = tokenAuthority
        self.auditPublicKey = auditPublicKey
        self.payloadCipher = payloadCipher
        self.authenticationCache = authenticationCache
        self.audit = audit ?? AuditWriter(store: store)
        self.store = store
        self.policy = policy
        self.clock = clock
        self.secrets = secrets
        self.onServingChange = onServingChange
    }

    // MARK: running an action

    /// Runs `body` in a write transaction with an audit event for the action. When the action fails,
    /// the transaction rolls back and a separate event records the refusal (denied or failed).
    func perform<T: Sendable>(_ ctx: CallContext, action: String, subject: String,
                              detail: [String: String]? = nil,
                              _ body: @escaping @Sendable (any StoreWriter, Date) throws -> (T, [String: String]?)) async throws -> T {
        let now = clock.now()
        do {
            return try await store.write { tx in
                let (result, extra) = try body(tx, now)
                var d = detail ?? [:]
                for (k, v) in extra ?? [:] { d[k] = v }
                if let t = ctx.traceID { d["traceId"] = t }
                try tx.appendAudit(AuditDraft(actor: ctx.principal.id, action: action, subject: subject, requestID: ctx.requestID,
                                          outcome: .success, bodyDigest: ctx.bodyDigest, detail: d.isEmpty ? nil : d), at: now)
                return result
            }
        } catch let error as WardenError {
            let outcome: AuditEvent.Outcome = error.code == .forbidden ? .denied : .failed
            var d = detail ?? [:]
            d["error"] = error.code.rawValue
            if let t = ctx.traceID { d["traceId"] = t }
            let refusal = d
            _ = try? await store.write { tx in
                try tx.appendAudit(AuditDraft(actor: ctx.principal.id, action: action, subject: subject, requestID: ctx.requestID,
                                          outcome: outcome, bodyDigest: ctx.bodyDigest, detail: refusal), at: now)
            }
            throw error
        }
    }

    /// Refuses with `forbidden` unless the caller's roles grant `permission` (inside an action, whose refusal
    /// ``perform(_:action:subject:detail:_:)`` audits).
    func require(_ permission: Permission, _ ctx: CallContext) throws {
        try policy.access.require(permission, roles: ctx.principal.roles)
    }

    /// Refuses with `forbidden` unless the caller's roles grant `permission`, for reads: a refusal is audited
    /// (outcome denied, action the permission) so that authorization failures on reads are on record too.
    func authorize(_ permission: Permission, _ ctx: CallContext, subject: String = "") async throws {
        do {
            try policy.access.require(permission, roles: ctx.principal.roles)
        } catch let e as WardenError {
            try? await audit.append(AuditDraft(actor: ctx.principal.id, action: permission.rawValue,
                                               subject: subject.isEmpty ? "permission:\(permission.rawValue)" : subject,
                                               requestID: ctx.requestID, outcome: .denied, detail: ["error": e.code.rawValue]),
                                    at: clock.now())
            throw e
        }
    }

    static func version(_ tx: any StoreReader, _ name: String, _ version: SemanticVersion) throws -> ToolVersionRecord {
        guard let r = try tx.toolVersion(name: name, version: version) else {
            if try tx.toolVersions(name: name).isEmpty {
                throw WardenError.notFound("no tool named '\(name)' is on record; `warden tool list` shows the tools")
            }
            throw WardenError.notFound("\(name) has no version \(version); `warden tool show \(name)` lists its versions")
        }
        return r
    }

    // MARK: authentication

    /// The principal holding `token`: an API key, or a bearer JWT (see ``authenticateCaller(token:requestID:)``).
    /// - Throws: `unauthenticated` (and records the failure) when the credential is missing, malformed or refused.
    public func authenticate(token: String?, requestID: String) async throws -> Principal {
        try await authenticateCaller(token: token, requestID: requestID).principal
    }

    /// Who presents `token`, and with which credential: a Warden API key (`wdn_…`), or a JWT issued by Warden's token
    /// endpoint or by a configured external issuer. Every transport's authentication calls this.
    /// - Throws: `unauthenticated` (and records the failure) when the key is unknown, revoked, expired or its holder is
    ///   disabled, or when a JWT fails a check; the message names the check, never the token.
    public func authenticateCaller(token: String?, requestID: String) async throws -> AuthenticatedCaller {
        let now = clock.now()
        guard let token, !token.isEmpty else {
            try await recordAuthFailure(requestID: requestID, keyID: nil, reason: "missing", at: now)
            throw WardenError(.unauthenticated, "this endpoint needs an API key or an access token: send 'Authorization: Bearer <key or token>'")
        }
        if !token.hasPrefix("wdn_"), CompactJWT.looksLikeJWT(token) {
            return try await authenticateJWT(token, requestID: requestID, at: now)
        }
        guard let keyID = APIKey.parse(token) else {
            try await recordAuthFailure(requestID: requestID, keyID: nil, reason: "malformed", at: now)
            throw WardenError(.unauthenticated, "the bearer token is neither an API key in Warden's key format (wdn_...) nor a JWT")
        }
        let tokenDigest = APIKey.digest(of: token)
        if let cached = authenticationCache.principal(keyID: keyID, tokenDigest: tokenDigest, at: now) {
            return AuthenticatedCaller(principal: cached, credential: .apiKey(id: keyID))
        }
        let found = try await store.read { tx -> (Principal, Date?)? in
            guard let (record, digest) = try tx.apiKey(id: keyID),
                Digest.constantTimeEquals(digest, tokenDigest), record.isUsable(at: now),
                let p = try tx.principal(id: record.principalID), !p.disabled
            else { return nil }
            return (p, record.expiresAt)
        }
        guard let (principal, expiresAt) = found else {
            try await recordAuthFailure(requestID: requestID, keyID: keyID, reason: "rejected", at: now)
            throw WardenError(.unauthenticated, "the API key is unknown, revoked or expired, or its holder is disabled; ask an admin for a new key")
        }
        authenticationCache.remember(keyID: keyID, tokenDigest: tokenDigest, principal: principal, keyExpiresAt: expiresAt, at: now)
        return AuthenticatedCaller(principal: principal, credential: .apiKey(id: keyID))
    }

    func recordAuthFailure(requestID: String, keyID: String?, reason: String, at now: Date) async throws {
        var detail = ["reason": reason]
        if let keyID { detail["keyId"] = keyID }
        try await audit.append(AuditDraft(actor: "anonymous", action: "auth.failed", subject: keyID.map { "key:\($0)" } ?? "key:none",
                                          requestID: requestID, outcome: .denied, detail: detail), at: now)
    }
}
