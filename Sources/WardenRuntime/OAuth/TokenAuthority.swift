import Foundation
import JWTKit
import WardenCore

/// Warden as an OAuth 2.0 authorization server and resource server: its issuer settings, the key it signs access tokens
/// with, the verifier for bearer JWTs (its own and configured external issuers'), and the limiter of failed client
/// authentications at the token endpoint.
public final class TokenAuthority: Sendable {
    /// The settings of `oauth:` in the configuration.
    public struct Settings: Sendable, Equatable {
        /// The `iss` of the tokens Warden issues, and the base of its endpoints' URLs in the metadata.
        public var issuer: String
        /// The `aud` of the tokens Warden issues and requires of its own tokens.
        public var audience: String
        /// How long an issued access token is valid (1 to 3600 s).
        public var tokenLifetimeSeconds: Int
        /// Clock difference tolerated for Warden's own tokens and client assertions.
        public var leewaySeconds: Int
        /// Authorization servers whose tokens are accepted too.
        public var externalIssuers: [ExternalIssuer]
        /// Failed client authentications allowed per client id and per remote address.
        public var failedAuthenticationLimit: ToolDefinition.RateLimit
        /// The least time between two fetches of an external issuer's JWKS for an unknown `kid`.
        public var jwksMinimumRefreshSeconds: Int

        public static let maxTokenLifetimeSeconds = 3600

        /// - Parameter audience: defaults to the issuer.
        public init(issuer: String, audience: String? = nil, tokenLifetimeSeconds: Int = 300, leewaySeconds: Int = 30,
                    externalIssuers: [ExternalIssuer] = [],
                    failedAuthenticationLimit: ToolDefinition.RateLimit = .init(requests: 10, perSeconds: 300),
                    jwksMinimumRefreshSeconds: Int = 60) {
            self.issuer = issuer
            self.audience = audience ?? issuer
            self.tokenLifetimeSeconds = tokenLifetimeSeconds
            self.leewaySeconds = leewaySeconds
            self.externalIssuers = externalIssuers
            self.failedAuthenticationLimit = failedAuthenticationLimit
            self.jwksMinimumRefreshSeconds = jwksMinimumRefreshSeconds
        }

        /// Checks the settings.
        /// - Throws: `invalid_input` naming the `oauth.` key at fault.
        public func validate() throws {
            guard !issuer.isEmpty, issuer.utf8.count <= 512, !issuer.hasSuffix("/") else {
                throw WardenError.invalidInput("oauth.issuer must be Warden's public base URL without a trailing slash, such as https://warden.example.com")
            }
            guard !audience.isEmpty, audience.utf8.count <= 512 else { throw WardenError.invalidInput("oauth.audience must be 1 to 512 characters") }
            guard (1...Self.maxTokenLifetimeSeconds).contains(tokenLifetimeSeconds) else {
                throw WardenError.invalidInput("oauth.tokenLifetimeSeconds must be 1 to \(Self.maxTokenLifetimeSeconds)")
            }
            guard (0...300).contains(leewaySeconds) else { throw WardenError.invalidInput("oauth.leewaySeconds must be 0 to 300") }
            guard (1...100_000).contains(failedAuthenticationLimit.requests), (1...86_400).contains(failedAuthenticationLimit.perSeconds) else {
                throw WardenError.invalidInput("oauth.failedAuthenticationLimit needs requests 1 to 100000 and perSeconds 1 to 86400")
            }
            guard (1...86_400).contains(jwksMinimumRefreshSeconds) else {
                throw WardenError.invalidInput("oauth.jwksMinimumRefreshSeconds must be 1 to 86400")
            }
            var seen: Set<String> = [issuer]
            for (i, e) in externalIssuers.enumerated() {
                try e.validate(at: "oauth.externalIssuers[\(i)]")
                guard seen.insert(e.issuer).inserted else {
                    throw WardenError.invalidInput("oauth.externalIssuers[\(i)].issuer is Warden's own issuer or listed twice")
                }
            }
        }
    }

    public let settings: Settings
    public let signingKey: OAuthSigningKey
    /// Checks bearer JWTs.
    public let verifier: BearerTokenVerifier
    let failures: RateLimiter

