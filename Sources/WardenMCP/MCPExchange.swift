import Foundation
import WardenCore

/// One HTTP request to the MCP endpoint, stripped of its HTTP library: what ``MCPServer`` needs to answer it.
public struct MCPHTTPRequest: Sendable {
    /// The HTTP method, upper case (`POST`, `GET`, `DELETE`).
    public var method: String
    /// Header fields by lowercased name (one value each; the transport joins repeated fields).
    public var headers: [String: String]
    /// The body bytes (empty for GET and DELETE).
    public var body: Data
    /// The authenticated caller.
    public var principal: Principal
    /// The request id every response and audit event carries.
    public var requestID: String

    public init(method: String, headers: [String: String], body: Data, principal: Principal, requestID: String) {
        self.method = method
        self.headers = headers
        self.body = body
        self.principal = principal
        self.requestID = requestID
    }
}

/// The answer to an ``MCPHTTPRequest``: status, headers, and a body that is empty, JSON, or a server-sent event stream.
public struct MCPHTTPResponse: Sendable {
    /// What the response carries.
    public enum Body: Sendable {
        case empty
        /// One JSON document (`Content-Type: application/json`).
        case json(Data)
        /// A `text/event-stream`: chunks of bytes, each one or more complete events. Ends when the stream finishes;
        /// the transport calls `close` when it stops sending (client gone), which releases the subscription.
        case stream(AsyncStream<Data>, close: @Sendable () -> Void)
    }

    /// The HTTP status code.
    public var status: Int
    /// Header fields to send (names as MCP spells them, e.g. `Mcp-Session-Id`).
    public var headers: [(name: String, value: String)]
    public var body: Body

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Body = .empty) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ status: Int, _ value: JSONValue, headers: [(name: String, value: String)] = []) -> MCPHTTPResponse {
        MCPHTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: .json(value.canonicalData))
    }

    /// A JSON-RPC error response.
    public static func error(_ status: Int, _ error: JSONRPCError, headers: [(name: String, value: String)] = []) -> MCPHTTPResponse {
        json(status, error.response, headers: headers)
    }

    /// The JSON body, if any (for tests and logs).
    public var jsonBody: JSONValue? {
        if case .json(let d) = body { return try? JSONValue(parsing: d) }
        return nil
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
