import Foundation
import JWTKit
import Testing
import WardenCore
import WardenStore
@testable import WardenRuntime

@Suite("OAuth token endpoint")
struct OAuthTokenEndpointTests {
    @Test("client_secret_basic: a token whose claims Warden then accepts as a bearer")
    func basicIssuesAToken() async throws {
        let o = try await OAuthHarness()
        let reg = try await o.register()
        let secret = try #require(reg.clientSecret)
        #expect(secret.hasPrefix("wcs_"))
        let r = try await o.service.issueToken(OAuthHarness.basic("client-1", secret, ["grant_type": "client_credentials", "scope": "tools.call"]),
                                               requestID: "t1")
        #expect(r.tokenType == "Bearer" && r.expiresIn == 300 && r.scope == "tools.call")
        let jwt = try CompactJWT(r.accessToken)
        #expect(jwt.header["alg"] == "ES256" && jwt.header["typ"] == "at+jwt" && jwt.keyID == o.authority.signingKey.keyID)
        #expect(jwt.claims["iss"] == .string(OAuthHarness.issuer) && jwt.claims["aud"] == .string(OAuthHarness.issuer))
        #expect(jwt.claims["sub"] == "agent-1" && jwt.claims["client_id"] == "client-1" && jwt.claims["scope"] == "tools.call")
        let iat = try #require(jwt.claims["iat"]?.numberValue?.intValue)
        #expect(jwt.claims["nbf"]?.numberValue?.intValue == iat && jwt.claims["exp"]?.numberValue?.intValue == iat + 300)
        #expect((jwt.string("jti") ?? "").count >= 32)

        let caller = try await o.service.authenticateCaller(token: r.accessToken, requestID: "r")
        #expect(caller.principal.id == "agent-1" && caller.scopes == ["tools.call"] && caller.clientID == "client-1")
        #expect(try await o.service.authenticate(token: r.accessToken, requestID: "r").id == "agent-1")

        // Without a scope parameter the client gets every scope it holds.
        let all = try await o.service.issueToken(OAuthHarness.basic("client-1", secret), requestID: "t2")
        #expect(all.scope == "a2a.send tools.call")
        let issued = try await o.events("oauth.token.issued")
        #expect(issued.count == 2 && issued[0].actor == "agent-1" && issued[0].subject == "oauth_client:client-1")
        #expect(issued[0].detail?["scope"] == "tools.call" && issued[0].detail?["jti"] == jwt.string("jti"))
    }

    @Test func clientSecretPostIssuesAToken() async throws {
        let o = try await OAuthHarness()
        let reg = try await o.register(.clientSecretPost)
        let secret = try #require(reg.clientSecret)
        let r = try await o.service.issueToken(OAuthTokenRequest(parameters: [
            "grant_type": "client_credentials", "client_id": "client-1", "client_secret": secret,
        ]), requestID: "t")
        #expect(try await o.service.authenticate(token: r.accessToken, requestID: "r").id == "agent-1")
        // The other secret method is refused, and says which one to use only to a holder of the secret.
        let viaBasic = try await o.refusal(OAuthHarness.basic("client-1", secret))
        #expect(viaBasic?.code == .invalidClient && viaBasic?.reason == "method_mismatch")
        #expect(viaBasic?.errorDescription.contains("client_secret_post") == true)
        let guess = try await o.refusal(OAuthHarness.basic("client-1", "wcs_wrong"))
        #expect(guess?.reason == "secret_mismatch" && guess?.errorDescription.contains("client_secret_post") == false)
    }

