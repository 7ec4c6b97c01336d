import Foundation
import JWTKit
import Testing
import WardenCore
@testable import WardenRuntime

/// Warden's own issuer, a fixed instant, and tokens made to fail one check each.
private struct Fixture {
    static let issuer = "https://warden.test"
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    let key: OAuthSigningKey
    let verifier: BearerTokenVerifier

    init() async throws {
        key = OAuthSigningKey()
        let authority = try await TokenAuthority(settings: .init(issuer: Self.issuer), signingKey: key, fetcher: FixedJWKS(["keys": []]))
        verifier = authority.verifier
    }

    var header: [String: JSONValue] { ["alg": "ES256", "kid": .string(key.keyID), "typ": "at+jwt"] }

    var claims: [String: JSONValue] {
        let t = Int(Self.now.timeIntervalSince1970)
        return ["iss": .string(Self.issuer), "sub": "agent-1", "aud": .string(Self.issuer), "iat": .number(JSONNumber(t)),
                "nbf": .number(JSONNumber(t)), "exp": .number(JSONNumber(t + 300)), "jti": "j-1", "scope": "b a", "client_id": "client-1"]
    }

    /// A token signed with Warden's key after `change` edits the header and claims.
    func token(_ change: (inout [String: JSONValue], inout [String: JSONValue]) -> Void = { _, _ in }) async throws -> String {
        var h = header, c = claims
        change(&h, &c)
        return try TestJWT.compact(header: .object(h), claims: .object(c), signer: try await TestJWT.es256(key.privateKey))
    }

    func refusal(_ token: String, at time: Date = Fixture.now) async -> JWTRefusal? {
        do {
            _ = try await verifier.verify(token, at: time)
            return nil
        } catch {
            return error
        }
    }
}

private func seconds(_ n: Int) -> JSONValue { .number(JSONNumber(Int(Fixture.now.timeIntervalSince1970) + n)) }

/// One claim or header edit and the refusal it must cause.
struct ClaimCase: Sendable, CustomTestStringConvertible {
    typealias Edit = @Sendable (inout [String: JSONValue], inout [String: JSONValue]) -> Void
    let name: String
    let expected: JWTRefusal
    let edit: Edit
    init(_ name: String, _ expected: JWTRefusal, _ edit: @escaping Edit) {
        self.name = name
        self.expected = expected
        self.edit = edit
    }
    var testDescription: String { name }
}

private let claimCases: [ClaimCase] = [
    ClaimCase("wrong issuer", .untrustedIssuer, { _, c in c["iss"] = "https://evil.test" }),
    ClaimCase("no issuer", .untrustedIssuer, { _, c in c["iss"] = nil }),
    ClaimCase("wrong audience", .wrongAudience, { _, c in c["aud"] = "https://other.test" }),
    ClaimCase("audience list without Warden", .wrongAudience, { _, c in c["aud"] = ["https://a.test", "https://b.test"] }),
    ClaimCase("no audience", .missingClaim("aud"), { _, c in c["aud"] = nil }),
    ClaimCase("expired beyond the leeway", .expired, { _, c in c["exp"] = seconds(-31) }),
    ClaimCase("no expiry", .missingClaim("exp"), { _, c in c["exp"] = nil }),
    ClaimCase("exp not a number", .missingClaim("exp"), { _, c in c["exp"] = "tomorrow" }),
    ClaimCase("not yet valid", .notYetValid, { _, c in c["nbf"] = seconds(60) }),
    ClaimCase("issued in the future", .issuedInFuture, { _, c in c["iat"] = seconds(120); c["exp"] = seconds(400) }),
    ClaimCase("valid for more than an hour", .lifetimeTooLong(maxSeconds: 3600), { _, c in c["exp"] = seconds(7200) }),
    ClaimCase("no subject", .missingClaim("sub"), { _, c in c["sub"] = nil }),
    ClaimCase("subject not a principal id", .missingClaim("sub"), { _, c in c["sub"] = "agent one" }),
    ClaimCase("no client_id on a Warden token", .missingClaim("client_id"), { _, c in c["client_id"] = nil }),
    ClaimCase("unknown kid", .unknownKeyID, { h, _ in h["kid"] = "not-our-key" }),
    ClaimCase("critical extension", .criticalHeader, { h, _ in h["crit"] = ["exp"] }),
    ClaimCase("RS256 for Warden's own issuer", .algorithmNotAllowed("RS256"), { h, _ in h["alg"] = "RS256" }),
]

