import Foundation
import WardenCore
import WardenRuntime

/// The configuration file's `oauth:` section: Warden's token endpoint and the bearer JWTs it accepts.
public struct OAuthSettings: Sendable, Equatable {
    /// The `iss` of the tokens Warden issues and the base URL of its OAuth endpoints in the metadata; by default
    /// `http://<host>:<port>`. Set it to the URL agents reach Warden at.
    public var issuer: String?
    /// The `aud` of the tokens Warden issues and accepts from itself; the issuer by default.
    public var audience: String?
    /// How long an access token from `/oauth/token` is valid, 1 to 3600 s.
    public var tokenLifetimeSeconds = 300
    /// Clock difference tolerated for Warden's own tokens and for client assertions, 0 to 300 s.
    public var leewaySeconds = 30
    /// The ES256 key file, used when the secret `OAUTH_SIGNING_KEY` is not set (default `<database>.oauth-signing-key`).
    public var signingKeyFile: String?
    /// Other authorization servers whose JWTs are accepted as bearer tokens.
    public var externalIssuers: [ExternalIssuer] = []
    /// Failed client authentications at the token endpoint allowed per client id and per remote address.
    public var failedAuthenticationLimit = ToolDefinition.RateLimit(requests: 10, perSeconds: 300)
    /// The least time between two fetches of an external issuer's JWKS for a token with an unknown `kid`.
    public var jwksMinimumRefreshSeconds = 60

    public init() {}

    /// The issuer in force for a server listening on `host:port`.
    public func effectiveIssuer(host: String, port: Int) -> String {
        if let issuer { return issuer }
        let shown = ["0.0.0.0", "::", "[::]", ""].contains(host) ? "localhost" : (host.contains(":") ? "[\(host)]" : host)
        return "http://\(shown):\(port)"
    }

    /// The token authority's settings for a server listening on `host:port`.
    public func authoritySettings(host: String, port: Int) -> TokenAuthority.Settings {
        TokenAuthority.Settings(issuer: effectiveIssuer(host: host, port: port), audience: audience,
                                tokenLifetimeSeconds: tokenLifetimeSeconds, leewaySeconds: leewaySeconds,
                                externalIssuers: externalIssuers, failedAuthenticationLimit: failedAuthenticationLimit,
                                jwksMinimumRefreshSeconds: jwksMinimumRefreshSeconds)
    }

    /// The settings for the `config.loaded` digest.
    var canonicalSummary: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "tokenLifetimeSeconds": .number(JSONNumber(tokenLifetimeSeconds)), "leewaySeconds": .number(JSONNumber(leewaySeconds)),
            "failedAuthenticationLimit": ["requests": .number(JSONNumber(failedAuthenticationLimit.requests)),
                                          "perSeconds": .number(JSONNumber(failedAuthenticationLimit.perSeconds))],
            "jwksMinimumRefreshSeconds": .number(JSONNumber(jwksMinimumRefreshSeconds)),
            "externalIssuers": .array(externalIssuers.map { e in
                ["issuer": .string(e.issuer), "jwksURL": .string(e.jwksURL), "audience": .string(e.audience),
                 "principalClaim": .string(e.principalClaim), "leewaySeconds": .number(JSONNumber(e.leewaySeconds)),
                 "algorithms": .array(e.algorithms.map { .string($0) })]
            }),
        ]
        if let issuer { o["issuer"] = .string(issuer) }
        if let audience { o["audience"] = .string(audience) }
        if let signingKeyFile { o["signingKeyFile"] = .string(signingKeyFile) }
        return o
    }
}
