import Foundation
import JWTKit
import Synchronization
import WardenCore
import WardenStore
@testable import WardenRuntime

/// Makes JWTs with any header and claims, signed by any jwt-kit algorithm (or not at all), for the refusal tests.
enum TestJWT {
    /// A compact JWS of `header` and `claims`; `signer` nil leaves the signature empty.
    static func compact(header: JSONValue, claims: JSONValue, signer: (any JWTAlgorithm)?) throws -> String {
        let input = Base64URL.encode(header.canonicalBytes) + "." + Base64URL.encode(claims.canonicalBytes)
        let signature = try signer?.sign(Array(input.utf8)) ?? []
        return input + "." + Base64URL.encode(signature)
    }

    static func es256(_ key: ES256PrivateKey) async throws -> any JWTAlgorithm {
        let c = JWTKeyCollection()
        await c.add(ecdsa: key, kid: "k")
        return try await c.getKey(for: "k")
    }

    static func rs256(_ key: Insecure.RSA.PrivateKey) async throws -> any JWTAlgorithm {
        let c = JWTKeyCollection()
        await c.add(rsa: key, digestAlgorithm: .sha256, kid: "k")
        return try await c.getKey(for: "k")
    }

    static func ps256(_ key: Insecure.RSA.PrivateKey) async throws -> any JWTAlgorithm {
        let c = JWTKeyCollection()
        await c.add(pss: key, digestAlgorithm: .sha256, kid: "k")
        return try await c.getKey(for: "k")
    }

    static func hs256(secret: String) async throws -> any JWTAlgorithm {
        let c = JWTKeyCollection()
        await c.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: "k")
        return try await c.getKey(for: "k")
    }

    /// The public JWK of an ES256 key.
    static func jwk(_ key: ES256PrivateKey, kid: String) -> JSONValue {
        let (x, y) = key.parameters ?? ("", "")
        return ["kty": "EC", "crv": "P-256", "x": .string(x), "y": .string(y), "kid": .string(kid), "alg": "ES256", "use": "sig"]
    }

    /// The public JWK of an RSA key, without `alg` unless given.
    static func jwk(_ key: Insecure.RSA.PrivateKey, kid: String, alg: String? = nil) throws -> JSONValue {
        let (n, e) = try key.publicKey.getKeyPrimitives()
        var o: [String: JSONValue] = ["kty": "RSA", "n": .string(Base64URL.encode(n)), "e": .string(Base64URL.encode(e)),
                                      "kid": .string(kid)]
        if let alg { o["alg"] = .string(alg) }
        return .object(o)
    }

    /// A fixed 2048-bit RSA test key (generating one per test run is slow).
    static let rsaPEM = """
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDJTq0YSKV9kgMH
tk5Ffml4D6upaAXT2TyUvAZNs20MJIWkg9CrbkfV6MoUMbNiEV0Juw1AkxHEbbQP
z6JMtcuHwEp52tP9NgLWGiQ4a3qciPahYX0QHRm/ZyJWP1QIfD080O95K47H4/44
8Xzpc/R4dDgDDCEQPDR1pNNdfRyCcwc3EycP8ygztAeX1jU4G1I2ObuOiE4tA2+/
/rKryYlR0+7gP5CIjOs+aDzHDWGNNc61i/iKGUnE1nN42vVX8fZ6Lt52hVz1n1kY
DB1THT3Vdl1UMi2m0RDzhbu69tMt0KeuXiSaCLM6xNEIe5aMD6HT/2H6budUD1vB
A8Dm61arAgMBAAECggEAQ2AUOfjyfo0Ue4vONZ8iEJ96Dkh1Dtr51jP6Dh575GEC
47WEbSQLYfI4VDrwNWXnVD7pKBAxFaO77MDLKs57sNMwegk+A1UE7QCx17pNPr/u
f8PftjlvKSsNCH3Ik9B1NHofdFgaQRezOf7FFmOLUpdfOdHg7QyhaDCC15rspFHg
ANABQiXz3s1iYj8BJiV/HXLJWAyeC3+K7zk+aVazBg5EKob9ryRxS9oSslF7KCSO
SPP5R/eskQHWzs5NH/Z9Wd+cBWQWYEs9UgwM2kuMEPPLf14tMN+7PuDNvziWcZyO
IsY514oP2pPE+J+4GAtEZvAQmH+f0RtXjhM7GGJTUQKBgQD2m53vs51lrHzBBd2P
vmzXujd+4gM7AaDGbsE9sgn6QeVAEOc5LBYEysHB5DTWfhFikmRLM0yYWeClc0AB
husPQvlwUZz05R1SHc1/kYCct2+sXVcFp4tP2vUsBPkXHp3IpWI65r99L5gSuFEF
5/lHwD6HnL9z7jcIOlMjm4qeuwKBgQDQ+WMLIxXypqql9OiZjq6ZEzWKMIPEQP/Q
TrMTqq5YdjhuFZj2NBY2KvhROjO62dT9WuMqOfpxgrHJpj1GaO5U8vTd7JrpvN2U
eAmPfvoO6E492acmKglNZ5/NaPI8lE7JH+Pkc3mtOLnGzJ5zZVtRLPCiVopB0PXs
HX6tdqNA0QKBgQCHeo6VtTNvPAd9c195LMBW87KxPjFQJWDSIt5+qmTY24K6Y47j
1dhy4YD4qApvG+spIAuBVLlrqVTFED/Flv1j8QNgNTXpREWLa1wODT1+2ze6lbzN
GnJqeHvgpwrBLMy6AkGo4kOo3pDJGAFLIVnNlUvE7NQxOFl7Z69tDHJnKQKBgBGc
YrdmjovzdcAkopGGT7qAvutVaVVZsPVKHJdUs/qqg9jrIwfkndaUynZ19DQT9Xog
dbJyTmPQgtEenF1ZrHQmQXKOZQO7seS4NP4N0l79PtLBi++QbVZDnFkANiHa0cTr
VhZDkQaDGEzjo5rP+OEfa2wS5PXk+USbu7g8nkdxAoGADkSPZYtf0eINRIxnWLhO
JCsQmvNBcjCr2QNux7NrCjNi4DLCs87xCRpZI+j3HzLT6kdMw8g2WuUHmaYtYgJx
cyzAS6l8P6SUlXRWl1j3ZyGc1p2m7ylMjzj/v9i+1jpsg5dqlOBXifMsuTWRcqLM
v9RF49gfw1kI2D6o5JiEtxk=
-----END PRIVATE KEY-----
"""

    static func rsaKey() throws -> Insecure.RSA.PrivateKey { try Insecure.RSA.PrivateKey(pem: rsaPEM) }
}

