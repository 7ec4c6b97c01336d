import JSONSchema
import WardenCore

extension A2AError {
    /// The A2A code for each Warden code; codes missing here (e.g. ones added later) are ``A2AErrorCode/serverError``.
    static let wardenCodes: [WardenError.Code: A2AErrorCode] = [
        .invalidInput: .invalidParams,
        .payloadTooLarge: .invalidRequest,
        .unsupportedMediaType: .contentTypeNotSupported,
        .notFound: .taskNotFound,
        .invalidOutput: .invalidAgentResponse,
        .conflict: .unsupportedOperation,
        .toolInactive: .unsupportedOperation,
        .internal: .internalError,
    ]

    /// The A2A error for a Warden error.
    ///
    /// Where A2A has a matching error the code is A2A's (invalid input → -32602, not found → -32001 TaskNotFound,
    /// invalid output → -32006, unsupported media type → -32005, payload too large → -32600, conflict and inactive
    /// tool → -32004, internal → -32603); the governance refusals A2A has no code for (unauthenticated, forbidden,
    /// rate limited, circuit open, upstream unavailable or rejected, timeout, approval rule unmet, policy violation) are -32000 with
    /// reason `WARDEN_<CODE>` and domain `warden`. Either way the metadata holds `code` (Warden's stable code), the
    /// error's details (strings), `retryAfterSeconds` (whole seconds, rounded up) when the details have
    /// `retryAfterMs`, and `requestId` when given. An internal error's message names only the request id.
    public init(_ error: WardenError, requestID: String? = nil) {
        let code = Self.wardenCodes[error.code] ?? .serverError
        var metadata: [String: JSONValue] = error.details.mapValues { .string($0) }
        metadata["code"] = .string(error.code.rawValue)
        if let ms = error.details["retryAfterMs"].flatMap({ Int($0) }) {
            metadata["retryAfterSeconds"] = .string(String((ms + 999) / 1000))
        }
        if let requestID { metadata["requestId"] = .string(requestID) }
        let message = error.code == .internal
            ? "an internal error occurred" + (requestID.map { "; request id \($0) identifies it in the server log" } ?? "")
            : error.message
        if code == .serverError {
            self.init(code, message, metadata: metadata, reason: "WARDEN_" + error.code.rawValue.uppercased(), domain: "warden")
        } else {
            self.init(code, message, metadata: metadata)
        }
    }

    /// The seconds a client should wait before trying again, when the error says (`metadata.retryAfterSeconds`).
    public var retryAfterSeconds: Int? {
        metadata["retryAfterSeconds"]?.stringValue.flatMap { Int($0) } ?? metadata["retryAfterSeconds"]?.numberValue?.intValue
    }
}
