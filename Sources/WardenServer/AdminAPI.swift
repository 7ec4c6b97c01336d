import Foundation
import HTTPTypes
import Hummingbird
import WardenCore
import WardenRuntime

/// The admin API under `/v1`: governance over HTTP. Each handler authenticates, reads its input and
/// calls ``GovernanceService``; it decides nothing itself.
struct AdminAPI: Sendable {
    let service: GovernanceService
    let body: JSONBody
    let schemas: RequestSchemas
    /// Bearer token, else verified client certificate.
    let authenticator: CallerAuthenticator

    /// Every route, as (method, OpenAPI path). The OpenAPI test checks this against the document.
    static let routes: [(HTTPRequest.Method, String)] = [
        (.get, "/health"), (.get, "/v1/openapi.json"), (.get, "/v1/whoami"), (.get, "/v1/policy"),
        (.get, "/v1/principals"), (.post, "/v1/principals"), (.get, "/v1/principals/{id}"), (.patch, "/v1/principals/{id}"),
        (.post, "/v1/principals/{id}/keys"), (.post, "/v1/keys/{keyId}/revoke"),
        (.get, "/v1/tools"), (.post, "/v1/tools"), (.get, "/v1/tools/{name}"), (.get, "/v1/tools/{name}/versions/{version}"),
        (.post, "/v1/tools/{name}/versions/{version}/reviews"), (.post, "/v1/tools/{name}/versions/{version}/approvals"),
        (.get, "/v1/tools/{name}/versions/{version}/approval-status"), (.post, "/v1/tools/{name}/versions/{version}/decision"),
        (.post, "/v1/tools/{name}/transitions"), (.get, "/v1/tools/{name}/diff"),
        (.get, "/v1/audit/events"), (.get, "/v1/audit/verify"), (.get, "/v1/audit/checkpoints"), (.get, "/v1/audit/public-key"),
        (.post, "/v1/advisories"), (.get, "/v1/advisories/findings"),
        (.get, "/v1/reviews/due"), (.post, "/v1/tools/{name}/periodic-reviews"), (.get, "/v1/audit/payloads/{seq}"),
        (.get, "/v1/tools/{name}/versions/{version}/checks"), (.post, "/v1/tools/{name}/versions/{version}/checks"), (.get, "/v1/check-runs/{id}"),
    ] + oauthClientRoutes + agentRoutes

    typealias Handler = @Sendable (Request, WardenRequestContext) async throws -> Response