/// A wall clock that runs with the system's and that tests move forward by hand.
final class SettableClock: WallClock {
    private let offset = Mutex<TimeInterval>(0)
    func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    func advance(seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

/// A monotonic clock that runs with the system's and that tests move forward by hand.
final class SettableUptime: Sendable {
    private let offset = Mutex<Duration>(.zero)
    func now() -> ContinuousClock.Instant { ContinuousClock.now + offset.withLock { $0 } }
    func advance(_ d: Duration) { offset.withLock { $0 += d } }
}

/// Answers JWKS fetches from memory and counts them.
final class FixedJWKS: JWKSFetching {
    private let state: Mutex<(document: JSONValue, fetches: Int)>
    init(_ document: JSONValue) { state = Mutex((document, 0)) }
    func set(_ document: JSONValue) { state.withLock { $0.document = document } }
    var fetches: Int { state.withLock { $0.fetches } }
    func fetchJWKS(from url: String) async throws -> Data {
        state.withLock { s in
            s.fetches += 1
            return s.document.canonicalData
        }
    }
}

/// A governance harness whose service has a token authority (issuer https://warden.test), an agent principal
/// `agent-1` and a way to register clients.
struct OAuthHarness {
    static let issuer = "https://warden.test"
    let h: GovernanceHarness
    let authority: TokenAuthority
    let clock: SettableClock
    var service: GovernanceService { h.service }

    /// The monotonic clock of the JWKS refresh intervals.
    let uptime = SettableUptime()

    init(settings: TokenAuthority.Settings = .init(issuer: OAuthHarness.issuer), external: JWKSFetching = FixedJWKS(["keys": []])) async throws {
        clock = SettableClock()
        let uptime = self.uptime
        authority = try await TokenAuthority(settings: settings, signingKey: OAuthSigningKey(), fetcher: external, uptime: { uptime.now() })
        h = try await GovernanceHarness(clock: clock, tokenAuthority: authority)
        let admin = try await h.ctx("admin")
        _ = try await service.createPrincipal(admin, NewPrincipal(id: "agent-1", displayName: "Agent one", kind: .agent, roles: [.agent]))
    }

    func admin() async throws -> CallContext { try await h.ctx("admin") }

    /// Registers a client for `agent-1`.
    func register(_ method: OAuthClient.AuthenticationMethod = .clientSecretBasic, id: String = "client-1", scopes: [String] = ["a2a.send", "tools.call"],
                  jwks: JSONValue? = nil) async throws -> RegisteredOAuthClient {
        try await service.registerOAuthClient(try await admin(), NewOAuthClient(id: id, principalID: "agent-1", authenticationMethod: method,
                                                                               scopes: scopes, jwks: jwks))
    }

    /// A client credentials request with HTTP Basic credentials.
    static func basic(_ id: String, _ secret: String, _ parameters: [String: String] = ["grant_type": "client_credentials"],
                      from address: String? = "192.0.2.1") -> OAuthTokenRequest {
        OAuthTokenRequest(parameters: parameters, basic: .init(clientID: id, secret: secret), remoteAddress: address)
    }

    /// The refusal of `request`.
    func refusal(_ request: OAuthTokenRequest) async throws -> OAuthError? {
        do {
            _ = try await service.issueToken(request, requestID: "t")
            return nil
        } catch let e as OAuthError {
            return e
        }
    }

    func events(_ action: String) async throws -> [AuditEvent] {
        try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.filter { $0.action == action }
    }
}
