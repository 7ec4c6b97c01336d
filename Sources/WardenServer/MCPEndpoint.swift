import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WardenCore
import WardenMCP
import WardenRuntime

/// `POST`/`GET`/`DELETE /mcp` (MCP Streamable HTTP) and `GET /.well-known/oauth-protected-resource` (RFC 9728).
/// It checks the `Origin`, authenticates the caller (bearer token, else verified client certificate), and hands the rest
/// to ``MCPServer``; it decides no policy.
public struct MCPEndpoint: Sendable {
    /// The MCP server behind the route.
    public let server: MCPServer
    let service: GovernanceService
    /// Bearer token, else verified client certificate.
    let authenticator: CallerAuthenticator
    /// Whether the server serves HTTPS (for the URLs it publishes).
    let secure: Bool

    /// - Parameters:
    ///   - engine: the engine whose pipeline serves the calls.
    ///   - configuration: body limit and allowed origins.
    public init(engine: WardenEngine, configuration: WardenConfiguration) {
        service = engine.service
        authenticator = CallerAuthenticator(service: engine.service, tls: configuration.tls)
        secure = configuration.tls != nil
        server = MCPServer(engine: engine, options: .init(maxBodyBytes: configuration.maxBodyBytes,
                                                          origins: MCPOriginPolicy(patterns: configuration.mcpAllowedOrigins)))
    }

    /// Registers the routes.
    public func register(on router: Router<WardenRequestContext>) {
        router.post("/mcp") { request, context in try await handle(request, context) }
        router.get("/mcp") { request, context in try await handle(request, context) }
        router.delete("/mcp") { request, context in try await handle(request, context) }
        router.get("/.well-known/oauth-protected-resource") { request, _ -> Response in
            let base = Self.baseURL(of: request, secure: secure)
            var doc: JSONValue = [
                "resource": .string(base + "/mcp"), "bearer_methods_supported": ["header"], "resource_name": "Warden",
            ]
            if let issuer = service.tokenAuthority?.settings.issuer, case .object(var o) = doc {
                o["authorization_servers"] = [.string(issuer)]
                doc = .object(o)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: doc.canonicalData)))
        }
    }

    /// `scheme://authority` of the request as the client addressed it.
    static func baseURL(of request: Request, secure: Bool = false) -> String {
        // The authority comes from the client: keep it only when it is a plain host[:port], so it cannot break the header.
        let authority = request.head.authority ?? ""
        let plain = !authority.isEmpty && authority.utf8.count <= 255 && authority.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-:[]".unicodeScalars.contains($0))
        }
        let scheme = secure || request.head.scheme == "https" ? "https" : "http"
        return "\(scheme)://\(plain ? authority : "localhost")"
    }

    private func handle(_ request: Request, _ context: WardenRequestContext) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            if let existing = headers[name] { headers[name] = existing + ", " + field.value } else { headers[name] = field.value }
        }
        if let rejected = server.originRejection(headers: headers) { return Self.response(rejected) }
        let principal: Principal
        do {
            principal = try await authenticator.authenticate(token: Self.bearer(headers["authorization"]), context: context)
        } catch let e as WardenError where e.code == .unauthenticated {
            let metadata = Self.baseURL(of: request, secure: secure) + "/.well-known/oauth-protected-resource"
            let body = JSONRPCError(.invalidRequest, "Unauthorized: \(e.message)",
                                    data: ["io.warden/errorCode": "unauthenticated"]).response
            return Self.response(.json(401, body, headers: [("WWW-Authenticate", "Bearer resource_metadata=\"\(metadata)\"")]))
        }
        var body = Data()
        if request.method == .post {
            do {
                body = Data(buffer: try await request.body.collect(upTo: server.options.maxBodyBytes))
            } catch {
                return Self.response(.error(413, JSONRPCError(.invalidRequest,
                    "Payload Too Large: the body exceeds \(server.options.maxBodyBytes) bytes")))
            }
        }
        let answer = await server.handle(MCPHTTPRequest(method: request.method.rawValue, headers: headers, body: body,
                                                        principal: principal, requestID: context.requestID))
        return Self.response(answer)
    }

    static func bearer(_ header: String?) -> String? {
        guard let h = header else { return nil }
        let parts = h.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    static func response(_ r: MCPHTTPResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in r.headers {
            if let n = HTTPField.Name(name) { fields.append(HTTPField(name: n, value: value)) }
        }
        let status = HTTPResponse.Status(code: r.status)
        switch r.body {
        case .empty:
            return Response(status: status, headers: fields)
        case .json(let data):
            return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .stream(let stream, let close):
            return Response(status: status, headers: fields, body: ResponseBody { writer in
                defer { close() }
                for await chunk in stream {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
                try await writer.finish(nil)
            })
        }
    }
}
