import Foundation
import WardenCore

/// Who authenticated, and with what: an API key or a bearer JWT (whose scopes and client a transport may use).
public struct AuthenticatedCaller: Sendable, Equatable {
    /// The credential presented.
    public enum Credential: Sendable, Equatable {
        /// A Warden API key, by its public id.
        case apiKey(id: String)
        /// A verified JWT: one Warden issued, or an external issuer's.
        case bearerJWT(VerifiedToken)
    }

    public var principal: Principal
    public var credential: Credential

    public init(principal: Principal, credential: Credential) {
        self.principal = principal
        self.credential = credential
    }

    /// The token's scopes; nil for an API key, which is not limited by scopes.
    public var scopes: [String]? {
        if case .bearerJWT(let t) = credential { return t.scopes }
        return nil
    }

    /// The OAuth client a Warden-issued token was issued to.
    public var clientID: String? {
        if case .bearerJWT(let t) = credential { return t.clientID }
        return nil
    }
}
