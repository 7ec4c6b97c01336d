import Foundation
import WardenCore
import WardenRuntime

extension ConfigurationFile {
    /// The `oauth:` section. Every key is optional; unknown keys are errors.
    struct OAuth: Decodable {
        var issuer: String?
        var audience: String?
        var tokenLifetimeSeconds: Int?
        var leewaySeconds: Int?
        var signingKeyFile: String?
        var externalIssuers: [Issuer]?
        var failedAuthenticationLimit: Limit?
        var jwksMinimumRefreshSeconds: Int?

        struct Issuer: Decodable {
            var issuer: String
            var jwksURL: String
            var audience: String
            var principalClaim: String?
            var leewaySeconds: Int?
            var algorithms: [String]?

            enum CodingKeys: String, CodingKey, CaseIterable { case issuer, jwksURL, audience, principalClaim, leewaySeconds, algorithms }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                issuer = try c.decode(String.self, forKey: .issuer)
                jwksURL = try c.decode(String.self, forKey: .jwksURL)
                audience = try c.decode(String.self, forKey: .audience)
                principalClaim = try c.decodeIfPresent(String.self, forKey: .principalClaim)
                leewaySeconds = try c.decodeIfPresent(Int.self, forKey: .leewaySeconds)
                algorithms = try c.decodeIfPresent([String].self, forKey: .algorithms)
            }
        }

        struct Limit: Decodable {
            var requests: Int
            var perSeconds: Int

            enum CodingKeys: String, CodingKey, CaseIterable { case requests, perSeconds }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                requests = try c.decode(Int.self, forKey: .requests)
                perSeconds = try c.decode(Int.self, forKey: .perSeconds)
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case issuer, audience, tokenLifetimeSeconds, leewaySeconds, signingKeyFile, externalIssuers, failedAuthenticationLimit
            case jwksMinimumRefreshSeconds
        }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            issuer = try c.decodeIfPresent(String.self, forKey: .issuer)
            audience = try c.decodeIfPresent(String.self, forKey: .audience)
            tokenLifetimeSeconds = try c.decodeIfPresent(Int.self, forKey: .tokenLifetimeSeconds)
            leewaySeconds = try c.decodeIfPresent(Int.self, forKey: .leewaySeconds)
            signingKeyFile = try c.decodeIfPresent(String.self, forKey: .signingKeyFile)
            externalIssuers = try c.decodeIfPresent([Issuer].self, forKey: .externalIssuers)
            failedAuthenticationLimit = try c.decodeIfPresent(Limit.self, forKey: .failedAuthenticationLimit)
            jwksMinimumRefreshSeconds = try c.decodeIfPresent(Int.self, forKey: .jwksMinimumRefreshSeconds)
        }

        /// Applies the section and checks the result as the token authority will.
        /// - Throws: `invalid_input` naming the `oauth.` key at fault.
        func apply(to c: inout WardenConfiguration) throws {
            if let i = issuer {
                guard let url = URL(string: i), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), !(url.host ?? "").isEmpty,
                      url.query == nil, url.fragment == nil, !i.hasSuffix("/")
                else {
                    throw WardenError.invalidInput("oauth.issuer must be the URL agents reach Warden at, without a trailing slash, "
                        + "query or fragment, such as https://warden.example.com")
                }
                c.oauth.issuer = i
            }
            if let a = audience { c.oauth.audience = a }
            if let t = tokenLifetimeSeconds { c.oauth.tokenLifetimeSeconds = t }
            if let l = leewaySeconds { c.oauth.leewaySeconds = l }
            if let f = signingKeyFile {
                guard !f.isEmpty else { throw WardenError.invalidInput("oauth.signingKeyFile must be a file path") }
                c.oauth.signingKeyFile = f
            }
            if let list = externalIssuers {
                c.oauth.externalIssuers = list.map { e in
                    var x = ExternalIssuer(issuer: e.issuer, jwksURL: e.jwksURL, audience: e.audience)
                    if let p = e.principalClaim { x.principalClaim = p }
                    if let l = e.leewaySeconds { x.leewaySeconds = l }
                    if let a = e.algorithms { x.algorithms = a }
                    return x
                }
            }
            if let l = failedAuthenticationLimit { c.oauth.failedAuthenticationLimit = .init(requests: l.requests, perSeconds: l.perSeconds) }
            if let r = jwksMinimumRefreshSeconds { c.oauth.jwksMinimumRefreshSeconds = r }
            try c.oauthAuthoritySettings.validate()
        }
    }
}
