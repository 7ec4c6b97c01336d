import Foundation
import WardenCore

/// One JSON-RPC 2.0 message from a client, as MCP's Streamable HTTP transport receives it (one message per POST;
/// batches are refused).
public enum JSONRPCMessage: Sendable, Equatable {
    /// A request: it has an id and expects a response.
    case request(id: JSONValue, method: String, params: JSONValue?)
    /// A notification: no id, no response.
    case notification(method: String, params: JSONValue?)
    /// A response to a request the server sent (the server sends none, so it is only acknowledged).
    case response(id: JSONValue)

    /// Parses one message.
    /// - Throws: ``JSONRPCError`` `-32700` for malformed JSON, `-32600` for a batch or anything that is not a
    ///   JSON-RPC 2.0 message.
    public static func parse(_ data: Data) throws(JSONRPCError) -> JSONRPCMessage {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: data, maxDepth: 128)
        } catch {
            throw JSONRPCError(.parseError, "Parse error: the body is not valid JSON")
        }
        return try parse(value)
    }

    /// Interprets an already parsed JSON value as one message.
    /// - Throws: ``JSONRPCError`` `-32600` when it is not a JSON-RPC 2.0 message.
    public static func parse(_ value: JSONValue) throws(JSONRPCError) -> JSONRPCMessage {
        guard case .object(let o) = value else {
            if case .array = value {
                throw JSONRPCError(.invalidRequest, "Invalid Request: JSON-RPC batches are not supported; send one message per request")
            }
            throw JSONRPCError(.invalidRequest, "Invalid Request: a JSON-RPC message is a JSON object")
        }
        guard o["jsonrpc"] == .string("2.0") else {
            throw JSONRPCError(.invalidRequest, "Invalid Request: \"jsonrpc\" must be \"2.0\"")
        }
        let id = o["id"]
        if let id, !Self.isValidID(id) {
            throw JSONRPCError(.invalidRequest, "Invalid Request: \"id\" must be a string or an integer")
        }
        let params = o["params"]
        if let params, !(params.objectValue != nil) {
            throw JSONRPCError(.invalidRequest, "Invalid Request: \"params\" must be an object", id: id)
        }
        if let m = o["method"] {
            guard let method = m.stringValue, !method.isEmpty else {
                throw JSONRPCError(.invalidRequest, "Invalid Request: \"method\" must be a non-empty string", id: id)
            }
            if let id { return .request(id: id, method: method, params: params) }
            return .notification(method: method, params: params)
        }
        if let id, o["result"] != nil || o["error"] != nil { return .response(id: id) }
        throw JSONRPCError(.invalidRequest, "Invalid Request: a message needs \"method\" (or \"result\"/\"error\" with \"id\")")
    }

    /// MCP request ids are strings or integers (never null).
    static func isValidID(_ id: JSONValue) -> Bool {
        switch id {
        case .string: true
        case .number(let n): n.isInteger
        default: false
        }
    }
}

/// A JSON-RPC error as sent to the client: code, message and optional data.
public struct JSONRPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error codes Warden uses.
    public enum Code: Int, Sendable {
        /// The body is not JSON.
        case parseError = -32700
        /// Not a JSON-RPC 2.0 message, a batch, or a request the transport cannot take (missing session, bad origin…).
        case invalidRequest = -32600
        /// No such method.
        case methodNotFound = -32601
        /// The params are wrong, or the tool is unknown.
        case invalidParams = -32602
        /// Something failed inside the server.
        case internalError = -32603
        /// Implementation-defined: the `Mcp-Session-Id` is unknown or expired (handshake era).
        case sessionNotFound = -32001
        /// MCP 2026-07-28: the HTTP headers do not match the body, or a required one is missing.
        case headerMismatch = -32020
        /// MCP 2026-07-28: the requested protocol version is not supported; `data.supported` lists ours.
        case unsupportedProtocolVersion = -32022
    }

    /// The JSON-RPC error code.
    public var code: Code
    /// A message for a person; never internal detail.
    public var message: String
    /// Structured detail (e.g. the supported versions of -32022).
    public var data: JSONValue?
    /// The id of the request it answers, when known.
    public var id: JSONValue?

    public init(_ code: Code, _ message: String, data: JSONValue? = nil, id: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
        self.id = id
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The JSON-RPC error response (without `id` when it is unknown, as MCP's schema wants).
    public var response: JSONValue {
        var error: [String: JSONValue] = ["code": .number(JSONNumber(code.rawValue)), "message": .string(message)]
        if let data { error["data"] = data }
        var out: [String: JSONValue] = ["jsonrpc": "2.0", "error": .object(error)]
        if let id { out["id"] = id }
        return .object(out)
    }
}

/// Builders for the messages the server sends.
public enum JSONRPCEncoding {
    /// A successful response.
    public static func result(id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object(["jsonrpc": "2.0", "id": id, "result": result])
    }

    /// A notification.
    public static func notification(_ method: String, params: JSONValue? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { o["params"] = params }
        return .object(o)
    }

    /// One server-sent event carrying `message`.
    public static func sseEvent(_ message: JSONValue) -> Data {
        var d = Data("event: message\ndata: ".utf8)
        d.append(message.canonicalData)
        d.append(contentsOf: Array("\n\n".utf8))
        return d
    }
}
