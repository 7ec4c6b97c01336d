import JSONSchema

/// An A2A JSON-RPC error: code, message and structured detail, written as a2a-sdk 1.3 writes it.
///
/// In protocol 1.0 `error.data` is an array of typed details: a `google.rpc.ErrorInfo`
/// (`{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "TASK_NOT_FOUND", "domain": "a2a-protocol.org",
/// "metadata": {...}}`) and, for field errors, a `google.rpc.BadRequest` with `fieldViolations`. a2a-sdk's client
/// hands the ErrorInfo `metadata` to the caller as the error's data. In 0.3 `error.data` is that metadata object
/// itself (or `null`).
public struct A2AError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A field that failed validation: `message.parts`, "Field must contain at least one element.".
    public struct FieldViolation: Sendable, Equatable {
        public var field: String
        public var description: String

        public init(field: String, description: String) {
            self.field = field
            self.description = description
        }
    }

    public var code: A2AErrorCode
    /// For a person; never a secret or internal detail.
    public var message: String
    /// `ErrorInfo.reason`; by default the code's A2A reason.
    public var reason: String
    /// `ErrorInfo.domain`: `a2a-protocol.org`, or `warden` for Warden's own refusals.
    public var domain: String
    /// `ErrorInfo.metadata` (1.0) / `data` (0.3). Warden's errors carry `code` (the stable `WardenError` code)
    /// and their details here, as strings.
    public var metadata: [String: JSONValue]
    public var fieldViolations: [FieldViolation]
    /// The id of the request it answers, when known (set by the request parser).
    public var requestID: A2ARequestID?
    /// Whether `data` is written in 1.0 (a2a-sdk writes none for parse errors and unknown methods).
    public var writesDetails: Bool
    /// The protocol version of the request it answers (the request parser sets it once the method is known):
    /// ``response`` is written in it.
    public var protocolVersion: A2AProtocolVersion = .v1_0

    public static let a2aDomain = "a2a-protocol.org"
    public static let errorInfoType = "type.googleapis.com/google.rpc.ErrorInfo"
    public static let badRequestType = "type.googleapis.com/google.rpc.BadRequest"

    public init(_ code: A2AErrorCode, _ message: String? = nil, metadata: [String: JSONValue] = [:],
                fieldViolations: [FieldViolation] = [], reason: String? = nil, domain: String = A2AError.a2aDomain,
                requestID: A2ARequestID? = nil) {
        self.code = code
        self.message = message ?? code.defaultMessage
        self.metadata = metadata
        self.fieldViolations = fieldViolations
        self.reason = reason ?? code.reason
        self.domain = domain
        self.requestID = requestID
        writesDetails = code != .parseError && code != .methodNotFound
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The same error answering request `id`.
    public func answering(_ id: A2ARequestID?) -> A2AError {
        var e = self
        e.requestID = id
        return e
    }

    // MARK: the A2A errors

    public static func taskNotFound(_ taskID: String? = nil) -> A2AError {
        A2AError(.taskNotFound, metadata: taskID.map { ["taskId": .string($0)] } ?? [:])
    }

    public static func taskNotCancelable(_ message: String? = nil) -> A2AError { A2AError(.taskNotCancelable, message) }
    public static func unsupportedOperation(_ message: String? = nil) -> A2AError { A2AError(.unsupportedOperation, message) }
    public static func pushNotificationNotSupported() -> A2AError { A2AError(.pushNotificationNotSupported) }
    public static func contentTypeNotSupported(_ message: String? = nil) -> A2AError { A2AError(.contentTypeNotSupported, message) }
    public static func invalidAgentResponse(_ message: String? = nil) -> A2AError { A2AError(.invalidAgentResponse, message) }
    public static func extendedAgentCardNotConfigured() -> A2AError { A2AError(.extendedAgentCardNotConfigured) }
    public static func invalidParams(_ message: String, violations: [FieldViolation] = []) -> A2AError {
        violations.isEmpty
            ? A2AError(.invalidParams, message)
            : A2AError(.invalidParams, message,
                       metadata: ["errors": .array(violations.map { .object(["field": .string($0.field), "message": .string($0.description)]) })],
                       fieldViolations: violations)
    }

    public static func invalidRequest(_ message: String) -> A2AError { A2AError(.invalidRequest, message) }

    // MARK: wire forms

    /// The JSON-RPC `error` object for a client of `version`.
    public func errorObject(for version: A2AProtocolVersion) -> JSONValue {
        if version.isLegacy {
            let code = self.code.isKnownToV03 || self.code == .serverError ? self.code : .internalError
            return .object(["code": .number(JSONNumber(code.rawValue)), "message": .string(message),
                            "data": metadata.isEmpty ? .null : .object(metadata)])
        }
        var o: [String: JSONValue] = ["code": .number(JSONNumber(code.rawValue)), "message": .string(message)]
        if writesDetails {
            var details: [JSONValue] = [.object(["@type": .string(Self.errorInfoType), "reason": .string(reason),
                                                 "domain": .string(domain), "metadata": .object(metadata)])]
            if !fieldViolations.isEmpty {
                details.append(.object(["@type": .string(Self.badRequestType), "fieldViolations": .array(fieldViolations.map {
                    .object(["field": .string($0.field), "description": .string($0.description)])
                })]))
            }
            o["data"] = .array(details)
        }
        return .object(o)
    }

    /// The same error for a client of `version`.
    public func speaking(_ version: A2AProtocolVersion) -> A2AError {
        var e = self
        e.protocolVersion = version
        return e
    }

    /// The whole JSON-RPC error response in ``protocolVersion``.
    public var response: JSONValue { response(for: protocolVersion) }

    /// The whole JSON-RPC error response (`id` is `null` when the request's id is unknown, as a2a-sdk writes it).
    public func response(for version: A2AProtocolVersion) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": requestID?.json ?? .null, "error": errorObject(for: version)])
    }

    /// Reads an `error` object a peer sent (1.0 or 0.3 form): the metadata of its first ErrorInfo (1.0) or its
    /// object `data` (0.3), and its field violations.
    public init(errorObject: JSONValue, requestID: A2ARequestID? = nil) {
        let o = errorObject.objectValue ?? [:]
        let code = o["code"]?.numberValue?.intValue.map(A2AErrorCode.init(rawValue:)) ?? .internalError
        self.init(code, o["message"]?.stringValue ?? code.defaultMessage, requestID: requestID)
        switch o["data"] {
        case .array(let details)?:
            for d in details {
                guard case .object(let detail) = d else { continue }
                if detail["@type"] == .string(Self.errorInfoType) {
                    metadata = detail["metadata"]?.objectValue ?? [:]
                    if let r = detail["reason"]?.stringValue { reason = r }
                    if let dom = detail["domain"]?.stringValue { domain = dom }
                } else if detail["@type"] == .string(Self.badRequestType), case .array(let vs)? = detail["fieldViolations"] {
                    fieldViolations = vs.compactMap { v in
                        guard let f = v["field"]?.stringValue else { return nil }
                        return FieldViolation(field: f, description: v["description"]?.stringValue ?? "")
                    }
                }
            }
        case .object(let data)?:
            metadata = data
        default:
            break
        }
    }

    /// Warden's stable error code, when the error carries one (`metadata.code`).
    public var wardenCode: String? { metadata["code"]?.stringValue }
}
