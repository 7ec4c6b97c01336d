import Foundation
import Testing
import WardenCore
@testable import WardenMCP

@Suite("JSON-RPC messages")
struct JSONRPCMessageTests {
    @Test("parses requests, notifications and responses", arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#, "request"),
        (#"{"jsonrpc":"2.0","id":"a","method":"tools/list","params":{}}"#, "request"),
        (#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, "notification"),
        (#"{"jsonrpc":"2.0","id":3,"result":{}}"#, "response"),
        (#"{"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"x"}}"#, "response"),
    ])
    func parses(text: String, kind: String) throws {
        let m = try JSONRPCMessage.parse(Data(text.utf8))
        switch m {
        case .request: #expect(kind == "request")
        case .notification: #expect(kind == "notification")
        case .response: #expect(kind == "response")
        }
    }

    @Test("refuses what is not one JSON-RPC 2.0 message", arguments: [
        ("", -32700), ("{", -32700), ("nul", -32700), ("[]", -32600), (#"[{"jsonrpc":"2.0","id":1,"method":"a"}]"#, -32600),
        ("1", -32600), (#"{"jsonrpc":"1.0","id":1,"method":"a"}"#, -32600), (#"{"jsonrpc":"2.0","id":null,"method":"a"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"a"}"#, -32600), (#"{"jsonrpc":"2.0","id":{},"method":"a"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":""}"#, -32600), (#"{"jsonrpc":"2.0","id":1,"method":7}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"a","params":[1]}"#, -32600), (#"{"jsonrpc":"2.0","id":1}"#, -32600),
        (String(repeating: "[", count: 10_000), -32700),
    ])
    func refuses(text: String, code: Int) {
        #expect(throws: JSONRPCError.self) { try JSONRPCMessage.parse(Data(text.utf8)) }
        do {
            _ = try JSONRPCMessage.parse(Data(text.utf8))
        } catch {
            #expect(error.code.rawValue == code)
        }
    }

    @Test("Mcp-Name values may use the base64 sentinel")
    func headerValues() {
        #expect(MCPServer.decodeHeaderValue("math.evaluate") == "math.evaluate")
        #expect(MCPServer.decodeHeaderValue("=?base64?bWF0aC5ldmFsdWF0ZQ==?=") == "math.evaluate")
        #expect(MCPServer.decodeHeaderValue("=?base64?not base64?=") == nil)
        #expect(MCPServer.decodeHeaderValue(nil) == nil)
    }
}
