import Foundation
import Testing
import WardenCore
import WardenRuntime
@testable import WardenServer

@Suite("The oauth: configuration section")
struct OAuthConfigurationTests {
    @Test func theSectionIsReadAndChecked() throws {
        let c = try WardenConfiguration.parse("""
            port: 9443
            database: /var/lib/warden/warden.db
            oauth:
              issuer: https://warden.example.com
              audience: warden-api
              tokenLifetimeSeconds: 600
              leewaySeconds: 10
              failedAuthenticationLimit: {requests: 5, perSeconds: 60}
              jwksMinimumRefreshSeconds: 30
              externalIssuers:
                - issuer: https://login.example.com
                  jwksURL: https://login.example.com/.well-known/jwks.json
                  audience: api://warden
                  principalClaim: azp
                  algorithms: [RS256]
            """)
        let s = c.oauthAuthoritySettings
        #expect(s.issuer == "https://warden.example.com" && s.audience == "warden-api")
        #expect(s.tokenLifetimeSeconds == 600 && s.leewaySeconds == 10 && s.jwksMinimumRefreshSeconds == 30)
        #expect(s.failedAuthenticationLimit == .init(requests: 5, perSeconds: 60))
        #expect(s.externalIssuers == [ExternalIssuer(issuer: "https://login.example.com", jwksURL: "https://login.example.com/.well-known/jwks.json",
                                                     audience: "api://warden", principalClaim: "azp", leewaySeconds: 30, algorithms: ["RS256"])])
        #expect(c.effectiveOAuthSigningKeyFile == "/var/lib/warden/warden.db.oauth-signing-key")
        #expect(c.canonicalSummary["oauth"]?["issuer"] == "https://warden.example.com", "an OAuth change is a configuration change on record")

        let plain = try WardenConfiguration.parse("port: 9443")
        #expect(plain.oauthAuthoritySettings.issuer == "http://127.0.0.1:9443" && plain.oauthAuthoritySettings.audience == "http://127.0.0.1:9443")
        #expect(plain.oauthAuthoritySettings.tokenLifetimeSeconds == 300 && plain.oauthAuthoritySettings.leewaySeconds == 30)
        #expect(plain.canonicalSummary["oauth"] == nil, "without oauth: the digest stays what it was")
        #expect(try WardenConfiguration.parse("host: 0.0.0.0").oauthAuthoritySettings.issuer == "http://localhost:8080")
    }

    @Test("mistakes name the key", arguments: [
        ("oauth:\n  isuer: https://w.test", "isuer"),
        ("oauth:\n  issuer: warden", "oauth.issuer"),
        ("oauth:\n  issuer: https://w.test/", "oauth.issuer"),
        ("oauth:\n  tokenLifetimeSeconds: 7200", "oauth.tokenLifetimeSeconds"),
        ("oauth:\n  tokenLifetimeSeconds: 0", "oauth.tokenLifetimeSeconds"),
        ("oauth:\n  leewaySeconds: 900", "oauth.leewaySeconds"),
        ("oauth:\n  failedAuthenticationLimit: {requests: 0, perSeconds: 60}", "oauth.failedAuthenticationLimit"),
        ("oauth:\n  externalIssuers:\n    - issuer: https://i.test\n      jwksURL: /jwks\n      audience: w", "oauth.externalIssuers[0].jwksURL"),
        ("oauth:\n  externalIssuers:\n    - issuer: https://i.test\n      jwksURL: https://i.test/j\n      audience: w\n      algorithms: [HS256]",
         "oauth.externalIssuers[0].algorithms"),
        ("oauth:\n  externalIssuers:\n    - issuer: https://i.test\n      jwksURL: https://i.test/j\n      audience: w\n      claim: sub", "claim"),
        ("oauth:\n  externalIssuers:\n    - issuer: https://i.test\n      jwksURL: https://i.test/j", "audience"),
        ("oauth:\n  issuer: https://w.test\n  externalIssuers:\n    - issuer: https://w.test\n      jwksURL: https://w.test/j\n      audience: w",
         "oauth.externalIssuers[0].issuer"),
    ])
    func mistakes(text: String, mentions: String) {
        do {
            _ = try WardenConfiguration.parse(text, source: "warden.yaml")
            Issue.record("\(text) should be refused")
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
            #expect(e.message.contains(mentions), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
