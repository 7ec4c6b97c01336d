import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import WardenCore

/// An error response from the Warden server: `{"error": {"code", "message", "requestId"}}`.
struct APIError: Error, CustomStringConvertible {
    var status: Int
    var code: String
    var message: String
    var requestID: String?

    var description: String {
        var s = "error [\(code)]: \(message)"
        if let id = requestID, !id.isEmpty { s += " (request id \(id))" }
        return s
    }
}

/// A small client for Warden's admin API. It sends JSON, checks the status and turns error bodies into
/// ``APIError``; it never prints or logs the API key.
final class WardenClient: Sendable {
    let server: String
    private let apiKey: String?
    private let http: HTTPClient

    /// The largest response body read (the audit log pages are the largest answers).
    static let maxResponseBytes = 64 * 1024 * 1024

    /// - Parameter tls: the TLS settings for an https server (trusted CAs, a client certificate); the defaults when nil.
    init(server: String, apiKey: String?, tls: TLSConfiguration? = nil) {
        self.server = server
        self.apiKey = apiKey
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(60)))
        configuration.tlsConfiguration = tls
        // Fail at once when nothing listens, rather than retrying until the connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async {
        try? await http.shutdown()
    }

    /// `path` percent-encoded component by component, with `query` appended.
    func url(_ path: [String], query: [(String, String)] = []) -> String {
        var s = server + "/" + path.map(Self.encode).joined(separator: "/")
        if !query.isEmpty {
            s += "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        return s
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ component: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return component.addingPercentEncoding(withAllowedCharacters: allowed) ?? component
    }

    /// Sends a request and returns the body of a 2xx response.
    /// - Throws: ``APIError`` for an error response, ``CLIFailure`` when the server cannot be reached.
    func send(_ method: HTTPMethod, _ path: [String], query: [(String, String)] = [], body: Data? = nil) async throws -> Data {
        var request = HTTPClientRequest(url: url(path, query: query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "warden-cli")
        if let key = apiKey { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(120))
        } catch {
            throw CLIFailure.failed("the Warden server at \(server) is not reachable (\(Self.describe(error))); start it with `warden serve`, or point --server or WARDEN_SERVER at a running one")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw CLIFailure.failed("reading the answer of \(server) failed: \(Self.describe(error))")
        }
        let data = Data(buffer.readableBytesView)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw Self.apiError(status: status, body: data, headerRequestID: response.headers.first(name: "X-Request-Id"))
        }
        return data
    }

    /// Sends a request and decodes the 2xx answer; returns the value and the raw body (for `--json`).
    func call<T: Decodable>(_ type: T.Type, _ method: HTTPMethod, _ path: [String], query: [(String, String)] = [],
                            body: Data? = nil) async throws -> (value: T, raw: Data) {
        let data = try await send(method, path, query: query, body: body)
        return (try Self.decode(T.self, from: data), data)
    }

    func get<T: Decodable>(_ type: T.Type, _ path: [String], query: [(String, String)] = []) async throws -> (value: T, raw: Data) {
        try await call(T.self, .GET, path, query: query)
    }

    func post<T: Decodable>(_ type: T.Type, _ path: [String], json: some Encodable) async throws -> (value: T, raw: Data) {
        try await call(T.self, .POST, path, body: try WardenJSON.encode(json))
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try WardenJSON.decode(T.self, from: data)
        } catch let e as DecodingError {
            throw CLIFailure.failed("the server's answer is not a \(T.self) this client understands (\(DocumentLoader.describe(e))); are the client and server the same version?")
        }
    }

    static func apiError(status: Int, body: Data, headerRequestID: String?) -> APIError {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: body), let error = value["error"],
            let code = error["code"]?.stringValue
        {
            return APIError(status: status, code: code, message: error["message"]?.stringValue ?? "(no message)",
                            requestID: error["requestId"]?.stringValue ?? headerRequestID)
        }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return APIError(status: status, code: "http_\(status)",
                        message: text.isEmpty ? "the server answered HTTP \(status)" : "the server answered HTTP \(status): \(text)",
                        requestID: headerRequestID)
    }

    static func describe(_ error: Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("ECONNREFUSED") || text.contains("Connection refused") {
            return "connection refused"
        }
        if text.contains("connectTimeout") { return "connection timed out" }
        if text.contains("deadlineExceeded") { return "no answer in time" }
        return String(text.prefix(200))
    }
}
