import AsyncHTTPClient
import Foundation
import Hummingbird
import JWTKit
import Synchronization
import Testing
import WardenCore
@testable import WardenRuntime

/// An identity provider's JWKS served by a real Hummingbird server on a loopback port, counting its fetches.
private final class JWKSServer: Sendable {
    private let state = Mutex<(document: JSONValue, fetches: Int)>((["keys": []], 0))

    func publish(_ document: JSONValue) { state.withLock { $0.document = document } }
    var fetches: Int { state.withLock { $0.fetches } }

    /// Runs the server for the duration of `body`, which gets the JWKS URL.
    func run(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/jwks") { _, _ -> Response in
            let doc = self.state.withLock { s -> JSONValue in
                s.fetches += 1
                return s.document
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: doc.canonicalData)))
        }
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var ports = stream.makeAsyncIterator()
            guard let port = await ports.next() else { return }
            defer { group.cancelAll() }
            try await body("http://127.0.0.1:\(port)/jwks")
        }
    }
}

private let idp = "https://idp.example.test"

/// A token of the identity provider for `sub`, signed by `signer` under `kid`.
private func idpToken(_ signer: any JWTAlgorithm, kid: String, sub: String = "agent-1", aud: String = "warden",
                      _ change: (inout [String: JSONValue]) -> Void = { _ in }) throws -> String {
    let t = Int(Date().timeIntervalSince1970)
    var claims: [String: JSONValue] = ["iss": .string(idp), "sub": .string(sub), "aud": .string(aud), "iat": .number(JSONNumber(t)),
                                       "exp": .number(JSONNumber(t + 600)), "scp": ["a2a.send"]]
    change(&claims)
    return try TestJWT.compact(header: ["alg": .string(signer.name), "kid": .string(kid)], claims: .object(claims), signer: signer)
}

