import Foundation
import WardenCore
import WardenStore

/// What an admin sends to register an OAuth client.
public struct NewOAuthClient: Sendable, Codable, Equatable {
    /// The `client_id`; generated (`wc_…`) when absent.
    public var id: String?
    /// The agent principal the client's tokens act as.
    public var principalID: String
    public var label: String?
    /// `client_secret_basic` when absent.
    public var authenticationMethod: OAuthClient.AuthenticationMethod?
    /// The scopes the client may ask for.
    public var scopes: [String]?
    /// For `private_key_jwt`: the client's public keys, a JWK Set or one JWK.
    public var jwks: JSONValue?

    public init(id: String? = nil, principalID: String, label: String? = nil, authenticationMethod: OAuthClient.AuthenticationMethod? = nil,
                scopes: [String]? = nil, jwks: JSONValue? = nil) {
        self.id = id
        self.principalID = principalID
        self.label = label
        self.authenticationMethod = authenticationMethod
        self.scopes = scopes
        self.jwks = jwks
    }
}

/// A client as registered or after its secret was rotated: the secret is shown this once and never again.
public struct RegisteredOAuthClient: Sendable, Codable, Equatable {
    public var client: OAuthClient
    /// The new client secret; nil for `private_key_jwt` clients.
    public var clientSecret: String?
}

extension GovernanceService {
    /// The largest JWK Set a client may register, as canonical JSON.
    static let maxClientJWKSBytes = 16 * 1024

    /// Registers an OAuth client acting as an agent principal; a secret client's secret is in the answer, once.
    /// Needs `oauthClients.manage`.
    /// - Throws: `forbidden`; `invalid_input` for a malformed id, scope, key set, or a principal that is not an enabled
    ///   agent; `not_found` for an unknown principal; `conflict` when the id is taken.
    public func registerOAuthClient(_ ctx: CallContext, _ new: NewOAuthClient) async throws -> RegisteredOAuthClient {
        let id = new.id ?? OAuthClient.generateID()
        let method = new.authenticationMethod ?? .clientSecretBasic
        let keys = await Self.clientKeys(new.jwks, method: method)
        let secret = method.usesSecret ? OAuthClientSecret.generate() : nil
        return try await perform(ctx, action: "oauth.client.registered", subject: "oauth_client:\(id.prefix(64))",
                                 detail: ["method": method.rawValue]) { tx, now in
            try self.require(.oauthClientsManage, ctx)
            guard OAuthClient.isValidID(id) else { throw WardenError.invalidInput("id: use 1 to 64 of letters, digits, '_', '-', '.'") }
            guard let principal = try tx.principal(id: new.principalID) else {
                throw WardenError.notFound("no principal '\(new.principalID.prefix(64))'; create the agent first with `warden principal create`")
            }
            guard principal.kind == .agent else {
                throw WardenError.invalidInput("principalID: '\(principal.id)' is a person; OAuth clients act as agent principals")
            }
            guard !principal.disabled else { throw WardenError.invalidInput("principalID: '\(principal.id)' is disabled") }
            let label = new.label ?? "client"
            guard !label.isEmpty, label.count <= 200 else { throw WardenError.invalidInput("label: must be 1 to 200 characters") }
            let scopes = try Self.validScopes(new.scopes ?? [])
            let jwks = try keys.get()
            if try tx.oauthClient(id: id) != nil { throw WardenError.conflict("an OAuth client with id '\(id)' exists already") }
            let client = OAuthClient(id: id, principalID: principal.id, label: label, authenticationMethod: method, scopes: scopes,
                                     jwks: jwks, createdAt: now, createdBy: ctx.principal.id)
            try tx.insertOAuthClient(client, secretDigest: secret.map(OAuthClientSecret.digest(of:)))
            return (RegisteredOAuthClient(client: client, clientSecret: secret),
                    ["clientId": id, "principal": principal.id, "scopes": OAuthScope.format(scopes)])
        }
    }

    /// Every OAuth client, revoked ones included. Needs `oauthClients.manage`.
    public func oauthClients(_ ctx: CallContext) async throws -> [OAuthClient] {
        try await authorize(.oauthClientsManage, ctx)
        return try await store.read { tx in try tx.oauthClients() }
    }

