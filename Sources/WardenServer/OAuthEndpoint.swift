import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WardenCore
import WardenRuntime

/// Warden's OAuth 2.0 authorization server endpoints: `POST /oauth/token` (client credentials grant, RFC 6749 section
/// 4.4), `GET /.well-known/jwks.json` (the key access tokens are signed with) and
/// `GET /.well-known/oauth-authorization-server` (RFC 8414 metadata). The token endpoint reads the form and hands it to
/// ``GovernanceService/issueToken(_:requestID:)``; it decides nothing itself.
struct OAuthEndpoint: Sendable {
    let service: GovernanceService
    let authority: TokenAuthority

    /// The largest token request body read (a client assertion signed with a 4096-bit RSA key is under 2 KiB).
    static let maxBodyBytes = 16 * 1024

    /// Every route, as (method, OpenAPI path). The OpenAPI test checks these against the document.
    static let routes: [(HTTPRequest.Method, String)] = [
        (.post, "/oauth/token"), (.get, "/.well-known/jwks.json"), (.get, "/.well-known/oauth-authorization-server"),
    ]

    func register(on router: Router<WardenRequestContext>) {
        router.post("/oauth/token") { request, context in try await token(request, context) }
        router.get("/.well-known/jwks.json") { _, _ in
            Self.json(authority.signingKey.jwks, headers: [("Cache-Control", "public, max-age=300")])
        }
        router.get("/.well-known/oauth-authorization-server") { _, _ in
            Self.json(authority.metadata, headers: [("Cache-Control", "public, max-age=300")])
        }
    }

    private func token(_ request: Request, _ context: WardenRequestContext) async throws -> Response {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            let hint = contentType.hasPrefix("application/json") ? ", not JSON" : ""
            return Self.error(OAuthError(.invalidRequest, "send the parameters as application/x-www-form-urlencoded (RFC 6749 section 4.4.2)\(hint)",
                                         reason: "content_type"))
        }
        guard request.uri.query?.isEmpty ?? true else {
            return Self.error(OAuthError(.invalidRequest, "send the parameters in the request body, not in the URL", reason: "query"))
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            return Self.error(OAuthError(.invalidRequest, "the request body is larger than \(Self.maxBodyBytes) bytes", reason: "too_large"),
                              status: .contentTooLarge)
        }
        do {
            let parsed = try OAuthTokenRequest(form: body.readableBytesView, authorization: request.headers[.authorization],
                                               remoteAddress: context.remoteAddress?.ipAddress)
            let issued = try await service.issueToken(parsed, requestID: context.requestID)
            return Self.json(issued.body, headers: [("Cache-Control", "no-store"), ("Pragma", "no-cache")])
        } catch let e as OAuthError {
            return Self.error(e)
        }
    }

    static func error(_ e: OAuthError, status: HTTPResponse.Status? = nil) -> Response {
        json(e.body, status: status ?? HTTPResponse.Status(code: e.status), headers: e.headers)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: [(String, String)] = []) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        for (name, v) in headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: v)) }
        }
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: value.canonicalData)))
    }
}