    @Test("every RFC 6749 section 5.2 error, with its status")
    func rfcErrors() async throws {
        let o = try await OAuthHarness()
        let secret = try #require(try await o.register().clientSecret)
        let cc = "client_credentials"
        let cases: [(String, OAuthTokenRequest, OAuthError.Code, Int)] = [
            ("no grant_type", OAuthHarness.basic("client-1", secret, [:]), .invalidRequest, 400),
            ("two client authentications", OAuthHarness.basic("client-1", secret, ["grant_type": cc, "client_secret": secret, "client_id": "client-1"]),
             .invalidRequest, 400),
            ("client_secret without client_id", OAuthTokenRequest(parameters: ["grant_type": cc, "client_secret": secret]), .invalidRequest, 400),
            ("client_id not the Basic one", OAuthHarness.basic("client-1", secret, ["grant_type": cc, "client_id": "other"]), .invalidRequest, 400),
            ("wrong assertion type", OAuthTokenRequest(parameters: ["grant_type": cc, "client_assertion_type": "saml", "client_assertion": "x.y.z"]),
             .invalidRequest, 400),
            ("no client authentication", OAuthTokenRequest(parameters: ["grant_type": cc, "client_id": "client-1"]), .invalidClient, 401),
            ("wrong secret", OAuthHarness.basic("client-1", "wcs_not-the-secret"), .invalidClient, 401),
            ("unknown client", OAuthHarness.basic("nobody", secret), .invalidClient, 401),
            ("password grant", OAuthHarness.basic("client-1", secret, ["grant_type": "password"]), .unsupportedGrantType, 400),
            ("authorization code grant", OAuthHarness.basic("client-1", secret, ["grant_type": "authorization_code"]), .unsupportedGrantType, 400),
            ("scope not held", OAuthHarness.basic("client-1", secret, ["grant_type": cc, "scope": "tools.call admin"]), .invalidScope, 400),
            ("malformed scope", OAuthHarness.basic("client-1", secret, ["grant_type": cc, "scope": "a\"b"]), .invalidScope, 400),
        ]
        for (name, request, code, status) in cases {
            let e = try await o.refusal(request)
            #expect(e?.code == code, "\(name): \(String(describing: e))")
            #expect(e?.status == status, "\(name)")
            #expect(e?.errorDescription.contains(secret) == false, "\(name): the secret is never echoed")
            if status == 401 { #expect(e?.headers.contains { $0.0 == "WWW-Authenticate" && $0.1.hasPrefix("Basic") } == true) }
        }
        // invalid_grant: the agent the client acts as is disabled; unauthorized_client: it is no longer an agent.
        _ = try await o.service.updatePrincipal(try await o.admin(), id: "agent-1", .init(disabled: true))
        #expect(try await o.refusal(OAuthHarness.basic("client-1", secret))?.code == .invalidGrant)
        try await o.h.store.write { tx in
            guard var p = try tx.principal(id: "agent-1") else { return }
            p.disabled = false
            p.kind = .person
            try tx.updatePrincipal(p)
        }
        #expect(try await o.refusal(OAuthHarness.basic("client-1", secret))?.code == .unauthorizedClient)

        let refused = try await o.events("oauth.token.refused")
        #expect(refused.count == cases.count + 2)
        let all = try await o.h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        #expect(!all.contains { e in (e.detail ?? [:]).values.contains { $0.contains(secret) } || e.subject.contains(secret) },
                "no audit event holds the secret")
        #expect(refused.contains { $0.detail?["reason"] == "secret_mismatch" && $0.subject == "oauth_client:client-1" })
    }