    /// Replaces a secret client's secret; the old one stops working at once, and the new one is in the answer, once.
    /// Needs `oauthClients.manage`.
    /// - Throws: `forbidden`; `not_found`; `conflict` when the client is revoked or authenticates with `private_key_jwt`.
    public func rotateOAuthClientSecret(_ ctx: CallContext, id: String) async throws -> RegisteredOAuthClient {
        let secret = OAuthClientSecret.generate()
        return try await perform(ctx, action: "oauth.client.secret_rotated", subject: "oauth_client:\(id.prefix(64))") { tx, now in
            try self.require(.oauthClientsManage, ctx)
            guard var client = try tx.oauthClient(id: id)?.client else { throw WardenError.notFound("no OAuth client '\(id.prefix(64))'") }
            guard client.isActive else {
                throw WardenError.conflict("OAuth client \(client.id) is revoked; register a new one", details: ["currentState": "revoked"])
            }
            guard client.authenticationMethod.usesSecret else {
                throw WardenError.conflict("OAuth client \(client.id) authenticates with private_key_jwt and has no secret")
            }
            try tx.replaceOAuthClientSecret(id: client.id, digest: OAuthClientSecret.digest(of: secret), at: now)
            client.secretRotatedAt = now
            return (RegisteredOAuthClient(client: client, clientSecret: secret), nil)
        }
    }

    /// Revokes a client: it gets no more tokens, and the tokens it holds stop working.
    /// Needs `oauthClients.manage`.
    /// - Throws: `forbidden`; `not_found`; `conflict` when it was revoked already.
    public func revokeOAuthClient(_ ctx: CallContext, id: String) async throws -> OAuthClient {
        defer { authenticationCache.removeAll() }
        return try await perform(ctx, action: "oauth.client.revoked", subject: "oauth_client:\(id.prefix(64))") { tx, now in
            try self.require(.oauthClientsManage, ctx)
            guard var client = try tx.oauthClient(id: id)?.client else { throw WardenError.notFound("no OAuth client '\(id.prefix(64))'") }
            guard client.isActive else {
                throw WardenError.conflict("OAuth client \(client.id) was revoked already", details: ["currentState": "revoked"])
            }
            try tx.revokeOAuthClient(id: client.id, at: now)
            client.revokedAt = now
            return (client, nil)
        }
    }

    static func validScopes(_ scopes: [String]) throws -> [String] {
        guard scopes.count <= OAuthScope.maxCount else { throw WardenError.invalidInput("scopes: at most \(OAuthScope.maxCount)") }
        for s in scopes where !OAuthScope.isValid(s) {
            throw WardenError.invalidInput("scopes: '\(JWTRefusal.printable(s))' is not a scope (1 to 128 printable ASCII characters, "
                + "no space, quote or backslash)")
        }
        return Array(Set(scopes)).sorted()
    }

    /// The key set a client registers with its method: required and checked for `private_key_jwt`, absent otherwise.
    /// Checked before the transaction (building verifiers is asynchronous); a failure is thrown inside it, so it is audited.
    static func clientKeys(_ jwks: JSONValue?, method: OAuthClient.AuthenticationMethod) async -> Result<JSONValue?, WardenError> {
        guard method == .privateKeyJWT else {
            return jwks == nil ? .success(nil)
                : .failure(.invalidInput("jwks: only private_key_jwt clients register keys; \(method.rawValue) clients get a secret"))
        }
        guard let jwks else { return .failure(.invalidInput("jwks: a private_key_jwt client needs its public keys (a JWK Set or a JWK)")) }
        let members = jwks["keys"]?.arrayValue ?? (jwks["kty"] != nil ? [jwks] : [])
        guard !members.isEmpty, members.count <= 10 else { return .failure(.invalidInput("jwks: give 1 to 10 public keys as {\"keys\": [...]}")) }
        if members.contains(where: { $0["d"] != nil || $0["p"] != nil }) {
            return .failure(.invalidInput("jwks: a key holds private key material (d); register only the public keys"))
        }
        let normalized: JSONValue = ["keys": .array(members)]
        guard normalized.canonicalBytes.count <= maxClientJWKSBytes else {
            return .failure(.invalidInput("jwks: the key set is larger than \(maxClientJWKSBytes) bytes"))
        }
        let set = await VerificationKeySet.from(jwks: normalized, allowed: TokenAuthority.clientAssertionAlgorithms)
        guard set.skipped.isEmpty, !set.isEmpty else {
            let why = set.skipped.isEmpty ? "no usable key" : set.skipped.joined(separator: "; ")
            return .failure(.invalidInput("jwks: every key must be an ES256 (P-256) or RS256/PS256 (RSA, 2048 bits or more) signing key: "
                + String(why.prefix(300))))
        }
        return .success(normalized)
    }
}
