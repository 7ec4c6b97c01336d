import Foundation
import JSONSchema

/// A request to Warden's A2A endpoint, parsed, version-checked and validated, with its params in 1.0 form
/// whichever version the client speaks. Its methods write the answers in the client's version.
///
/// ```swift
/// do {
///     let request = try A2AServerRequest.parse(body: body, versionHeader: headers["A2A-Version"])
///     switch request.params {
///     case .sendMessage(let send): ... return request.response(.task(task))
///     ...
///     }
/// } catch let error as A2AError {
///     return error.response  // in the version of the method the client called (1.0 when it is unknown)
/// }
/// ```
public struct A2AServerRequest: Sendable, Equatable {
    /// The params, converted to 1.0.
    public enum Params: Sendable, Equatable {
        /// `SendMessage` / `message/send` and `SendStreamingMessage` / `message/stream` (see ``operation``).
        case sendMessage(SendMessageRequest)
        case getTask(GetTaskRequest)
        case listTasks(ListTasksRequest)
        case cancelTask(CancelTaskRequest)
        /// `SubscribeToTask` / `tasks/resubscribe`.
        case subscribeToTask(SubscribeToTaskRequest)
        /// Push-notification configuration and the extended card: the raw params, for the handler to refuse or serve.
        case other(JSONValue)
    }

    public var id: A2ARequestID
    public var operation: A2AOperation
    /// The version of the method name the client used; answers are written in it.
    public var version: A2AProtocolVersion
    public var params: Params

    public init(id: A2ARequestID, operation: A2AOperation, version: A2AProtocolVersion, params: Params) {
        self.id = id
        self.operation = operation
        self.version = version
        self.params = params
    }

    /// Parses a request body the way a2a-sdk's JSON-RPC dispatcher does: envelope, method (by name: 1.0 and 0.3
    /// names on one endpoint), params, the `A2A-Version` header against the method's version, then the fields the
    /// proto marks required and ``A2ALimits/maxPartsPerMessage``.
    /// - Throws: ``A2AError``, with the request id when known: -32700, -32600 (envelope, size, depth; also 0.3
    ///   params that do not parse, as a2a-sdk), -32601 (unknown method), -32602 (1.0 params that do not parse,
    ///   "Validation failed" with field violations for missing required fields, too many parts), -32009 (header).
    ///   Its ``A2AError/response`` is written in the version of the method called (1.0 when the method is unknown).
    public static func parse(body: Data, versionHeader: String?, limits: A2ALimits = .standard) throws(A2AError) -> A2AServerRequest {
        let envelope = try A2AJSONRPCRequest.parse(body, limits: limits)
        return try parse(envelope, versionHeader: versionHeader, limits: limits)
    }

    /// Interprets a checked envelope; see ``parse(body:versionHeader:limits:)``.
    public static func parse(_ envelope: A2AJSONRPCRequest, versionHeader: String?, limits: A2ALimits = .standard) throws(A2AError) -> A2AServerRequest {
        let id = envelope.id
        guard let (operation, version) = A2AOperation.resolve(method: envelope.method) else {
            throw A2AError(.methodNotFound, "Method not found: \(envelope.method.prefix(64))").answering(id)
        }
        do {
            return try parse(envelope, operation: operation, version: version, versionHeader: versionHeader, limits: limits)
        } catch {
            throw error.answering(id).speaking(version)
        }
    }

    static func parse(_ envelope: A2AJSONRPCRequest, operation: A2AOperation, version: A2AProtocolVersion, versionHeader: String?,
                      limits: A2ALimits) throws(A2AError) -> A2AServerRequest {
        let raw = envelope.params ?? .object([:])
        let params: Params
        do {
            params = version.isLegacy ? try legacyParams(operation, raw) : try currentParams(operation, raw)
        } catch {
            throw version.isLegacy
                ? A2AError(.invalidRequest, "Invalid Request: \(error)")
                : A2AError(.invalidParams, "Invalid params: \(error)", metadata: ["parseError": .string(error.description)])
        }
        try A2AProtocolVersion.check(header: versionHeader, for: version)
        let violations = Self.requiredFieldViolations(params)
        guard violations.isEmpty else { throw A2AError.invalidParams("Validation failed", violations: violations) }
        if case .sendMessage(let s) = params, let parts = s.message?.parts.count, parts > limits.maxPartsPerMessage {
            throw A2AError.invalidParams("Invalid params: the message has \(parts) parts, the limit is \(limits.maxPartsPerMessage)")
        }
        return A2AServerRequest(id: envelope.id, operation: operation, version: version, params: params)
    }

