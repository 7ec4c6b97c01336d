import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import WardenA2A
import WardenCore
import WardenRuntime

/// `GET /.well-known/agent-card.json` (public) and `POST /a2a` (A2A JSON-RPC, 1.0 and 0.3 method names). It
/// authenticates the caller before reading the request, parses it, and hands it to ``A2AServer``; it decides no policy.
public struct A2AEndpoint: Sendable {
    public let server: A2AServer
    let authenticator: CallerAuthenticator
    let registry: ToolRegistry
    let card: A2ACardBuilder
    let limits: A2ALimits
    /// Whether this server speaks HTTPS (the request line does not say so behind Hummingbird's TLS channel).
    let servesTLS: Bool

    public init(engine: WardenEngine, configuration: WardenConfiguration, tasks: A2ATaskStore = A2ATaskStore()) {
        authenticator = CallerAuthenticator(service: engine.service, tls: configuration.tls)
        registry = engine.registry
        server = A2AServer(pipeline: engine.pipeline, skills: configuration.a2aSkills, tasks: tasks,
                           minimizer: A2AOutboundMinimizer(clearances: configuration.a2aClearances,
                                                           defaultClearance: configuration.a2aDefaultClearance,
                                                           policy: configuration.a2aMinimization),
                           audit: engine.service.audit)
        // Unset, the card names the host the caller reached (so it is right behind any port mapping on loopback).
        card = A2ACardBuilder(publicURL: configuration.a2aPublicURL ?? "", name: configuration.a2aAgentName,
                              mutualTLS: (configuration.tls?.clientCertificates ?? .none) != .none)
        servesTLS = configuration.tls != nil
        var limits = A2ALimits.standard
        limits.maxBodyBytes = min(limits.maxBodyBytes, configuration.maxBodyBytes)
        self.limits = limits
    }

    public func register(on router: Router<WardenRequestContext>) {
        router.get("/.well-known/agent-card.json") { request, _ -> Response in
            var builder = card
            if builder.publicURL.isEmpty {
                var base = MCPEndpoint.baseURL(of: request)
                if servesTLS, base.hasPrefix("http://") { base = "https://" + base.dropFirst("http://".count) }
                builder = A2ACardBuilder(publicURL: base, name: builder.name, mutualTLS: builder.mutualTLS)
            }
            let doc = builder.card(skills: server.skills, registry: registry).protoJSON
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: doc.canonicalData)))
        }
        router.post(RouterPath(A2ACardBuilder.endpointPath)) { request, context in try await handle(request, context) }
    }

    private func handle(_ request: Request, _ context: WardenRequestContext) async throws -> Response {
        let principal: Principal
        do {
            // A bearer token (API key or JWT), else the verified client certificate of an mTLS connection.
            principal = try await authenticator.authenticate(token: MCPEndpoint.bearer(request.headers[.authorization]), context: context)
        } catch let e as WardenError where e.code == .unauthenticated {
            // Refused before any work: the body is not read.
            let body = A2AError(e, requestID: context.requestID).response(for: .v1_0)
            return Self.json(body, status: .unauthorized, extra: [(.wwwAuthenticate, "Bearer realm=\"warden\"")])
        }
        let body: Data
        do {
            body = Data(buffer: try await request.body.collect(upTo: limits.maxBodyBytes))
        } catch {
            let e = A2AError.invalidRequest("Invalid Request: the body exceeds \(limits.maxBodyBytes) bytes")
            return Self.json(e.response(for: .v1_0), status: .contentTooLarge)
        }
        let version = request.headers[HTTPField.Name("A2A-Version")!]
        let parsed: A2AServerRequest
        do {
            parsed = try A2AServerRequest.parse(body: body, versionHeader: version, limits: limits)
        } catch {
            return Self.json(error.response, status: .ok)
        }
        let trace = request.headers[HTTPField.Name("traceparent")!].flatMap { TraceContext(traceparent: $0) }
        switch await server.handle(parsed, principal: principal, requestID: context.requestID, trace: trace) {
        case .json(let answer):
            var extra: [(HTTPField.Name, String)] = []
            if let retry = A2AEndpoint.retryAfter(answer) { extra.append((.retryAfter, retry)) }
            // A2A answers errors with HTTP 200 (as a2a-sdk does); a 429 would hide the JSON-RPC error from its client.
            return Self.json(answer, status: .ok, extra: extra)
        case .stream(let frames):
            var buffer = ByteBuffer()
            for f in frames { buffer.writeBytes(f) }
            return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: .init(byteBuffer: buffer))
        }
    }

    /// The `Retry-After` seconds of a rate-limited answer.
    static func retryAfter(_ answer: JSONValue) -> String? {
        guard case .object(let error)? = answer["error"] else { return nil }
        let code = A2AError(errorObject: .object(error))
        return code.retryAfterSeconds.map(String.init)
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status, extra: [(HTTPField.Name, String)] = []) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (n, v) in extra { headers[n] = v }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: value.canonicalData)))
    }
}
