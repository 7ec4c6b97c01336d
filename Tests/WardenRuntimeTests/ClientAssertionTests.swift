import Foundation
import JWTKit
import Testing
import WardenCore
@testable import WardenRuntime

@Suite("private_key_jwt client assertions (RFC 7523)")
struct ClientAssertionTests {
    /// An assertion for `client-1`, changed by `change`, signed by `signer`.
    static func assertion(signer: any JWTAlgorithm, alg: String = "ES256", kid: String? = "ck-1", at now: Date,
                          _ change: (inout [String: JSONValue]) -> Void = { _ in }) throws -> String {
        let t = Int(now.timeIntervalSince1970)
        var claims: [String: JSONValue] = [
            "iss": "client-1", "sub": "client-1", "aud": .string(OAuthHarness.issuer + "/oauth/token"),
            "iat": .number(JSONNumber(t)), "exp": .number(JSONNumber(t + 300)), "jti": .string(UUID().uuidString),
        ]
        change(&claims)
        var header: [String: JSONValue] = ["alg": .string(alg), "typ": "JWT"]
        if let kid { header["kid"] = .string(kid) }
        return try TestJWT.compact(header: .object(header), claims: .object(claims), signer: signer)
    }

    static func request(_ assertion: String, clientID: String? = nil) -> OAuthTokenRequest {
        var p = ["grant_type": "client_credentials", "client_assertion_type": PresentedClientCredentials.jwtBearerAssertionType,
                 "client_assertion": assertion]
        if let clientID { p["client_id"] = clientID }
        return OAuthTokenRequest(parameters: p, remoteAddress: "192.0.2.1")
    }

    @Test func anES256AssertionGetsATokenAndItsReplayIsRefused() async throws {
        let o = try await OAuthHarness()
        let key = ES256PrivateKey()
        let reg = try await o.register(.privateKeyJWT, jwks: ["keys": [TestJWT.jwk(key, kid: "ck-1")]])
        #expect(reg.clientSecret == nil && reg.client.jwks != nil)
        let signer = try await TestJWT.es256(key)
        let a = try Self.assertion(signer: signer, at: o.clock.now())
        let r = try await o.service.issueToken(Self.request(a, clientID: "client-1"), requestID: "t")
        #expect(try await o.service.authenticate(token: r.accessToken, requestID: "r").id == "agent-1")
        let replay = try await o.refusal(Self.request(a))
        #expect(replay?.code == .invalidClient && replay?.reason == "assertion.replayed")
        #expect(replay?.errorDescription.contains("used already") == true)
        // Another jti from the same client is fine; the issuer URL is an accepted audience too.
        let b = try Self.assertion(signer: signer, at: o.clock.now()) { $0["aud"] = .string(OAuthHarness.issuer) }
        _ = try await o.service.issueToken(Self.request(b), requestID: "t")
    }

    @Test func anRS256AssertionFromAKeyWithoutAlgIsAccepted() async throws {
        let o = try await OAuthHarness()
        let key = try TestJWT.rsaKey()
        _ = try await o.register(.privateKeyJWT, jwks: ["keys": [try TestJWT.jwk(key, kid: "ck-1")]])
        for signer in [try await TestJWT.rs256(key), try await TestJWT.ps256(key)] {
            let a = try Self.assertion(signer: signer, alg: signer.name, at: o.clock.now())
            _ = try await o.service.issueToken(Self.request(a), requestID: "t")
        }
    }

    @Test("each broken assertion is invalid_client naming the check")
    func refusals() async throws {
        // More failures than the default limit of 10 follow from one address.
        let o = try await OAuthHarness(settings: .init(issuer: OAuthHarness.issuer, failedAuthenticationLimit: .init(requests: 100, perSeconds: 300)))
        let key = ES256PrivateKey()
        _ = try await o.register(.privateKeyJWT, jwks: TestJWT.jwk(key, kid: "ck-1"))  // a bare JWK is taken as a set of one
        let signer = try await TestJWT.es256(key)
        let now = o.clock.now()
        let cases: [(String, String, String)] = [
            ("wrong audience", try Self.assertion(signer: signer, at: now) { $0["aud"] = "https://elsewhere.test/token" }, "assertion.jwt.audience"),
            ("expired", try Self.assertion(signer: signer, at: now) { $0["exp"] = .number(JSONNumber(Int(now.timeIntervalSince1970) - 120)) },
             "assertion.jwt.expired"),
            ("valid for an hour", try Self.assertion(signer: signer, at: now) { $0["exp"] = .number(JSONNumber(Int(now.timeIntervalSince1970) + 3600)) },
             "assertion.jwt.lifetime"),
            ("no jti", try Self.assertion(signer: signer, at: now) { $0["jti"] = nil }, "assertion.jti"),
            ("iss not the client", try Self.assertion(signer: signer, at: now) { $0["iss"] = "client-2" }, "assertion.iss"),
            ("sub of an unknown client", try Self.assertion(signer: signer, at: now) { $0["iss"] = "nobody"; $0["sub"] = "nobody" }, "unknown_client"),
            ("another key", try Self.assertion(signer: try await TestJWT.es256(ES256PrivateKey()), at: now), "assertion.jwt.signature"),
            ("unknown kid", try Self.assertion(signer: signer, kid: "ck-9", at: now), "assertion.jwt.kid_unknown"),
            ("HS256 (client_secret_jwt) with the public JWK as secret",
             try Self.assertion(signer: try await TestJWT.hs256(secret: TestJWT.jwk(key, kid: "ck-1").canonicalString), alg: "HS256", at: now),
             "assertion.jwt.alg_not_allowed"),
            ("alg none", try TestJWT.compact(header: ["alg": "none"], claims: ["iss": "client-1", "sub": "client-1"], signer: nil), "assertion.jwt.alg_none"),
            ("not a JWT", "x.y", "assertion.jwt.malformed"),
        ]
        for (name, assertion, reason) in cases {
            let e = try await o.refusal(Self.request(assertion))
            #expect(e?.code == .invalidClient && e?.status == 401, "\(name): \(String(describing: e))")
            #expect(e?.reason == reason, "\(name): \(String(describing: e))")
        }
        let mismatch = try await o.refusal(Self.request(try Self.assertion(signer: signer, at: now), clientID: "client-2"))
        #expect(mismatch?.reason == "assertion.client_id")
    }

    @Test("a private_key_jwt client registers only public signing keys")
    func keyRegistration() async throws {
        let o = try await OAuthHarness()
        let key = ES256PrivateKey()
        var withPrivate = try #require(TestJWT.jwk(key, kid: "k").objectValue)
        withPrivate["d"] = "c2VjcmV0"
        let small: JSONValue = ["kty": "RSA", "n": "AQAB", "e": "AQAB", "kid": "tiny"]
        for (jwks, words) in [
            (JSONValue.object(withPrivate), "private"),
            (["keys": [["kty": "oct", "k": "c2VjcmV0", "kid": "h"]]], "ES256"),
            (["keys": [small]], "2048"),
            (["keys": []], "1 to 10"),
        ] as [(JSONValue, String)] {
            let e = await #expect(throws: WardenError.self) { try await o.register(.privateKeyJWT, jwks: jwks) }
            #expect(e?.code == .invalidInput && e?.message.contains(words) == true, "\(e?.message ?? "")")
        }
    }
}
