import Foundation
import WardenCore

/// The one client authentication a token request carries (RFC 6749 section 2.3, RFC 7523 section 2.2).
enum PresentedClientCredentials: Sendable, Equatable {
    /// A secret, sent as HTTP Basic or as the `client_secret` parameter.
    case secret(clientID: String, secret: String, method: OAuthClient.AuthenticationMethod)
    /// A signed JWT (`client_assertion`), with the `client_id` parameter when one was sent.
    case assertion(String, clientIDParameter: String?)

    /// The RFC 7523 client assertion type.
    static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The client authentication in `request`.
    /// - Throws: `invalid_request` when it combines methods or lacks a part, `invalid_client` when there is none.
    init(_ request: OAuthTokenRequest) throws(OAuthError) {
        let p = request.parameters
        let postSecret = p["client_secret"]
        let assertionPresent = p["client_assertion"] != nil || p["client_assertion_type"] != nil
        let methods = [request.basic != nil, postSecret != nil, assertionPresent].filter { $0 }.count
        guard methods <= 1 else {
            throw .invalidRequest("the request uses more than one client authentication method; use exactly one", reason: "several_methods")
        }
        if let basic = request.basic {
            if let id = p["client_id"], id != basic.clientID {
                throw .invalidRequest("client_id differs from the client id in the Authorization header", reason: "client_id_mismatch")
            }
            self = .secret(clientID: basic.clientID, secret: basic.secret, method: .clientSecretBasic)
        } else if let secret = postSecret {
            guard let id = p["client_id"] else {
                throw .invalidRequest("client_secret needs client_id beside it", reason: "client_id_missing")
            }
            self = .secret(clientID: id, secret: secret, method: .clientSecretPost)
        } else if assertionPresent {
            guard p["client_assertion_type"] == Self.jwtBearerAssertionType else {
                throw .invalidRequest("client_assertion_type must be \(Self.jwtBearerAssertionType)", reason: "assertion_type")
            }
            guard let assertion = p["client_assertion"] else {
                throw .invalidRequest("client_assertion_type needs a client_assertion beside it", reason: "assertion_missing")
            }
            self = .assertion(assertion, clientIDParameter: p["client_id"])
        } else {
            throw .invalidClient("the client did not authenticate: send its client_id and client_secret (HTTP Basic or form "
                + "parameters) or a client_assertion (private_key_jwt)", reason: "no_client_authentication")
        }
    }

    /// The client the request claims to be, before any check (for rate limiting and the audit log): only a well-formed id.
    var claimedClientID: String? {
        let id: String?
        switch self {
        case .secret(let clientID, _, _): id = clientID
        case .assertion(let assertion, let parameter): id = parameter ?? (try? CompactJWT(assertion))?.string("sub")
        }
        return id.flatMap { OAuthClient.isValidID($0) ? $0 : nil }
    }
}
