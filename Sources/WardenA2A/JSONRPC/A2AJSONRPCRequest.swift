import Foundation
import JSONSchema

/// One JSON-RPC 2.0 request to an A2A endpoint: the envelope only, checked as a2a-sdk's dispatcher checks it.
public struct A2AJSONRPCRequest: Sendable, Equatable {
    /// The id (`null` when absent: a2a-sdk answers notifications too).
    public var id: A2ARequestID
    public var method: String
    /// The params object; `nil` when absent.
    public var params: JSONValue?

    public init(id: A2ARequestID, method: String, params: JSONValue?) {
        self.id = id
        self.method = method
        self.params = params
    }

    /// Parses and checks a request body.
    /// - Throws: ``A2AError`` -32600 for a body over ``A2ALimits/maxBodyBytes``, JSON nested deeper than
    ///   ``A2ALimits/maxDepth``, a batch, a non-object, a `jsonrpc` other than `"2.0"`, a missing or empty method,
    ///   or an id that is not a string, integer or null; -32700 when the body is not JSON; -32602 when `params`
    ///   is not an object. The error carries the request id when it could be read.
    public static func parse(_ body: Data, limits: A2ALimits = .standard) throws(A2AError) -> A2AJSONRPCRequest {
        guard body.count <= limits.maxBodyBytes else {
            throw A2AError.invalidRequest("Payload too large: the body has \(body.count) bytes, the limit is \(limits.maxBodyBytes)")
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: body, maxDepth: limits.maxDepth)
        } catch let e as JSONParseError where e.message.hasPrefix("nesting deeper") {
            throw A2AError.invalidRequest("Invalid Request: the JSON is nested deeper than \(limits.maxDepth) levels")
        } catch {
            throw A2AError(.parseError, "Parse error: the body is not valid JSON (\(error))")
        }
        return try parse(value)
    }

    /// Checks an already parsed body.
    /// - Throws: ``A2AError`` as ``parse(_:limits:)``.
    public static func parse(_ value: JSONValue) throws(A2AError) -> A2AJSONRPCRequest {
        guard case .object(let o) = value else {
            if case .array = value { throw A2AError.invalidRequest("Batch requests are not supported") }
            throw A2AError.invalidRequest("Invalid Request: a JSON-RPC request is a JSON object")
        }
        guard let id = A2ARequestID(json: o["id"] ?? .null) else {
            throw A2AError.invalidRequest("Invalid request: id must be a string, integer, or null")
        }
        guard o["jsonrpc"] == .string("2.0") else {
            throw A2AError.invalidRequest("Invalid request: 'jsonrpc' must be exactly '2.0'").answering(id)
        }
        guard case .string(let method)? = o["method"], !method.isEmpty else {
            throw A2AError.invalidRequest("Invalid Request: \"method\" must be a non-empty string").answering(id)
        }
        let params = o["params"]
        if let params, params != .null, params.objectValue == nil {
            throw A2AError.invalidParams("Invalid params: \"params\" must be an object").answering(id)
        }
        return A2AJSONRPCRequest(id: id, method: method, params: params == .null ? nil : params)
    }

    /// The request as a client sends it.
    public var json: JSONValue {
        var o: [String: JSONValue] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
        if let params { o["params"] = params }
        return .object(o)
    }
}
