import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// The longest validity accepted for a `private_key_jwt` client assertion (`exp - iat`): its `jti` is remembered that
    /// long to refuse a replay.
    static let maxClientAssertionLifetime: TimeInterval = 600

    /// The token endpoint's work for the client credentials grant (RFC 6749 section 4.4): authenticates the client
    /// (secret or RFC 7523 assertion), checks the grant, the principal and the scope, and issues a signed access token.
    /// Issued and refused requests are audited (`oauth.token.issued`, `oauth.token.refused`), never with a secret.
    /// Failed client authentications are rate limited per client id and per remote address.
    /// - Throws: ``OAuthError`` for every refusal RFC 6749 section 5.2 names; `WardenError` when the store fails or this
    ///   Warden has no token authority.
    public func issueToken(_ request: OAuthTokenRequest, requestID: String) async throws -> OAuthTokenResponse {
        guard let authority = tokenAuthority else {
            throw WardenError(.notFound, "this Warden issues no tokens (no OAuth token authority is configured)")
        }
        let now = clock.now()
        var claimed: String?
        do {
            let presented = try PresentedClientCredentials(request)
            claimed = presented.claimedClientID
            let limiterKeys = authority.failureKeys(clientID: claimed, remoteAddress: request.remoteAddress)
            if let wait = authority.blocked(limiterKeys, at: .now) {
                let seconds = max(1, Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0))
                throw OAuthError(.invalidClient, "too many failed client authentications from this client or address; retry in \(seconds) s",
                                 reason: "rate_limited", retryAfterSeconds: seconds)
            }
            guard let grant = request.parameters["grant_type"] else {
                throw OAuthError.invalidRequest("grant_type is missing; send grant_type=client_credentials", reason: "grant_type_missing")
            }
            guard grant == "client_credentials" else {
                throw OAuthError(.unsupportedGrantType, "Warden's token endpoint supports only grant_type=client_credentials",
                                 reason: "grant_type")
            }
            let client: OAuthClient
            do {
                client = try await authenticateClient(presented, authority: authority, at: now)
            } catch let e as OAuthError {
                authority.recordFailure(limiterKeys, at: .now)
                throw e
            }
            let principal = try await store.read { tx in try tx.principal(id: client.principalID) }
            guard let principal, principal.kind == .agent else {
                throw OAuthError(.unauthorizedClient, "this client may not use the client_credentials grant: the principal it acts "
                    + "as is no longer an agent; ask an admin to re-register it", reason: "principal_not_agent")
            }
            guard !principal.disabled else {
                throw OAuthError(.invalidGrant, "the agent principal this client acts as is disabled; ask an admin", reason: "principal_disabled")
            }
            let scopes = try Self.grantedScopes(request.parameters["scope"], allowed: client.scopes)
            let response = try await sign(for: client, principal: principal, scopes: scopes, authority: authority, at: now,
                                          requestID: requestID)
            return response
        } catch let e as OAuthError {
            var detail = ["error": e.code.rawValue, "reason": e.reason]
            if let address = request.remoteAddress { detail["remoteAddress"] = String(address.prefix(64)) }
            _ = try? await audit.append(AuditDraft(actor: "anonymous", action: "oauth.token.refused", subject: "oauth_client:\(claimed ?? "none")",
                                               requestID: requestID, outcome: .denied, detail: detail), at: now)
            throw e
        }
    }

    /// The scopes granted: the requested ones when all are allowed, or every allowed one when none is requested.
    static func grantedScopes(_ requested: String?, allowed: [String]) throws(OAuthError) -> [String] {
        guard let requested else { return allowed }
        guard let scopes = OAuthScope.parse(requested) else {
            throw OAuthError(.invalidScope, "scope must be space-separated scope names (printable ASCII, no quote or backslash), "
                + "at most \(OAuthScope.maxCount)", reason: "scope_malformed")
        }
        let extra = scopes.filter { !allowed.contains($0) }
        guard extra.isEmpty else {
            throw OAuthError(.invalidScope, "this client may not ask for: \(extra.prefix(10).joined(separator: " ")); "
                + "it may ask for: \(allowed.isEmpty ? "no scope" : allowed.joined(separator: " "))", reason: "scope_not_allowed")
        }
        return scopes
    }

    private func sign(for client: OAuthClient, principal: Principal, scopes: [String], authority: TokenAuthority, at now: Date,
                      requestID: String) async throws -> OAuthTokenResponse {
        let lifetime = authority.settings.tokenLifetimeSeconds
        let iat = Int64(now.timeIntervalSince1970.rounded(.down))
        let scope = scopes.isEmpty ? nil : OAuthScope.format(scopes)
        let claims = AccessTokenClaims(iss: authority.settings.issuer, sub: principal.id, aud: authority.settings.audience, iat: iat,
                                       nbf: iat, exp: iat + Int64(lifetime), jti: UUID().uuidString.lowercased(), scope: scope,
                                       client_id: client.id)
        let token = try await authority.signingKey.sign(claims, type: "at+jwt")
        var detail = ["clientId": client.id, "jti": claims.jti, "method": client.authenticationMethod.rawValue,
                      "expiresAt": WardenJSON.format(Date(timeIntervalSince1970: TimeInterval(claims.exp)))]
        if let scope { detail["scope"] = scope }
        try await audit.append(AuditDraft(actor: principal.id, action: "oauth.token.issued", subject: "oauth_client:\(client.id)",
                                          requestID: requestID, detail: detail), at: now)
        return OAuthTokenResponse(accessToken: token, tokenType: "Bearer", expiresIn: lifetime, scope: scope)
    }

    // MARK: client authentication

    /// The client `presented` proves to be.
    /// - Throws: ``OAuthError`` `invalid_client` naming what failed, as far as that tells nothing about a secret.
    private func authenticateClient(_ presented: PresentedClientCredentials, authority: TokenAuthority,
                                    at now: Date) async throws -> OAuthClient {
        switch presented {
        case .secret(let clientID, let secret, let method):
            return try await authenticateSecret(clientID: clientID, secret: secret, method: method)
        case .assertion(let assertion, let parameter):
            return try await authenticateAssertion(assertion, clientIDParameter: parameter, authority: authority, at: now)
        }
    }

    private func authenticateSecret(clientID: String, secret: String, method: OAuthClient.AuthenticationMethod) async throws -> OAuthClient {
        let found = OAuthClient.isValidID(clientID) ? try await store.read { tx in try tx.oauthClient(id: clientID) } : nil
        // Compared even for an unknown client, so the answer takes the same time.
        let digest = found?.secretDigest ?? String(repeating: "0", count: 64)
        let matches = OAuthClientSecret.matches(secret, storedDigest: digest)
        guard let client = found?.client, found?.secretDigest != nil, matches else {
            throw OAuthError.invalidClient("client authentication failed: unknown client_id or wrong client_secret",
                                           reason: found == nil ? "unknown_client" : "secret_mismatch")
        }
        guard client.isActive else { throw OAuthError.invalidClient("this client is revoked", reason: "client_revoked") }
        guard client.authenticationMethod == method else {
            let how = client.authenticationMethod == .clientSecretBasic
                ? "HTTP Basic (Authorization: Basic base64(client_id:client_secret))" : "the client_id and client_secret form parameters"
            throw OAuthError.invalidClient("this client is registered for \(client.authenticationMethod.rawValue): send its secret as \(how)",
                                           reason: "method_mismatch")
        }
        return client
    }

    private func authenticateAssertion(_ assertion: String, clientIDParameter: String?, authority: TokenAuthority,
                                       at now: Date) async throws -> OAuthClient {
        func refused(_ refusal: JWTRefusal) -> OAuthError {
            .invalidClient("the client assertion was refused: \(refusal.message)", reason: "assertion." + refusal.reason)
        }
        let jwt: CompactJWT
        do throws(JWTRefusal) { jwt = try CompactJWT(assertion) } catch { throw refused(error) }
        guard let clientID = jwt.string("sub"), OAuthClient.isValidID(clientID) else {
            throw OAuthError.invalidClient("the client assertion's sub must be the client_id", reason: "assertion.sub")
        }
        if let parameter = clientIDParameter, parameter != clientID {
            throw OAuthError.invalidClient("client_id differs from the client assertion's sub", reason: "assertion.client_id")
        }
        guard jwt.issuer == clientID else {
            throw OAuthError.invalidClient("the client assertion's iss and sub must both be the client_id", reason: "assertion.iss")
        }
        guard let client = try await store.read({ tx in try tx.oauthClient(id: clientID) })?.client,
              client.authenticationMethod == .privateKeyJWT, let jwks = client.jwks
        else {
            throw OAuthError.invalidClient("no private_key_jwt client has this client_id", reason: "unknown_client")
        }
        guard client.isActive else { throw OAuthError.invalidClient("this client is revoked", reason: "client_revoked") }
        let keys = await VerificationKeySet.from(jwks: jwks, allowed: TokenAuthority.clientAssertionAlgorithms)
        let rules = JWTClaimRules(issuer: clientID, audiences: [authority.settings.issuer, authority.tokenEndpoint],
                                  leeway: TimeInterval(authority.settings.leewaySeconds), maxLifetime: Self.maxClientAssertionLifetime)
        let expiresAt: Date
        do throws(JWTRefusal) {
            try keys.verifySignature(jwt, allowed: TokenAuthority.clientAssertionAlgorithms)
            expiresAt = try rules.check(jwt, at: now)
        } catch {
            throw refused(error)
        }
        guard let jti = jwt.string("jti"), !jti.isEmpty, jti.utf8.count <= 256 else {
            throw OAuthError.invalidClient("the client assertion needs a jti (a new unique id for every assertion)", reason: "assertion.jti")
        }
        let remembered = expiresAt.addingTimeInterval(TimeInterval(authority.settings.leewaySeconds))
        let fresh = try await store.write { tx in
            try tx.recordClientAssertion(clientID: clientID, jti: jti, expiresAt: remembered, now: now)
        }
        guard fresh else {
            throw OAuthError.invalidClient("this client assertion was used already (same jti); sign a new one for every token request",
                                           reason: "assertion.replayed")
        }
        return client
    }
}
