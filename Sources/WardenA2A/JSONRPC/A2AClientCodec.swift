import Foundation
import JSONSchema

/// What Warden's A2A client sends and how it reads the answers, in the protocol version of the target's interface
/// (as a2a-sdk's `JsonRpcTransport` for 1.0 and `CompatJsonRpcTransport` for 0.3 do).
public enum A2AClientCodec {
    /// The headers of a request: `A2A-Version` (1.0 or 0.3), `Content-Type`, and `Accept: text/event-stream`
    /// for streaming operations.
    public static func headers(for operation: A2AOperation, version: A2AProtocolVersion) -> [(name: String, value: String)] {
        [(A2AProtocolVersion.headerName, version.description), ("Content-Type", "application/json"),
         ("Accept", operation.isStreaming ? A2AServerSentEvents.contentType : "application/json")]
    }

    /// The JSON-RPC request for `params` in `version`.
    /// - Throws: ``A2AError`` -32601 when 0.3 has no such method (`ListTasks`).
    public static func request(_ params: A2AServerRequest.Params, operation: A2AOperation, id: A2ARequestID,
                               version: A2AProtocolVersion) throws(A2AError) -> A2AJSONRPCRequest {
        guard let method = operation.methodName(for: version) else {
            throw A2AError(.methodNotFound, "A2A \(version) has no \(operation.rawValue); the agent must speak 1.0")
        }
        let legacy = version.isLegacy
        let json: JSONValue
        switch params {
        case .sendMessage(let r): json = legacy ? r.v03.v03JSON : r.protoJSON
        case .getTask(let r): json = legacy ? r.v03.v03JSON : r.protoJSON
        case .listTasks(let r): json = r.protoJSON
        case .cancelTask(let r): json = legacy ? r.v03.v03JSON : r.protoJSON
        case .subscribeToTask(let r): json = legacy ? r.v03.v03JSON : r.protoJSON
        case .other(let v): json = v
        }
        return A2AJSONRPCRequest(id: id, method: method, params: json)
    }

    /// The `result` of a JSON-RPC response body.
    /// - Throws: ``A2AError``: the peer's error (code, message, metadata) when it answered one; -32006 (invalid
    ///   agent response) when the body is not JSON, too deep or large, or not a JSON-RPC response.
    public static func result(of body: Data, limits: A2ALimits = .standard) throws(A2AError) -> JSONValue {
        guard body.count <= limits.maxBodyBytes else {
            throw A2AError.invalidAgentResponse("the agent's answer has \(body.count) bytes, the limit is \(limits.maxBodyBytes)")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, maxDepth: limits.maxDepth)
        } catch {
            throw A2AError.invalidAgentResponse("the agent's answer is not JSON (\(error))")
        }
        return try result(of: value)
    }

    /// The `result` of a parsed JSON-RPC response; see ``result(of:limits:)``.
    public static func result(of value: JSONValue) throws(A2AError) -> JSONValue {
        guard case .object(let o) = value else {
            throw A2AError.invalidAgentResponse("the agent's answer is not a JSON-RPC response object")
        }
        if let e = o["error"], e != .null {
            guard case .object = e else { throw A2AError.invalidAgentResponse("the agent's error is not an object") }
            throw A2AError(errorObject: e, requestID: o["id"].flatMap(A2ARequestID.init(json:)))
        }
        guard let result = o["result"] else {
            throw A2AError.invalidAgentResponse("the agent's answer has neither result nor error")
        }
        return result
    }

    /// Reads a `SendMessage` / `message/send` result.
    /// - Throws: ``A2AError`` -32006 when it is not a task or message of that version.
    public static func sendMessageResult(_ result: JSONValue, version: A2AProtocolVersion) throws(A2AError) -> SendMessageResponse {
        try invalid { () throws(ProtoJSONError) -> SendMessageResponse in
            version.isLegacy ? try SendMessageResponse(v03: A2AV03.StreamResult(v03JSON: result)) : try SendMessageResponse(protoJSON: result)
        }
    }

    /// Reads a `GetTask` / `CancelTask` result (or their 0.3 names).
    public static func taskResult(_ result: JSONValue, version: A2AProtocolVersion) throws(A2AError) -> A2ATask {
        try invalid { () throws(ProtoJSONError) -> A2ATask in version.isLegacy ? try A2ATask(v03: A2AV03.Task(v03JSON: result)) : try A2ATask(protoJSON: result) }
    }

    /// Reads a `ListTasks` result.
    public static func listTasksResult(_ result: JSONValue) throws(A2AError) -> ListTasksResponse {
        try invalid { () throws(ProtoJSONError) -> ListTasksResponse in try ListTasksResponse(protoJSON: result) }
    }

    /// Reads the `result` of one streamed event (the `data` of an SSE event holds a whole JSON-RPC response:
    /// pass it to ``result(of:limits:)`` first).
    public static func streamEvent(_ result: JSONValue, version: A2AProtocolVersion) throws(A2AError) -> StreamResponse {
        try invalid { () throws(ProtoJSONError) -> StreamResponse in version.isLegacy ? try StreamResponse(v03: A2AV03.StreamResult(v03JSON: result)) : try StreamResponse(protoJSON: result) }
    }

    static func invalid<T>(_ body: () throws(ProtoJSONError) -> T) throws(A2AError) -> T {
        do {
            return try body()
        } catch {
            throw A2AError.invalidAgentResponse("the agent's answer does not follow the protocol: \(error)")
        }
    }
}