    /// - Parameters:
    ///   - fetcher: fetches external issuers' JWKS (over HTTP by default).
    /// - Throws: `invalid_input` when the settings are invalid.
    public convenience init(settings: Settings, signingKey: OAuthSigningKey, fetcher: any JWKSFetching = HTTPJWKSFetcher()) async throws {
        try await self.init(settings: settings, signingKey: signingKey, fetcher: fetcher, uptime: { .now })
    }

    /// - Parameter uptime: the monotonic clock of JWKS refresh intervals (tests move it).
    init(settings: Settings, signingKey: OAuthSigningKey, fetcher: any JWKSFetching,
         uptime: @escaping @Sendable () -> ContinuousClock.Instant) async throws {
        try settings.validate()
        self.settings = settings
        self.signingKey = signingKey
        verifier = BearerTokenVerifier(
            issuer: settings.issuer, audience: settings.audience, ownKeys: try await signingKey.verificationKeys(),
            leeway: TimeInterval(settings.leewaySeconds), maxLifetime: TimeInterval(Settings.maxTokenLifetimeSeconds),
            external: settings.externalIssuers, fetcher: fetcher, minimumRefreshInterval: .seconds(settings.jwksMinimumRefreshSeconds),
            uptime: uptime)
        failures = RateLimiter(maxKeys: 10_000)
    }

    /// `<issuer>/oauth/token`.
    public var tokenEndpoint: String { settings.issuer + "/oauth/token" }
    /// `<issuer>/.well-known/jwks.json`.
    public var jwksURI: String { settings.issuer + "/.well-known/jwks.json" }

    /// The signature algorithms accepted for `private_key_jwt` client assertions.
    public static let clientAssertionAlgorithms: Set<String> = ["ES256", "RS256", "PS256"]

    /// The authorization server metadata (RFC 8414) served at `/.well-known/oauth-authorization-server`.
    public var metadata: JSONValue {
        [
            "issuer": .string(settings.issuer),
            "token_endpoint": .string(tokenEndpoint),
            "jwks_uri": .string(jwksURI),
            "grant_types_supported": ["client_credentials"],
            "response_types_supported": [],
            "token_endpoint_auth_methods_supported": .array(OAuthClient.AuthenticationMethod.allCases.map { .string($0.rawValue) }),
            "token_endpoint_auth_signing_alg_values_supported": .array(Self.clientAssertionAlgorithms.sorted().map { .string($0) }),
        ]
    }

    // MARK: failed client authentications

    /// The limiter keys of a token request: its client id and its remote address.
    func failureKeys(clientID: String?, remoteAddress: String?) -> [String] {
        var keys: [String] = []
        if let clientID { keys.append("client:" + String(clientID.prefix(64))) }
        if let remoteAddress { keys.append("address:" + remoteAddress) }
        return keys
    }

    /// The wait before another attempt when any of `keys` has used up its failures.
    func blocked(_ keys: [String], at now: ContinuousClock.Instant) -> Duration? {
        var longest: Duration?
        for key in keys {
            if case .limited(let wait) = failures.peek(key, limit: settings.failedAuthenticationLimit, at: now) {
                longest = max(longest ?? wait, wait)
            }
        }
        return longest
    }

    /// Counts a failed client authentication against each of `keys`.
    func recordFailure(_ keys: [String], at now: ContinuousClock.Instant) {
        for key in keys { _ = failures.acquire(key, limit: settings.failedAuthenticationLimit, at: now) }
    }
}

/// The claims of an access token Warden issues (RFC 9068 profile, plus `client_id` and `scope`).
struct AccessTokenClaims: JWTPayload, Equatable {
    var iss: String
    var sub: String
    var aud: String
    var iat: Int64
    var nbf: Int64
    var exp: Int64
    var jti: String
    /// Space-delimited; absent when no scope was granted.
    var scope: String?
    var client_id: String

    /// Verification is Warden's own (``BearerTokenVerifier``); jwt-kit only signs these.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// A successful token response (RFC 6749 section 5.1).
public struct OAuthTokenResponse: Sendable, Codable, Equatable {
    public var accessToken: String
    public var tokenType: String
    public var expiresIn: Int
    /// The granted scopes, space-delimited; nil when none was granted.
    public var scope: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", scope
    }

    /// The JSON body.
    public var body: JSONValue {
        var o: [String: JSONValue] = ["access_token": .string(accessToken), "token_type": .string(tokenType),
                                      "expires_in": .number(JSONNumber(expiresIn))]
        if let scope { o["scope"] = .string(scope) }
        return .object(o)
    }
}