    func register(on router: Router<WardenRequestContext>) {
        for (method, path) in Self.routes {
            let hbPath = RouterPath(path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
            router.on(hbPath, method: method, use: handler(method, path))
        }
    }

    func handler(_ method: HTTPRequest.Method, _ path: String) -> Handler {
        switch (method, path) {
        case (.get, "/health"): return { _, _ in try await health() }
        case (.get, "/v1/openapi.json"):
            return { _, _ in Response(status: .ok, headers: [.contentType: "application/json"],
                                      body: .init(byteBuffer: ByteBuffer(bytes: schemas.documentData))) }
        case (.get, "/v1/whoami"): return authed { _, _, ctx in json(ctx.principal) }
        case (.get, "/v1/policy"):
            return authed { _, _, ctx in
                try service.policy.access.require(.toolRead, roles: ctx.principal.roles)
                return json(service.policy)
            }
        case (.get, "/v1/principals"):
            return authed { _, _, ctx in json(["principals": try await service.principals(ctx)]) }
        case (.post, "/v1/principals"):
            return authedBody(NewPrincipal.self, "NewPrincipal") { _, _, ctx, new in
                json(try await service.createPrincipal(ctx, new), status: .created)
            }
        case (.get, "/v1/principals/{id}"):
            return authed { _, hb, ctx in
                let (p, keys) = try await service.principal(ctx, id: try param(hb, "id"))
                return json(PrincipalWithKeys(principal: p, keys: keys))
            }
        case (.patch, "/v1/principals/{id}"):
            return authedBody(PrincipalUpdate.self, "PrincipalUpdate") { _, hb, ctx, update in
                json(try await service.updatePrincipal(ctx, id: try param(hb, "id"), update))
            }
        case (.post, "/v1/principals/{id}/keys"):
            return authedBody(NewAPIKey.self, "NewAPIKey", optional: true) { _, hb, ctx, new in
                json(try await service.createKey(ctx, principalID: try param(hb, "id"), new), status: .created)
            }
        case (.post, "/v1/keys/{keyId}/revoke"):
            return authed { _, hb, ctx in json(try await service.revokeKey(ctx, keyID: try param(hb, "keyId"))) }
        case (.get, "/v1/tools"):
            return authed { _, _, ctx in json(["tools": try await service.tools(ctx)]) }
        case (.post, "/v1/tools"):
            return authedBody(ToolDefinition.self, "ToolDefinition") { req, _, ctx, definition in
                json(try await service.propose(ctx, definition,
                                               reuseDecommissionedName: req.uri.queryParameters.get("reuseDecommissionedName") == "true"),
                     status: .created)
            }
        case (.get, "/v1/tools/{name}"):
            return authed { _, hb, ctx in json(try await service.tool(ctx, name: try param(hb, "name"))) }
        case (.get, "/v1/tools/{name}/versions/{version}"):
            return authed { _, hb, ctx in
                json(try await service.toolVersion(ctx, name: try param(hb, "name"), version: try versionParam(hb)))
            }
        case (.post, "/v1/tools/{name}/versions/{version}/reviews"):
            return authedBody(ReviewSubmission.self, "ReviewSubmission") { _, hb, ctx, review in
                json(try await service.fileReview(ctx, name: try param(hb, "name"), version: try versionParam(hb), review),
                     status: .created)
            }
        case (.post, "/v1/tools/{name}/versions/{version}/approvals"):
            return authedBody(ApprovalRequest.self, "ApprovalRequest") { _, hb, ctx, vote in
                json(try await service.vote(ctx, name: try param(hb, "name"), version: try versionParam(hb), vote),
                     status: .created)
            }
        case (.get, "/v1/tools/{name}/versions/{version}/approval-status"):
            return authed { req, hb, ctx in
                let raw = req.uri.queryParameters.get("outcome") ?? "approved"
                guard let outcome = Decision.Outcome(rawValue: raw) else {
                    throw WardenError.invalidInput("outcome must be approved, approved_with_conditions or rejected")
                }
                return json(try await service.approvalStatus(ctx, name: try param(hb, "name"), version: try versionParam(hb),
                                                             outcome: outcome))
            }
        case (.post, "/v1/tools/{name}/versions/{version}/decision"):
            return authedBody(DecisionRequest.self, "DecisionRequest") { _, hb, ctx, decision in
                json(try await service.decide(ctx, name: try param(hb, "name"), version: try versionParam(hb), decision))
            }
        case (.post, "/v1/tools/{name}/transitions"):
            return authedBody(TransitionRequest.self, "TransitionRequest") { _, hb, ctx, t in
                json(try await service.transition(ctx, name: try param(hb, "name"), t))
            }
        case (.get, "/v1/tools/{name}/diff"):
            return authed { req, hb, ctx in
                guard let f = req.uri.queryParameters.get("from").flatMap(SemanticVersion.init),
                    let t = req.uri.queryParameters.get("to").flatMap(SemanticVersion.init)
                else { throw WardenError.invalidInput("give the two versions as ?from=1.0.0&to=1.1.0") }
                return json(try await service.diff(ctx, name: try param(hb, "name"), from: f, to: t))
            }
        case (.get, "/v1/audit/events"):
            return authed { req, _, ctx in
                let query = try Self.auditQuery(req.uri.queryParameters)
                let events = try await service.auditEvents(ctx, matching: query)
                return json(AuditPage(events: events, next: events.count == query.limit ? events.last?.seq : nil))
            }
        case (.get, "/v1/audit/verify"):
            return authed { _, _, ctx in json(try await service.verifyAudit(ctx)) }
        case (.get, "/v1/audit/checkpoints"):
            return authed { req, _, ctx in
                let q = req.uri.queryParameters
                guard let after = Int64(q.get("after") ?? "0"), let limit = Int(q.get("limit") ?? "100") else {
                    throw WardenError.invalidInput("after and limit must be integers")
                }
                let checkpoints = try await service.auditCheckpoints(ctx, afterSeq: after, limit: limit)
                return json(CheckpointPage(checkpoints: checkpoints,
                                           next: checkpoints.count == limit ? checkpoints.last?.seq : nil))
            }
        case (.get, "/v1/tools/{name}/versions/{version}/checks"):
            return authed { _, hb, ctx in
                json(try await service.checkResults(ctx, name: try param(hb, "name"), version: try versionParam(hb)))
            }
        case (.post, "/v1/tools/{name}/versions/{version}/checks"):
            return authed { _, hb, ctx in
                json(try await service.rerunChecks(ctx, name: try param(hb, "name"), version: try versionParam(hb)), status: .accepted)
            }
        case (.get, "/v1/check-runs/{id}"):
            return authed { _, hb, ctx in json(try await service.checkRun(ctx, id: try param(hb, "id"))) }
        case (.get, "/v1/audit/payloads/{seq}"):
            return authed { _, hb, ctx in
                guard let seq = Int64(try param(hb, "seq")), seq > 0 else { throw WardenError.invalidInput("seq must be a positive integer") }
                return json(try await service.auditPayload(ctx, seq: seq))
            }
        case (.get, "/v1/reviews/due"):
            return authed { req, _, ctx in
                guard let within = Int(req.uri.queryParameters.get("within") ?? "30") else {
                    throw WardenError.invalidInput("within must be a number of days")
                }
                return json(["reviews": try await service.reviewsDue(ctx, withinDays: within)])
            }
        case (.post, "/v1/tools/{name}/periodic-reviews"):
            return authedBody(PeriodicReviewRequest.self, "PeriodicReviewRequest") { _, hb, ctx, body in
                json(try await service.recordPeriodicReview(ctx, name: try param(hb, "name"), body))
            }
        case (.post, "/v1/advisories"):
            return authedBody(AdvisoryImportRequest.self, "AdvisoryImport") { _, _, ctx, body in
                json(try await service.importAdvisories(ctx, records: body.advisories))
            }
        case (.get, "/v1/advisories/findings"):
            return authed { req, _, ctx in
                let tool: String? = req.uri.queryParameters.get("tool").map { String($0) }
                if let t = tool, !ToolDefinition.isValidName(t) { throw WardenError.invalidInput("tool must be a tool name") }
                return json(["findings": try await service.advisoryFindings(ctx, toolName: tool)])
            }
        case (.get, "/v1/audit/public-key"):
            // Public by design: auditors fetch and pin it to verify exports offline.
            return { _, _ in
                guard let key = service.auditPublicKey else {
                    throw WardenError(.notFound, "this Warden signs no audit checkpoints (no signing key configured)")
                }
                return json(AuditPublicKeyDocument(algorithm: "Ed25519", keyId: key.keyID, publicKey: key.base64))
            }
        default:
            if let oauth = oauthClientHandler(method, path) { return oauth }
            if let agents = agentHandler(method, path) { return agents }
            return { _, _ in throw WardenError(.internal, "route \(method) \(path) has no handler") }
        }
    }

    // MARK: helpers

    /// The audit query from `?actor=&action=&subject=&outcome=&since=&until=&after=&limit=`.
    static func auditQuery(_ q: some Sequence<(key: Substring, value: Substring)>) throws -> AuditQuery {
        var query = AuditQuery()
        for (key, raw) in q {
            let value = String(raw)  // Hummingbird has percent-decoded it
            switch key {
            case "actor": query.actor = value
            case "action": query.action = value
            case "subject": query.subject = value
            case "outcome":
                guard let o = AuditEvent.Outcome(rawValue: value) else {
                    throw WardenError.invalidInput("outcome must be success, denied or failed")
                }
                query.outcome = o
            case "since", "until":
                guard let d = WardenJSON.parseDate(value) else {
                    throw WardenError.invalidInput("\(key) must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z")
                }
                if key == "since" { query.since = d } else { query.until = d }
            case "after":
                guard let a = Int64(value) else { throw WardenError.invalidInput("after must be an integer") }
                query.afterSeq = a
            case "limit":
                guard let l = Int(value) else { throw WardenError.invalidInput("limit must be an integer") }
                query.limit = l
            default:
                throw WardenError.invalidInput("unknown query parameter '\(key.prefix(40))'; known: actor, action, subject, "
                    + "outcome, since, until, after, limit")
            }
        }
        return query
    }

    func health() async throws -> Response {
        do {
            try await service.store.ping()
            return json(["status": "ok", "database": "ok"])
        } catch {
            return json(["status": "unavailable", "database": "unreachable"], status: .serviceUnavailable)
        }
    }

    func authed(_ body: @escaping @Sendable (Request, WardenRequestContext, CallContext) async throws -> Response) -> Handler {
        { request, context in
            let principal = try await authenticator.authenticate(token: Self.bearer(request), context: context)
            return try await body(request, context, CallContext(principal: principal, requestID: context.requestID,
                                                                traceID: Self.traceID(request)))
        }
    }

    func authedBody<T: Decodable & Sendable>(_ type: T.Type, _ schema: String, optional: Bool = false,
                                             _ handle: @escaping @Sendable (Request, WardenRequestContext, CallContext, T) async throws -> Response) -> Handler {
        { request, context in
            let principal = try await authenticator.authenticate(token: Self.bearer(request), context: context)
            let value: T
            let digest: String?
            if optional, request.headers[.contentLength] == "0" || (request.headers[.contentLength] == nil && request.headers[.transferEncoding] == nil) {
                (value, digest) = (try WardenJSON.decode(T.self, from: Data("{}".utf8)), nil)
            } else {
                let (v, d) = try await body.read(T.self, schema: schema, from: request)
                (value, digest) = (v, d)
            }
            return try await handle(request, context, CallContext(principal: principal, requestID: context.requestID, bodyDigest: digest,
                                                                  traceID: Self.traceID(request)), value)
        }
    }

    /// The trace id of a well-formed `traceparent` header.
    static func traceID(_ request: Request) -> String? {
        guard let name = traceparentField else { return nil }
        return request.headers[name].flatMap(TraceContext.init(traceparent:))?.traceID
    }

    static let traceparentField = HTTPField.Name("traceparent")

    static func bearer(_ request: Request) -> String? {
        guard let h = request.headers[.authorization] else { return nil }
        let parts = h.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return "" }
        return String(parts[1]).trimmingCharacters(in: .whitespaces)
    }

    func param(_ context: WardenRequestContext, _ name: String) throws -> String { try context.pathParameter(name) }

    func versionParam(_ context: WardenRequestContext) throws -> SemanticVersion { try context.versionParameter() }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        // Our own response types always encode; a failure here is a programming error, reported as 500.
        guard let data = try? WardenJSON.encode(value) else {
            return RequestEnvelopeMiddleware.errorResponse(WardenError(.internal, "response encoding failed"), requestID: "")
        }
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

struct PrincipalWithKeys: Codable, Sendable {
    var principal: Principal
    var keys: [APIKeyRecord]
}

struct AuditPage: Codable, Sendable {
    var events: [AuditEvent]
    var next: Int64?
}

struct AdvisoryImportRequest: Decodable, Sendable {
    var advisories: [JSONValue]
}

struct CheckpointPage: Codable, Sendable {
    var checkpoints: [AuditCheckpoint]
    var next: Int64?
}

struct AuditPublicKeyDocument: Codable, Sendable {
    var algorithm: String
    var keyId: String
    var publicKey: String
}
