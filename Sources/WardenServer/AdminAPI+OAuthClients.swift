import Foundation
import HTTPTypes
import Hummingbird
import WardenCore
import WardenRuntime

/// `/v1/oauth/clients`: registering, listing, rotating and revoking the OAuth clients agents get tokens with.
extension AdminAPI {
    static let oauthClientRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/oauth/clients"), (.post, "/v1/oauth/clients"), (.post, "/v1/oauth/clients/{id}/rotate"),
        (.delete, "/v1/oauth/clients/{id}"),
    ]

    /// The handler of an OAuth client route, or nil for another route.
    func oauthClientHandler(_ method: HTTPRequest.Method, _ path: String) -> Handler? {
        switch (method, path) {
        case (.get, "/v1/oauth/clients"):
            return authed { _, _, ctx in json(OAuthClientList(clients: try await service.oauthClients(ctx))) }
        case (.post, "/v1/oauth/clients"):
            return authedBody(NewOAuthClient.self, "NewOAuthClient") { _, _, ctx, new in
                json(try await service.registerOAuthClient(ctx, new), status: .created)
            }
        case (.post, "/v1/oauth/clients/{id}/rotate"):
            return authed { _, hb, ctx in json(try await service.rotateOAuthClientSecret(ctx, id: try param(hb, "id"))) }
        case (.delete, "/v1/oauth/clients/{id}"):
            return authed { _, hb, ctx in json(try await service.revokeOAuthClient(ctx, id: try param(hb, "id"))) }
        default:
            return nil
        }
    }
}

struct OAuthClientList: Codable, Sendable {
    var clients: [OAuthClient]
}
