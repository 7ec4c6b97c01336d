import Foundation
import HTTPTypes
import Hummingbird
import Logging
import WardenCore

/// Assigns the request id, turns every error into Warden's JSON error shape, and logs each request.
struct RequestEnvelopeMiddleware: RouterMiddleware {
    typealias Context = WardenRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = Self.requestID(from: request.headers[.xRequestID])
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.errorResponse(Self.wardenError(error), requestID: context.requestID)
        }
        response.headers[.xRequestID] = context.requestID
        let ms = (ContinuousClock.now - started).components.attoseconds / 1_000_000_000_000_000
        var metadata: Logger.Metadata = ["requestId": .string(context.requestID)]
        if let trace = AdminAPI.traceID(request) { metadata["traceId"] = .string(trace) }
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(ms)ms", metadata: metadata)
        return response
    }

    /// A client's `X-Request-Id` when it is short and plain, else a fresh one.
    static func requestID(from header: String?) -> String {
        if let h = header, !h.isEmpty, h.utf8.count <= 64,
            h.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E })
        {
            return h
        }
        return UUID().uuidString.lowercased()
    }

    static func wardenError(_ error: Error) -> WardenError {
        if let w = error as? WardenError { return w }
        if let h = error as? HTTPError {
            switch h.status {
            case .notFound: return WardenError.notFound("no such endpoint; GET /v1/openapi.json lists them")
            case .contentTooLarge: return WardenError(.payloadTooLarge, "the request body is too large")
            case .methodNotAllowed: return WardenError(.notFound, "this endpoint does not take that method; GET /v1/openapi.json lists them")
            default: return WardenError(h.status.code >= 500 ? .internal : .invalidInput, h.body ?? h.status.reasonPhrase)
            }
        }
        return WardenError(.internal, "an internal error occurred; the request id identifies it in the server log")
    }

    static func status(for code: WardenError.Code) -> HTTPResponse.Status {
        switch code {
        case .unauthenticated: .unauthorized
        case .forbidden, .policyViolation: .forbidden
        case .invalidInput: .badRequest
        case .invalidOutput, .upstreamRejected: .badGateway
        case .payloadTooLarge: .contentTooLarge
        case .rateLimited: .tooManyRequests
        case .circuitOpen, .upstreamUnavailable: .serviceUnavailable
        case .timeout: .gatewayTimeout
        case .notFound: .notFound
        case .conflict, .approvalRuleUnmet, .toolInactive: .conflict
        case .unsupportedMediaType: .unsupportedMediaType
        case .internal: .internalServerError
        }
    }

    static func errorResponse(_ e: WardenError, requestID: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if e.code == .unauthenticated {
            // A presented token that failed a check is invalid_token (RFC 6750 section 3.1); a missing one is not.
            headers[.wwwAuthenticate] = e.details["check"] == nil ? "Bearer realm=\"warden\"" : "Bearer realm=\"warden\", error=\"invalid_token\""
        }
        return Response(status: status(for: e.code), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: errorBody(e, requestID: requestID))))
    }

    /// The JSON error body: `{"error": {"code", "message", "requestId", "details"?}}`.
    static func errorBody(_ e: WardenError, requestID: String) -> [UInt8] {
        var error: [String: JSONValue] = [
            "code": .string(e.code.rawValue), "message": .string(e.message), "requestId": .string(requestID),
        ]
        if !e.details.isEmpty { error["details"] = .object(e.details.mapValues { .string($0) }) }
        return JSONValue.object(["error": .object(error)]).canonicalBytes
    }
}

extension HTTPField.Name {
    static let xRequestID = HTTPField.Name("X-Request-Id")!
}