    @Test func aRevokedClientGetsNoTokenAndItsTokensStopWorking() async throws {
        let o = try await OAuthHarness()
        let secret = try #require(try await o.register().clientSecret)
        let token = try await o.service.issueToken(OAuthHarness.basic("client-1", secret), requestID: "t").accessToken
        _ = try await o.service.authenticate(token: token, requestID: "r")  // now cached
        let revoked = try await o.service.revokeOAuthClient(try await o.admin(), id: "client-1")
        #expect(revoked.revokedAt != nil)
        let e = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: token, requestID: "r") }
        #expect(e?.code == .unauthenticated && e?.message.contains("revoked") == true)
        #expect(try await o.refusal(OAuthHarness.basic("client-1", secret))?.reason == "client_revoked")
        let again = await #expect(throws: WardenError.self) { try await o.service.revokeOAuthClient(try await o.admin(), id: "client-1") }
        #expect(again?.code == .conflict)
    }

    @Test func rotatingTheSecretRetiresTheOldOne() async throws {
        let o = try await OAuthHarness()
        let old = try #require(try await o.register().clientSecret)
        let rotated = try await o.service.rotateOAuthClientSecret(try await o.admin(), id: "client-1")
        let new = try #require(rotated.clientSecret)
        #expect(new != old && rotated.client.secretRotatedAt != nil)
        #expect(try await o.refusal(OAuthHarness.basic("client-1", old))?.code == .invalidClient)
        _ = try await o.service.issueToken(OAuthHarness.basic("client-1", new), requestID: "t")
        let stored = try await o.h.store.read { try $0.oauthClient(id: "client-1") }
        #expect(stored?.secretDigest == OAuthClientSecret.digest(of: new), "only the digest is stored")
    }

    @Test("failed client authentications are limited per client and per address, then answered 429")
    func failuresAreRateLimited() async throws {
        // Three failures a day: no token comes back while the test runs, however slow the machine.
        let o = try await OAuthHarness(settings: .init(issuer: OAuthHarness.issuer, failedAuthenticationLimit: .init(requests: 3, perSeconds: 86_400)))
        let secret = try #require(try await o.register().clientSecret)
        for _ in 0..<3 {
            #expect(try await o.refusal(OAuthHarness.basic("client-1", "wcs_guess", from: "192.0.2.9"))?.reason == "secret_mismatch")
        }
        // Now even the right secret waits, from that address and for that client from anywhere.
        let blocked = try #require(try await o.refusal(OAuthHarness.basic("client-1", secret, from: "192.0.2.9")))
        #expect(blocked.code == .invalidClient && blocked.status == 429 && (blocked.retryAfterSeconds ?? 0) >= 1)
        #expect(blocked.headers.contains { $0.0 == "Retry-After" })
        #expect(try await o.refusal(OAuthHarness.basic("client-1", secret, from: "198.51.100.7"))?.reason == "rate_limited")
        // Another client from a clean address is not affected.
        let other = try #require(try await o.register(id: "client-2").clientSecret)
        _ = try await o.service.issueToken(OAuthHarness.basic("client-2", other, from: "198.51.100.8"), requestID: "t")
    }

    @Test("only admins manage clients; only enabled agents may be clients")
    func registrationRules() async throws {
        let o = try await OAuthHarness()
        let bot = try await o.h.ctx("bot")
        for attempt in [
            { _ = try await o.service.registerOAuthClient(bot, NewOAuthClient(principalID: "agent-1")) },
            { _ = try await o.service.oauthClients(bot) },
            { _ = try await o.service.rotateOAuthClientSecret(bot, id: "x") },
            { _ = try await o.service.revokeOAuthClient(bot, id: "x") },
        ] as [@Sendable () async throws -> Void] {
            let e = await #expect(throws: WardenError.self) { try await attempt() }
            #expect(e?.code == .forbidden && e?.message.contains("oauthClients.manage") == true)
        }
        let admin = try await o.admin()
        let cases: [(NewOAuthClient, WardenError.Code)] = [
            (NewOAuthClient(principalID: "req"), .invalidInput),  // a person
            (NewOAuthClient(principalID: "ghost"), .notFound),
            (NewOAuthClient(id: "bad id", principalID: "agent-1"), .invalidInput),
            (NewOAuthClient(principalID: "agent-1", scopes: ["ok", "not ok"]), .invalidInput),
            (NewOAuthClient(principalID: "agent-1", authenticationMethod: .privateKeyJWT), .invalidInput),  // no keys
            (NewOAuthClient(principalID: "agent-1", jwks: ["keys": []]), .invalidInput),  // keys for a secret client
        ]
        for (new, code) in cases {
            let e = await #expect(throws: WardenError.self) { try await o.service.registerOAuthClient(admin, new) }
            #expect(e?.code == code, "\(new)")
        }
        let generated = try await o.service.registerOAuthClient(admin, NewOAuthClient(principalID: "agent-1"))
        #expect(generated.client.id.hasPrefix("wc_") && generated.client.authenticationMethod == .clientSecretBasic)
        let dup = await #expect(throws: WardenError.self) {
            try await o.service.registerOAuthClient(admin, NewOAuthClient(id: generated.client.id, principalID: "agent-1"))
        }
        #expect(dup?.code == .conflict)
        #expect(try await o.service.oauthClients(admin).map(\.id) == [generated.client.id])
        let registered = try await o.events("oauth.client.registered")
        #expect(registered.filter { $0.outcome == .success }.count == 1)
        #expect(registered.filter { $0.outcome == .denied }.count == 1, "the agent's attempt is on record")
    }

    @Test("the signing key comes from OAUTH_SIGNING_KEY, else a 0600 file made once")
    func signingKeySource() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-oauth-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("warden.db.oauth-signing-key").path
        #expect(OAuthSigningKeySource.defaultKeyFile(forDatabase: dir.appendingPathComponent("warden.db").path) == file)
        let first = try OAuthSigningKeySource.load(secrets: FixedSecrets(values: [:]), keyFile: file)
        #expect(first.origin.hasSuffix("(created)"))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: file + ".pub", encoding: .utf8).contains("BEGIN PUBLIC KEY"))
        let second = try OAuthSigningKeySource.load(secrets: FixedSecrets(values: [:]), keyFile: file)
        #expect(second.key.keyID == first.key.keyID && second.origin == "file \(file)")

        let pem = OAuthSigningKey().pemRepresentation
        let fromSecret = try OAuthSigningKeySource.load(secrets: FixedSecrets(values: ["OAUTH_SIGNING_KEY": pem]), keyFile: file)
        let expectedKID = try OAuthSigningKey(pem: pem).keyID
        #expect(fromSecret.origin == "secret OAUTH_SIGNING_KEY" && fromSecret.key.keyID == expectedKID)
        let bad = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"
        let e = #expect(throws: WardenError.self) {
            try OAuthSigningKeySource.load(secrets: FixedSecrets(values: ["OAUTH_SIGNING_KEY": bad]), keyFile: file)
        }
        #expect(e?.code == .invalidInput && e?.message.contains("OAUTH_SIGNING_KEY") == true && e?.message.contains("bm90") == false)
        // The audit key, loaded the same way, still works.
        let audit = try AuditSigningKeySource.load(secrets: FixedSecrets(values: [:]), keyFile: dir.appendingPathComponent("a.key").path)
        #expect(audit.origin.hasSuffix("(created)"))
    }

    @Test("the form and HTTP Basic are parsed as RFC 6749 says")
    func requestParsing() throws {
        let r = try OAuthTokenRequest(form: Array("grant_type=client_credentials&scope=a+b%20c&empty=&client_id=c%2D1".utf8),
                                      authorization: nil, remoteAddress: nil)
        #expect(r.parameters == ["grant_type": "client_credentials", "scope": "a b c", "client_id": "c-1"])
        // The id and secret are form-urlencoded before base64 (RFC 6749 section 2.3.1): a ':' in the secret survives.
        let header = "Basic " + Data("my%20client:s%3Acret+x".utf8).base64EncodedString()
        let b = try OAuthTokenRequest(form: [], authorization: header, remoteAddress: "192.0.2.1")
        #expect(b.basic == .init(clientID: "my client", secret: "s:cret x"))
        for (form, auth, code) in [
            ("grant_type=a&grant_type=b", nil, OAuthError.Code.invalidRequest),
            ("scope=%zz", nil, .invalidRequest),
            ("scope=%C3", nil, .invalidRequest),
            ("", "Bearer abc", .invalidClient),
            ("", "Basic !!!", .invalidClient),
            ("", "Basic " + Data("no-colon".utf8).base64EncodedString(), .invalidClient),
        ] as [(String, String?, OAuthError.Code)] {
            let e = #expect(throws: OAuthError.self) { try OAuthTokenRequest(form: Array(form.utf8), authorization: auth, remoteAddress: nil) }
            #expect(e?.code == code, "\(form) \(auth ?? "")")
        }
    }
}
