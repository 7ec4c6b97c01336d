import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JWTKit
import NIOCore
import Testing
import WardenCore
@testable import WardenRuntime
@testable import WardenServer

extension TestClientProtocol {
    /// A form POST to `/oauth/token`, with an `Authorization` header when given.
    func token(_ form: String, authorization: String? = nil, contentType: String = "application/x-www-form-urlencoded",
               uri: String = "/oauth/token") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let authorization { headers[.authorization] = authorization }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: form)) { $0 }
    }
}

private func basic(_ id: String, _ secret: String) -> String { "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString() }

/// The harness with an agent principal `agent-1` and a client for it registered over the admin API.
private func withClient(mode: TestingSetup = .router, issuer: String = "http://warden.test",
                        _ body: @escaping @Sendable (ServerHarness, any TestClientProtocol, _ clientID: String, _ secret: String) async throws -> Void) async throws {
    var config = WardenConfiguration()
    config.oauth.issuer = issuer
    let h = try await ServerHarness(configuration: config)
    try await h.app().test(mode) { client in
        let agent = try await client.send(.post, "/v1/principals", as: h.keys["admin"],
                                          json: #"{"id":"agent-1","displayName":"Agent","kind":"agent","roles":["agent"]}"#)
        #expect(agent.status == .created)
        let reg = try await client.send(.post, "/v1/oauth/clients", as: h.keys["admin"],
                                        json: #"{"id":"client-1","principalID":"agent-1","scopes":["tools.call","a2a.send"]}"#)
        #expect(reg.status == .created, "\(reg.json)")
        let secret = try #require(reg.json["clientSecret"]?.stringValue)
        #expect(reg.json["client"]?["authenticationMethod"] == "client_secret_basic")
        try await body(h, client, "client-1", secret)
    }
}

@Suite("OAuth endpoints over HTTP")
struct OAuthEndpointTests {
    @Test("a token from /oauth/token is a bearer on the admin API and the MCP endpoint, on a live loopback server",
          arguments: ["router", "live"])
    func tokenIsABearer(mode: String) async throws {
        try await withClient(mode: mode == "live" ? .live : .router) { _, client, id, secret in
            let r = try await client.token("grant_type=client_credentials&scope=tools.call", authorization: basic(id, secret))
            #expect(r.status == .ok, "\(r.json)")
            #expect(r.headers[.cacheControl] == "no-store")
            #expect(r.json["token_type"] == "Bearer" && r.json["expires_in"] == 300 && r.json["scope"] == "tools.call")
            let token = try #require(r.json["access_token"]?.stringValue)

            let me = try await client.send(.get, "/v1/whoami", as: token)
            #expect(me.status == .ok && me.json["id"] == "agent-1", "\(me.json)")
            // An agent may not manage clients, token or not.
            #expect(try await client.send(.get, "/v1/oauth/clients", as: token).status == .forbidden)

            let list = try JSONValue.object([
                "jsonrpc": "2.0", "id": 1, "method": "tools/list",
                "params": ["_meta": ["io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
                                     "io.modelcontextprotocol/clientInfo": ["name": "t", "version": "1"]]],
            ]).canonicalData
            var headers: HTTPFields = [.contentType: "application/json", .accept: "application/json, text/event-stream",
                                       .authorization: "Bearer \(token)"]
            headers[HTTPField.Name("MCP-Protocol-Version")!] = "2026-07-28"
            headers[HTTPField.Name("Mcp-Method")!] = "tools/list"
            let mcp = try await client.execute(uri: "/mcp", method: .post, headers: headers, body: ByteBuffer(bytes: list)) { $0 }
            #expect(mcp.status == .ok, "\(String(buffer: mcp.body))")
            #expect(mcp.json["result"]?["tools"]?.arrayValue?.isEmpty == false)

            // A tampered token is refused with the check named, and invalid_token in the challenge.
            var chars = Array(token)
            let i = chars.count - 20  // inside the signature, clear of its last (partly padding) character
            chars[i] = chars[i] == "A" ? "B" : "A"
            let tampered = String(chars)
            let refused = try await client.send(.get, "/v1/whoami", as: tampered)
            #expect(refused.status == .unauthorized && refused.errorCode == "unauthenticated")
            #expect(refused.json["error"]?["details"]?["check"] == "jwt.signature")
            #expect(refused.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
        }
    }

    @Test("client_secret_post, and RFC 6749 errors as JSON with the right status")
    func errors() async throws {
        try await withClient { _, client, id, secret in
            let json = try await client.token(#"{"grant_type":"client_credentials"}"#, authorization: basic(id, secret), contentType: "application/json")
            #expect(json.status == .badRequest && json.json["error"] == "invalid_request")
            #expect(json.json["error_description"]?.stringValue?.contains("x-www-form-urlencoded") == true)
            #expect(json.json["error_description"]?.stringValue?.contains("not JSON") == true)

            let wrong = try await client.token("grant_type=client_credentials", authorization: basic(id, "wcs_wrong"))
            #expect(wrong.status == .unauthorized && wrong.json["error"] == "invalid_client")
            #expect(wrong.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            #expect(!String(buffer: wrong.body).contains("wcs_wrong"))

            let grant = try await client.token("grant_type=password&username=a&password=b", authorization: basic(id, secret))
            #expect(grant.status == .badRequest && grant.json["error"] == "unsupported_grant_type")
            let scope = try await client.token("grant_type=client_credentials&scope=admin", authorization: basic(id, secret))
            #expect(scope.status == .badRequest && scope.json["error"] == "invalid_scope")
            let twice = try await client.token("grant_type=client_credentials&grant_type=client_credentials", authorization: basic(id, secret))
            #expect(twice.json["error"] == "invalid_request")
            let inURL = try await client.token("grant_type=client_credentials", authorization: basic(id, secret),
                                               uri: "/oauth/token?client_secret=\(secret)")
            #expect(inURL.status == .badRequest && inURL.json["error"] == "invalid_request")
            let huge = try await client.token("grant_type=client_credentials&pad=" + String(repeating: "x", count: 20_000),
                                              authorization: basic(id, secret))
            #expect(huge.status == .contentTooLarge && huge.json["error"] == "invalid_request")
            // Basic is this client's method: the same secret as form parameters is refused.
            let post = try await client.token("grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)")
            #expect(post.status == .unauthorized && post.json["error"] == "invalid_client")
            for r in [json, wrong, grant, scope, twice, inURL, huge, post] {
                #expect(r.json.objectValue?.keys.sorted() == ["error", "error_description"], "\(r.json)")
                #expect(!String(buffer: r.body).contains(secret))
            }
        }
    }

    @Test("the JWKS, the RFC 8414 metadata and the MCP resource metadata name Warden's issuer and key")
    func discovery() async throws {
        try await withClient { h, client, _, _ in
            let authority = try #require(h.service.tokenAuthority)
            let jwks = try await client.send(.get, "/.well-known/jwks.json", as: nil)
            #expect(jwks.status == .ok)
            let key = try #require(jwks.json["keys"]?.arrayValue?.first)
            #expect(key["kid"] == .string(authority.signingKey.keyID) && key["kty"] == "EC" && key["crv"] == "P-256" && key["d"] == nil)
            let meta = try await client.send(.get, "/.well-known/oauth-authorization-server", as: nil)
            #expect(meta.json["issuer"] == "http://warden.test" && meta.json["token_endpoint"] == "http://warden.test/oauth/token")
            #expect(meta.json["jwks_uri"] == "http://warden.test/.well-known/jwks.json")
            #expect(meta.json["token_endpoint_auth_methods_supported"]?.arrayValue?.count == 3)
            let resource = try await client.send(.get, "/.well-known/oauth-protected-resource", as: nil)
            #expect(resource.json["authorization_servers"] == ["http://warden.test"])
        }
    }

    @Test("clients are listed, rotated and revoked over the admin API; a revoked client's token stops working")
    func adminRoutes() async throws {
        try await withClient { h, client, id, secret in
            let token = try #require(try await client.token("grant_type=client_credentials", authorization: basic(id, secret)).json["access_token"]?.stringValue)
            #expect(try await client.send(.get, "/v1/whoami", as: token).status == .ok)
            let adminKey = try #require(h.keys["admin"])
            let list = try await client.send(.get, "/v1/oauth/clients", as: adminKey)
            #expect(list.status == .ok && list.json["clients"]?.arrayValue?.map { $0["id"] } == ["client-1"])
            #expect(list.json["clients"]?.arrayValue?.first?["scopes"] == ["a2a.send", "tools.call"])
            #expect(!String(buffer: list.body).contains(secret), "the secret is never listed")

            let rotated = try await client.send(.post, "/v1/oauth/clients/\(id)/rotate", as: adminKey)
            #expect(rotated.status == .ok)
            let newSecret = try #require(rotated.json["clientSecret"]?.stringValue)
            #expect(newSecret != secret)
            #expect(try await client.token("grant_type=client_credentials", authorization: basic(id, secret)).status == .unauthorized)
            #expect(try await client.token("grant_type=client_credentials", authorization: basic(id, newSecret)).status == .ok)

            let revoked = try await client.send(.delete, "/v1/oauth/clients/\(id)", as: adminKey)
            #expect(revoked.status == .ok && revoked.json["revokedAt"] != nil)
            let after = try await client.send(.get, "/v1/whoami", as: token)
            #expect(after.status == .unauthorized && after.json["error"]?["details"]?["check"] == "jwt.principal")
            #expect(try await client.send(.delete, "/v1/oauth/clients/\(id)", as: adminKey).status == .conflict)
            #expect(try await client.send(.delete, "/v1/oauth/clients/nobody", as: adminKey).status == .notFound)
        }
    }

}