    static func currentParams(_ operation: A2AOperation, _ raw: JSONValue) throws(ProtoJSONError) -> Params {
        switch operation {
        case .sendMessage, .sendStreamingMessage: .sendMessage(try SendMessageRequest(protoJSON: raw))
        case .getTask: .getTask(try GetTaskRequest(protoJSON: raw))
        case .listTasks: .listTasks(try ListTasksRequest(protoJSON: raw))
        case .cancelTask: .cancelTask(try CancelTaskRequest(protoJSON: raw))
        case .subscribeToTask: .subscribeToTask(try SubscribeToTaskRequest(protoJSON: raw))
        default: .other(raw)
        }
    }

    static func legacyParams(_ operation: A2AOperation, _ raw: JSONValue) throws(ProtoJSONError) -> Params {
        switch operation {
        case .sendMessage, .sendStreamingMessage:
            return .sendMessage(try SendMessageRequest(v03: A2AV03.MessageSendParams(v03JSON: raw, path: "params")))
        case .getTask: return .getTask(GetTaskRequest(v03: try A2AV03.TaskParams(v03JSON: raw, path: "params")))
        case .cancelTask: return .cancelTask(CancelTaskRequest(v03: try A2AV03.TaskParams(v03JSON: raw, path: "params")))
        case .subscribeToTask: return .subscribeToTask(SubscribeToTaskRequest(v03: try A2AV03.TaskParams(v03JSON: raw, path: "params")))
        default: return .other(raw)
        }
    }

    /// The REQUIRED fields of the proto that are missing, named as a2a-sdk names them (proto field names).
    static func requiredFieldViolations(_ params: Params) -> [A2AError.FieldViolation] {
        let required = "Field is required."
        let nonEmpty = "Field must contain at least one element."
        var out: [A2AError.FieldViolation] = []
        switch params {
        case .sendMessage(let s):
            guard let m = s.message else { return [.init(field: "message", description: required)] }
            if m.messageId.isEmpty { out.append(.init(field: "message.message_id", description: required)) }
            if m.role == .unspecified { out.append(.init(field: "message.role", description: required)) }
            if m.parts.isEmpty { out.append(.init(field: "message.parts", description: nonEmpty)) }
            if let push = s.configuration?.taskPushNotificationConfig, push.url.isEmpty {
                out.append(.init(field: "configuration.task_push_notification_config.url", description: required))
            }
        case .getTask(let r):
            if r.id.isEmpty { out.append(.init(field: "id", description: required)) }
        case .cancelTask(let r):
            if r.id.isEmpty { out.append(.init(field: "id", description: required)) }
        case .subscribeToTask(let r):
            if r.id.isEmpty { out.append(.init(field: "id", description: required)) }
        case .listTasks, .other:
            break
        }
        return out
    }

    // MARK: answers, in the client's version

    /// A success response with `result` already in the client's form.
    public func response(result: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id.json, "result": result])
    }

    /// The answer to `SendMessage` / `message/send`.
    public func response(_ result: SendMessageResponse) -> JSONValue {
        response(result: version.isLegacy ? result.v03.v03JSON : result.protoJSON)
    }

    /// The answer to `GetTask` or `CancelTask` (and their 0.3 names).
    public func response(task: A2ATask) -> JSONValue {
        response(result: version.isLegacy ? task.v03.v03JSON : task.protoJSON)
    }

    /// The answer to `ListTasks`, written as a2a-sdk writes it (see ``ListTasksResponse/wireResult(includeArtifacts:)``).
    public func response(_ list: ListTasksResponse) -> JSONValue {
        var include = false
        if case .listTasks(let r) = params { include = r.includeArtifacts ?? false }
        return response(result: list.wireResult(includeArtifacts: include))
    }

    /// The error response for this request.
    public func errorResponse(_ error: A2AError) -> JSONValue {
        error.answering(id).response(for: version)
    }

    /// One event of a streamed answer as an SSE frame.
    public func event(_ event: StreamResponse) -> Data {
        A2AServerSentEvents.frame(response(result: version.isLegacy ? event.v03.v03JSON : event.protoJSON), isError: false, version: version)
    }

    /// An error inside a stream, as an SSE frame (1.0: `event: error`).
    public func errorEvent(_ error: A2AError) -> Data {
        A2AServerSentEvents.frame(errorResponse(error), isError: true, version: version)
    }
}
