import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenCore
import WardenMCP
@testable import WardenServer

/// One bad request and what Warden must answer.
struct BadInput: Sendable, CustomTestStringConvertible {
    enum Key: Sendable { case bot, absent, invalid }
    var name: String
    var method: HTTPRequest.Method = .post
    var headers: [String: String] = Modern.headers("tools/list")
    var body: Data = Modern.body(1, "tools/list")
    var key: Key = .bot
    var status: Int
    var code: Int?
    var testDescription: String { name }
}

let badInputs: [BadInput] = [
    BadInput(name: "malformed JSON", body: Data("{\"jsonrpc\": \"2.0\", ".utf8), status: 400, code: -32700),
    BadInput(name: "batch", body: Data("[\(String(decoding: Modern.body(1, "tools/list"), as: UTF8.self))]".utf8), status: 400, code: -32600),
    BadInput(name: "not JSON-RPC 2.0", body: Data("{\"id\": 1, \"method\": \"tools/list\"}".utf8), status: 400, code: -32600),
    BadInput(name: "unknown method", headers: Modern.headers("foo/bar"), body: Modern.body(1, "foo/bar"), status: 404, code: -32601),
    BadInput(name: "Mcp-Method mismatch", headers: Modern.headers("tools/call"), status: 400, code: -32020),
    BadInput(name: "Mcp-Name mismatch", headers: Modern.headers("tools/call", name: "text.redact"),
             body: Modern.body(1, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "1"]]), status: 400, code: -32020),
    BadInput(name: "Mcp-Name missing", headers: Modern.headers("tools/call"),
             body: Modern.body(1, "tools/call", ["name": "math.evaluate", "arguments": ["expression": "1"]]), status: 400, code: -32020),
    BadInput(name: "MCP-Protocol-Version mismatch", headers: Modern.headers("tools/list", version: "2025-11-25"), status: 400, code: -32020),
    BadInput(name: "unsupported version", headers: Modern.headers("tools/list", version: "2099-01-01"),
             body: Modern.body(1, "tools/list", version: "2099-01-01"), status: 400, code: -32022),
    BadInput(name: "envelope without client capabilities", body: Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}"#.utf8),
             status: 400, code: -32602),
    BadInput(name: "tools/call without a name", headers: Modern.headers("tools/call"), body: Modern.body(1, "tools/call"), status: 400, code: -32602),
    BadInput(name: "oversized body", body: Data(repeating: 0x20, count: 1_048_577), status: 413, code: -32600),
    BadInput(name: "missing key", key: .absent, status: 401, code: -32600),
    BadInput(name: "invalid key", key: .invalid, status: 401, code: -32600),
    BadInput(name: "foreign Origin", headers: Modern.headers("tools/list").merging(["origin": "https://evil.example"]) { $1 }, status: 403, code: -32600),
    BadInput(name: "lookalike Origin", headers: Modern.headers("tools/list").merging(["origin": "http://localhost.evil.example"]) { $1 },
             status: 403, code: -32600),
    BadInput(name: "handshake request without session", headers: ["content-type": "application/json"],
             body: Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8), status: 400, code: -32600),
    BadInput(name: "unknown session", headers: ["content-type": "application/json", "mcp-session-id": "nope"],
             body: Data(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8), status: 404, code: -32001),
    BadInput(name: "GET without session", method: .get, headers: ["accept": "text/event-stream"], body: Data(), status: 405, code: -32600),
    BadInput(name: "DELETE of an unknown session", method: .delete, headers: ["mcp-session-id": "nope"], body: Data(), status: 404, code: -32001),
]

@Suite("MCP endpoint over HTTP", .serialized)
struct MCPEndpointTests {
    @Test("bad input is refused with the right status and JSON-RPC error", arguments: badInputs)
    func badInput(_ input: BadInput) async throws {
        let h = try await MCPHarness.shared.value
        let app = Application(router: h.router())
        try await app.test(.router) { client in
            var fields = HTTPFields()
            for (k, v) in input.headers { if let n = HTTPField.Name(k) { fields[n] = v } }
            switch input.key {
            case .bot: fields[.authorization] = "Bearer \(h.keys["bot"] ?? "")"
            case .invalid: fields[.authorization] = "Bearer wdn_notakey"
            case .absent: break
            }
            let body = input.body.isEmpty ? nil : ByteBuffer(bytes: input.body)
            try await client.execute(uri: "/mcp", method: input.method, headers: fields, body: body) { response in
                #expect(Int(response.status.code) == input.status, "\(input.name): \(String(buffer: response.body))")
                let json = try? JSONValue(parsing: Data(buffer: response.body))
                if let code = input.code {
                    #expect(json?["error"]?["code"]?.numberValue?.intValue == code, "\(input.name): \(String(buffer: response.body))")
                    if let json { #expect((try? MCPSchemas.problems(json, "JSONRPCErrorResponse")) == []) }
                }
                if input.status == 401 {
                    let challenge = response.headers[.wwwAuthenticate] ?? ""
                    #expect(challenge.hasPrefix("Bearer resource_metadata=\""))
                    #expect(challenge.contains("/.well-known/oauth-protected-resource"))
                }
                if input.code == -32022 {
                    #expect(json?["error"]?["data"]?["supported"] == .array(MCPProtocolVersion.supported.map { .string($0) }))
                    if let json { #expect((try? MCPSchemas.problems(json, "UnsupportedProtocolVersionError")) == []) }
                }
                if input.code == -32020, let json {
                    #expect((try? MCPSchemas.problems(json, "HeaderMismatchError")) == [])
                }
            }
        }
    }

    @Test("the application's router serves /mcp and the protected resource metadata")
    func applicationRoutes() async throws {
        let h = try await MCPHarness.shared.value
        let app = Application(router: try WardenApplication.router(engine: h.engine, configuration: h.configuration))
        try await app.test(.router) { client in
            var fields = HTTPFields()
            for (k, v) in Modern.headers("server/discover") { if let n = HTTPField.Name(k) { fields[n] = v } }
            fields[.authorization] = "Bearer \(h.keys["bot"] ?? "")"
            try await client.execute(uri: "/mcp", method: .post, headers: fields, body: ByteBuffer(bytes: Modern.body(1, "server/discover"))) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/json")
                #expect(r.headers[HTTPField.Name("X-Request-Id")!] != nil)
            }
            try await client.execute(uri: "/.well-known/oauth-protected-resource", method: .get) { r in
                #expect(r.status == .ok)
                let json = try JSONValue(parsing: Data(buffer: r.body))
                #expect(json["resource"]?.stringValue?.hasPrefix("http") == true)
                #expect(json["resource"]?.stringValue?.hasSuffix("/mcp") == true)
                #expect(json["bearer_methods_supported"] == ["header"])
                #expect(json["resource_name"] == "Warden")
            }
        }
    }
}
