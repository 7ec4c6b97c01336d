import Foundation
import WardenCore

/// An authorization server whose tokens Warden accepts as bearer tokens (configured under `oauth.externalIssuers`).
public struct ExternalIssuer: Sendable, Equatable, Codable {
    /// The exact `iss` of its tokens.
    public var issuer: String
    /// Where its public keys are (`jwks_uri`).
    public var jwksURL: String
    /// The `aud` its tokens must name for Warden.
    public var audience: String
    /// The claim whose value is the Warden principal id (`sub` by default).
    public var principalClaim: String
    /// Clock difference tolerated, in seconds.
    public var leewaySeconds: Int
    /// The signature algorithms accepted from it.
    public var algorithms: [String]

    public init(issuer: String, jwksURL: String, audience: String, principalClaim: String = "sub", leewaySeconds: Int = 30,
                algorithms: [String] = ["ES256", "RS256", "PS256"]) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.audience = audience
        self.principalClaim = principalClaim
        self.leewaySeconds = leewaySeconds
        self.algorithms = algorithms
    }

    /// Checks the settings.
    /// - Throws: `invalid_input` naming the setting (`where` is its place in the configuration, for the message).
    public func validate(at place: String) throws {
        guard !issuer.isEmpty, issuer.utf8.count <= 512 else { throw WardenError.invalidInput("\(place).issuer must be 1 to 512 characters") }
        guard let url = URL(string: jwksURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              !(url.host ?? "").isEmpty
        else {
            throw WardenError.invalidInput("\(place).jwksURL must be the https:// URL of the issuer's JWK Set (its jwks_uri)")
        }
        guard !audience.isEmpty, audience.utf8.count <= 512 else {
            throw WardenError.invalidInput("\(place).audience must be 1 to 512 characters: the aud its tokens carry for Warden")
        }
        guard !principalClaim.isEmpty, principalClaim.utf8.count <= 128 else {
            throw WardenError.invalidInput("\(place).principalClaim must name a claim, such as sub")
        }
        guard (0...300).contains(leewaySeconds) else { throw WardenError.invalidInput("\(place).leewaySeconds must be 0 to 300") }
        let unknown = Set(algorithms).subtracting(VerificationKeySet.supportedAlgorithms)
        guard !algorithms.isEmpty, unknown.isEmpty else {
            throw WardenError.invalidInput("\(place).algorithms must be some of ES256, RS256, PS256"
                + (unknown.isEmpty ? "" : "; not accepted: \(unknown.sorted().joined(separator: ", "))"))
        }
    }
}