@Suite("External token issuers")
struct ExternalIssuerTests {
    @Test("tokens signed with keys from a JWKS served over HTTP; a rotated key is fetched once, a made-up kid is not refetched")
    func jwksOverHTTP() async throws {
        let server = JWKSServer()
        let first = ES256PrivateKey()
        let rsa = try TestJWT.rsaKey()
        server.publish(["keys": [TestJWT.jwk(first, kid: "es-1"), try TestJWT.jwk(rsa, kid: "rsa-1")]])
        try await server.run { url in
            let external = ExternalIssuer(issuer: idp, jwksURL: url, audience: "warden")
            let o = try await OAuthHarness(settings: .init(issuer: OAuthHarness.issuer, externalIssuers: [external]),
                                           external: HTTPJWKSFetcher(timeout: .seconds(60)))
            let failures = await o.authority.verifier.prefetchExternalKeys()
            #expect(failures.isEmpty, "\(failures)")
            #expect(server.fetches == 1)

            let es = try await TestJWT.es256(first)
            let caller = try await o.service.authenticateCaller(token: try idpToken(es, kid: "es-1"), requestID: "r")
            #expect(caller.principal.id == "agent-1" && caller.scopes == ["a2a.send"] && caller.clientID == nil)
            guard case .bearerJWT(let v) = caller.credential else { Issue.record("not a JWT credential"); return }
            #expect(v.issuer == idp && !v.issuedByWarden)
            for signer in [try await TestJWT.rs256(rsa), try await TestJWT.ps256(rsa)] {
                _ = try await o.service.authenticate(token: try idpToken(signer, kid: "rsa-1"), requestID: "r")
            }
            #expect(server.fetches == 1, "known key ids are verified from the cache, with no fetch on the request path")

            // The provider rotates to a new key: the first token with its kid, once the minimum interval (60 s) since
            // the last fetch has passed, fetches the set again, once.
            o.uptime.advance(.seconds(61))
            let second = ES256PrivateKey()
            server.publish(["keys": [TestJWT.jwk(second, kid: "es-2")]])
            let rotated = try await TestJWT.es256(second)
            _ = try await o.service.authenticate(token: try idpToken(rotated, kid: "es-2"), requestID: "r")
            #expect(server.fetches == 2)
            _ = try await o.service.authenticate(token: try idpToken(rotated, kid: "es-2", sub: "bot"), requestID: "r")
            #expect(server.fetches == 2)

            // A made-up kid within the minimum interval of a fetch is refused without another one.
            o.uptime.advance(.seconds(30))
            let e = await #expect(throws: WardenError.self) {
                try await o.service.authenticate(token: try idpToken(rotated, kid: "made-up"), requestID: "r")
            }
            #expect(e?.details["check"] == "jwt.kid_unknown")
            #expect(server.fetches == 2)

            // Claims are checked as for Warden's own tokens, and the principal must exist and be enabled.
            for (token, check) in [
                (try idpToken(rotated, kid: "es-2", aud: "someone-else"), "jwt.audience"),
                (try idpToken(rotated, kid: "es-2") { $0["exp"] = .number(JSONNumber(Int(Date().timeIntervalSince1970) - 60)) }, "jwt.expired"),
                (try idpToken(rotated, kid: "es-2", sub: "stranger"), "jwt.principal"),
                (try idpToken(try await TestJWT.hs256(secret: TestJWT.jwk(second, kid: "es-2").canonicalString), kid: "es-2"), "jwt.alg_not_allowed"),
            ] {
                let e = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: token, requestID: "r") }
                #expect(e?.code == .unauthenticated && e?.details["check"] == check, "\(e?.message ?? "")")
            }
        }
    }

    @Test("the principal claim and algorithm allow-list are the issuer's own")
    func principalClaimAndAlgorithms() async throws {
        let key = try TestJWT.rsaKey()
        let keys = FixedJWKS(["keys": [try TestJWT.jwk(key, kid: "r")]])
        let external = ExternalIssuer(issuer: idp, jwksURL: "https://idp.example.test/jwks", audience: "warden",
                                      principalClaim: "azp", algorithms: ["PS256"])
        let o = try await OAuthHarness(settings: .init(issuer: OAuthHarness.issuer, externalIssuers: [external]), external: keys)
        let ps = try await TestJWT.ps256(key)
        let ok = try idpToken(ps, kid: "r", sub: "someone@idp") { $0["azp"] = "agent-1" }
        #expect(try await o.service.authenticate(token: ok, requestID: "r").id == "agent-1")
        let rs = try idpToken(try await TestJWT.rs256(key), kid: "r") { $0["azp"] = "agent-1" }
        let e = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: rs, requestID: "r") }
        #expect(e?.details["check"] == "jwt.alg_not_allowed")
        #expect(keys.fetches == 1)
    }

    @Test("an issuer whose keys cannot be fetched refuses with keys_unavailable")
    func unreachableIssuer() async throws {
        let external = ExternalIssuer(issuer: idp, jwksURL: "http://127.0.0.1:9/jwks", audience: "warden")
        let o = try await OAuthHarness(settings: .init(issuer: OAuthHarness.issuer, externalIssuers: [external]),
                                       external: HTTPJWKSFetcher(timeout: .seconds(60)))
        let failures = await o.authority.verifier.prefetchExternalKeys()
        #expect(failures[idp]?.contains("127.0.0.1:9") == true)
        let token = try idpToken(try await TestJWT.es256(ES256PrivateKey()), kid: "k")
        let e = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: token, requestID: "r") }
        #expect(e?.details["check"] == "jwt.keys_unavailable")
    }

    @Test("Warden's own tokens: expiry, a disabled principal, and the audit record without the token")
    func ownTokenRefusalsAreAudited() async throws {
        let o = try await OAuthHarness()
        let secret = try #require(try await o.register().clientSecret)
        let token = try await o.service.issueToken(OAuthHarness.basic("client-1", secret), requestID: "t").accessToken
        o.clock.advance(seconds: 331)
        let expired = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: token, requestID: "r") }
        #expect(expired?.code == .unauthenticated && expired?.message.contains("expired") == true)
        #expect(expired?.message.contains(token) == false)
        let fresh = try await o.service.issueToken(OAuthHarness.basic("client-1", secret), requestID: "t").accessToken
        _ = try await o.service.updatePrincipal(try await o.admin(), id: "agent-1", .init(disabled: true))
        let disabled = await #expect(throws: WardenError.self) { try await o.service.authenticate(token: fresh, requestID: "r") }
        #expect(disabled?.message.contains("disabled") == true)
        let failures = try await o.events("auth.failed")
        #expect(failures.map { $0.detail?["reason"] } == ["jwt.expired", "jwt.principal"])
        let all = try await o.h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }
        let signatures = [token, fresh].compactMap { $0.split(separator: ".").last.map(String.init) }
        #expect(!all.contains { e in signatures.contains { sig in (e.detail ?? [:]).values.contains { $0.contains(sig) } } },
                "no audit event holds a token")
    }

    @Test("the metadata and JWKS describe the authority")
    func metadata() async throws {
        let o = try await OAuthHarness()
        let m = o.authority.metadata
        #expect(m["issuer"] == .string(OAuthHarness.issuer))
        #expect(m["token_endpoint"] == .string(OAuthHarness.issuer + "/oauth/token"))
        #expect(m["jwks_uri"] == .string(OAuthHarness.issuer + "/.well-known/jwks.json"))
        #expect(m["grant_types_supported"] == ["client_credentials"])
        #expect(m["token_endpoint_auth_methods_supported"] == ["client_secret_basic", "client_secret_post", "private_key_jwt"])
        #expect(m["token_endpoint_auth_signing_alg_values_supported"] == ["ES256", "PS256", "RS256"])
        #expect(o.authority.signingKey.jwks["keys"]?.arrayValue?.first?["kid"] == .string(o.authority.signingKey.keyID))
        for bad in [TokenAuthority.Settings(issuer: "https://w.test/"), .init(issuer: "https://w.test", tokenLifetimeSeconds: 3601),
                    .init(issuer: "https://w.test", externalIssuers: [ExternalIssuer(issuer: "https://w.test", jwksURL: "https://w.test/k", audience: "a")]),
                    .init(issuer: "https://w.test", externalIssuers: [ExternalIssuer(issuer: "i", jwksURL: "ftp://x", audience: "a")]),
                    .init(issuer: "https://w.test", externalIssuers: [ExternalIssuer(issuer: "i", jwksURL: "https://x/k", audience: "a", algorithms: ["HS256"])])] {
            #expect(throws: WardenError.self) { try bad.validate() }
        }
    }
}