@Suite("Bearer JWT verification")
struct BearerTokenVerifierTests {
    @Test func aWellFormedTokenOfWardenVerifies() async throws {
        let f = try await Fixture()
        let v = try await f.verifier.verify(try await f.token(), at: Fixture.now)
        #expect(v == VerifiedToken(issuer: Fixture.issuer, issuedByWarden: true, principalID: "agent-1", clientID: "client-1",
                                   scopes: ["a", "b"], expiresAt: Fixture.now.addingTimeInterval(300), tokenID: "j-1"))
        // aud as an array naming Warden among others is accepted too (RFC 7519 section 4.1.3).
        let multi = try await f.token { _, c in c["aud"] = ["https://other.test", .string(Fixture.issuer)] }
        #expect(try await f.verifier.verify(multi, at: Fixture.now).principalID == "agent-1")
    }

    @Test("each claim check refuses with its own reason", arguments: claimCases)
    func claimRefusals(_ c: ClaimCase) async throws {
        let f = try await Fixture()
        let refusal = await f.refusal(try await f.token(c.edit))
        #expect(refusal == c.expected, "\(c.name)")
        // The message names the check and never repeats the token.
        if let refusal {
            #expect(refusal.wardenError.code == .unauthenticated)
            #expect(refusal.wardenError.details["check"] == refusal.reason)
            #expect(refusal.wardenError.message.hasPrefix("the bearer token was refused: "))
        }
    }

    @Test func theLeewayToleratesSmallClockDifferences() async throws {
        let f = try await Fixture()
        let justExpired = try await f.token { _, c in c["exp"] = seconds(-29) }
        #expect(await f.refusal(justExpired) == nil, "29 s past exp is within the 30 s leeway")
        let early = try await f.token { _, c in c["nbf"] = seconds(29); c["iat"] = seconds(29) }
        #expect(await f.refusal(early) == nil)
        #expect(await f.refusal(try await f.token(), at: Fixture.now.addingTimeInterval(331)) == .expired)
    }

    @Test func aBadSignatureIsRefused() async throws {
        let f = try await Fixture()
        let good = try await f.token()
        // Another key under Warden's kid.
        let forged = try TestJWT.compact(header: .object(f.header), claims: .object(f.claims),
                                         signer: try await TestJWT.es256(ES256PrivateKey()))
        #expect(await f.refusal(forged) == .badSignature)
        // The claims changed after signing.
        let parts = good.split(separator: ".").map(String.init)
        var claims = f.claims
        claims["sub"] = "admin"
        let tampered = parts[0] + "." + Base64URL.encode(JSONValue.object(claims).canonicalBytes) + "." + parts[2]
        #expect(await f.refusal(tampered) == .badSignature)
        // A signature of the wrong length.
        #expect(await f.refusal(parts[0] + "." + parts[1] + "." + Base64URL.encode([1, 2, 3])) == .badSignature)
    }

    @Test("alg none is refused, whatever its spelling and signature", arguments: ["none", "None", "NONE"])
    func algNone(_ alg: String) async throws {
        let f = try await Fixture()
        var h = f.header
        h["alg"] = .string(alg)
        let unsigned = try TestJWT.compact(header: .object(h), claims: .object(f.claims), signer: nil)
        #expect(await f.refusal(unsigned) == .unsigned)
        // A none token carrying a real signature is refused all the same.
        let withSignature = try TestJWT.compact(header: .object(h), claims: .object(f.claims), signer: try await TestJWT.es256(f.key.privateKey))
        #expect(await f.refusal(withSignature) == .unsigned)
    }

    @Test("HS256 keyed with Warden's public key (PEM or JWK) is refused: the key confusion attack")
    func hmacWithThePublicKey() async throws {
        let f = try await Fixture()
        var h = f.header
        h["alg"] = "HS256"
        for secret in [f.key.publicKeyPEM, f.key.publicJWK.canonicalString, f.key.jwks.canonicalString] {
            let token = try TestJWT.compact(header: .object(h), claims: .object(f.claims), signer: try await TestJWT.hs256(secret: secret))
            #expect(await f.refusal(token) == .algorithmNotAllowed("HS256"))
        }
        for alg in ["HS384", "HS512", "ES384", "EdDSA"] {
            h["alg"] = .string(alg)
            let token = try TestJWT.compact(header: .object(h), claims: .object(f.claims), signer: try await TestJWT.hs256(secret: String(repeating: "x", count: 32)))
            #expect(await f.refusal(token) == .algorithmNotAllowed(alg))
        }
    }

    @Test("malformed tokens name the broken part", arguments: [
        ("a.b", "three parts"), ("a.b.c.d", "three parts"), ("a.b.c.d.e", "JWE"),
        ("!!!.e30.c2ln", "header is not base64url"), ("bm90IGpzb24.e30.c2ln", "header is not a JSON object"),
        ("W10.e30.c2ln", "header is not a JSON object"), ("e30.e30.c2ln", "no alg"),
        ("eyJhbGciOiJFUzI1NiJ9.@@@.c2ln", "claims are not base64url"), ("eyJhbGciOiJFUzI1NiJ9.WzFd.c2ln", "claims are not a JSON object"),
        ("eyJhbGciOiJFUzI1NiJ9.e30.c2l=", "signature is not base64url"), ("eyJhbGciOiJFUzI1NiJ9.e30.", "unsigned"),
    ])
    func malformed(_ token: String, _ part: String) async throws {
        let f = try await Fixture()
        let refusal = await f.refusal(token)
        if part == "unsigned" {
            #expect(refusal == .unsigned)
        } else {
            guard case .malformed(let what)? = refusal else {
                Issue.record("\(token): \(String(describing: refusal))")
                return
            }
            #expect(what.contains(part), "\(token): \(what)")
        }
    }

    @Test func oversizedTokensAreRefusedBeforeParsing() async throws {
        let f = try await Fixture()
        let huge = try await f.token { _, c in c["pad"] = .string(String(repeating: "x", count: 9000)) }
        #expect(await f.refusal(huge) == .oversized(limit: 8192))
        #expect(await f.refusal(String(repeating: "a", count: 9000) + "..") == .oversized(limit: 8192))
    }

    @Test func kidIsThePublicKeysRFC7638Thumbprint() throws {
        // RFC 7638 section 3.1's example.
        let rfc: [String: JSONValue] = [
            "kty": "RSA", "e": "AQAB", "alg": "RS256", "kid": "2011-04-29",
            "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
        ]
        #expect(JWKThumbprint.of(rfc) == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        let key = OAuthSigningKey()
        let jwk = try #require(key.publicJWK.objectValue)
        #expect(key.keyID == JWKThumbprint.of(jwk), "the published JWK's thumbprint is the kid")
        #expect(jwk["kid"]?.stringValue == key.keyID && jwk["alg"] == "ES256" && jwk["use"] == "sig" && jwk["d"] == nil)
        #expect(try OAuthSigningKey(pem: key.pemRepresentation).keyID == key.keyID, "the same key has the same kid")
        #expect(OAuthSigningKey().keyID != key.keyID)
    }
}
