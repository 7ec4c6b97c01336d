import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// Malformed, oversized and wrong-type requests give the JSON-RPC error a2a-sdk's server gives, never a crash.
@Suite("A2A JSON-RPC requests and errors against a2a-sdk")
struct JSONRPCErrorTests {
    /// Parses an exchange's request as Warden's server would; the error response it would send.
    static func answer(_ e: A2AFixtures.Exchange) -> JSONValue? {
        do {
            _ = try A2AServerRequest.parse(body: e.requestBody, versionHeader: e.headers["a2a-version"])
            return nil
        } catch {
            return error.response
        }
    }

    @Test("each error a2a-sdk's server gave, Warden gives with the same code, id and ErrorInfo reason",
          arguments: try A2AFixtures.names(in: "exchanges").filter { $0.contains("error-") })
    func sameErrorAsSDK(name: String) throws {
        let e = try A2AFixtures.exchange(name)
        let expected = try #require(e.responseJSON)
        let actual = try #require(Self.answer(e), "\(name): Warden accepted what a2a-sdk refused")
        #expect(actual["error"]?["code"] == expected["error"]?["code"], "\(name): \(actual.canonicalString)")
        #expect(actual["id"] == expected["id"], "\(name)")
        #expect(actual["error"]?["data"]?.arrayValue?.first?["reason"] == expected["error"]?["data"]?.arrayValue?.first?["reason"], "\(name)")
        #expect((actual["error"]?["data"] == nil) == (expected["error"]?["data"] == nil), "\(name)")
    }

    @Test("missing required fields: the whole error object is a2a-sdk's (ErrorInfo errors and BadRequest violations)")
    func requiredFieldsExactly() throws {
        let e = try A2AFixtures.exchange("error-required-fields")
        #expect(Self.answer(e) == e.responseJSON)
    }

    @Test("a2a-sdk's error objects for every A2A error, rebuilt from the code", arguments: try A2AFixtures.json("v1/error-codes.json").objectValue?.keys.sorted() ?? [])
    func errorCodeTable(name: String) throws {
        let entry = try #require(try A2AFixtures.json("v1/error-codes.json")[name])
        let code = A2AErrorCode(rawValue: try #require(entry["code"]?.numberValue?.intValue))
        #expect(code.reason == entry["reason"]?.stringValue, "\(name)")
        var error = A2AError(code, requestID: .string("req-1"))
        error.writesDetails = true  // a2a-sdk's A2AError classes always carry details; its dispatcher's own two do not
        #expect(jsonDifference(error.response(for: .v1_0), try #require(entry["response"])) == nil,
                "\(name): \(jsonDifference(error.response(for: .v1_0), entry["response"] ?? nil) ?? "")")
        if let withData = entry["responseWithData"] {
            #expect(A2AError.taskNotFound("task-9").answering(.string("req-1")).response(for: .v1_0) == withData)
        }
    }

    @Test("the A2A codes are the ones of the specification")
    func codes() {
        let table: [(A2AErrorCode, Int)] = [
            (.taskNotFound, -32001), (.taskNotCancelable, -32002), (.pushNotificationNotSupported, -32003),
            (.unsupportedOperation, -32004), (.contentTypeNotSupported, -32005), (.invalidAgentResponse, -32006),
            (.extendedAgentCardNotConfigured, -32007), (.extensionSupportRequired, -32008), (.versionNotSupported, -32009),
            (.parseError, -32700), (.invalidRequest, -32600), (.methodNotFound, -32601), (.invalidParams, -32602),
            (.internalError, -32603), (.serverError, -32000),
        ]
        for (code, raw) in table { #expect(code.rawValue == raw) }
        #expect(!A2AErrorCode.versionNotSupported.isKnownToV03 && A2AErrorCode.extendedAgentCardNotConfigured.isKnownToV03)
    }

    @Test("0.3 clients get 0.3 error objects: data is the metadata or null, 1.0-only codes become -32603")
    func legacyErrorForm() {
        #expect(A2AError.taskNotFound().answering(.number(3)).response(for: .v0_3)
                == ["jsonrpc": "2.0", "id": 3, "error": ["code": -32001, "message": "Task not found", "data": nil]])
        let v = A2AError(.versionNotSupported, "nope").response(for: .v0_3)
        #expect(v["error"]?["code"] == -32603)
    }

    @Test("an error response from a peer reads back into code, message, metadata and violations")
    func readsPeerErrors() throws {
        let e = try A2AFixtures.exchange("error-required-fields")
        let body = try #require(e.responseJSON)
        let error = try #require(thrown(A2AError.self) { _ = try A2AClientCodec.result(of: body) })
        #expect(error.code == .invalidParams && error.message == "Validation failed")
        #expect(error.fieldViolations.map(\.field) == ["message.message_id", "message.parts"])
        #expect(error.requestID == .string("r-1"))
        let legacy = try #require(thrown(A2AError.self) {
            _ = try A2AClientCodec.result(of: ["jsonrpc": "2.0", "id": 1, "error": ["code": -32002, "message": "no", "data": ["code": "conflict"]]])
        })
        #expect(legacy.code == .taskNotCancelable && legacy.wardenCode == "conflict")
    }

    static let malformed: [(name: String, body: String, code: Int)] = [
        ("empty body", "", -32700),
        ("truncated", #"{"jsonrpc": "2.0", "id": 1, "method": "GetTask""#, -32700),
        ("not JSON", "hello", -32700),
        ("a number", "42", -32600),
        ("null", "null", -32600),
        ("batch", #"[{"jsonrpc":"2.0","id":1,"method":"GetTask"}]"#, -32600),
        ("jsonrpc 1.0", #"{"jsonrpc":"1.0","id":1,"method":"GetTask","params":{"id":"t"}}"#, -32600),
        ("jsonrpc missing", #"{"id":1,"method":"GetTask","params":{"id":"t"}}"#, -32600),
        ("method a number", #"{"jsonrpc":"2.0","id":1,"method":5}"#, -32600),
        ("method empty", #"{"jsonrpc":"2.0","id":1,"method":""}"#, -32600),
        ("id a boolean", #"{"jsonrpc":"2.0","id":true,"method":"GetTask","params":{"id":"t"}}"#, -32600),
        ("id an object", #"{"jsonrpc":"2.0","id":{},"method":"GetTask","params":{"id":"t"}}"#, -32600),
        ("id a fraction", #"{"jsonrpc":"2.0","id":1.5,"method":"GetTask","params":{"id":"t"}}"#, -32600),
        ("unknown method", #"{"jsonrpc":"2.0","id":1,"method":"tasks/list"}"#, -32601),
        ("params a string", #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":"t"}"#, -32602),
        ("id a number", #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":5}}"#, -32602),
        ("historyLength text", #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t","historyLength":"many"}}"#, -32602),
        ("historyLength too big", #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t","historyLength":4294967296}}"#, -32602),
        ("historyLength fraction", #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t","historyLength":1.5}}"#, -32602),
        ("parts an object", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":{}}}}"#, -32602),
        ("part empty", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{}]}}}"#, -32602),
        ("part two contents", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"a","url":"b"}]}}}"#, -32602),
        ("raw not base64", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"raw":"***"}]}}}"#, -32602),
        ("role an object", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":{},"parts":[{"text":"a"}]}}}"#, -32602),
        ("role unknown", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"user","parts":[{"text":"a"}]}}}"#, -32602),
        ("metadata a list", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"a"}]},"metadata":[1]}}"#, -32602),
        ("message missing", #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{}}"#, -32602),
        ("timestamp bad", #"{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"statusTimestampAfter":"yesterday"}}"#, -32602),
        ("blocking text (0.3)", #"{"jsonrpc":"2.0","id":1,"method":"message/send","params":{"message":{"messageId":"m","role":"user","parts":[{"kind":"text","text":"a"}]},"configuration":{"blocking":"yes"}}}"#, -32600),
        ("0.3 part kind unknown", #"{"jsonrpc":"2.0","id":1,"method":"message/send","params":{"message":{"messageId":"m","role":"user","parts":[{"kind":"video"}]}}}"#, -32600),
        ("0.3 role unknown", #"{"jsonrpc":"2.0","id":1,"method":"message/send","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}}"#, -32600),
        ("0.3 id missing", #"{"jsonrpc":"2.0","id":1,"method":"tasks/get","params":{}}"#, -32600),
    ]

    @Test("malformed and wrong-type requests give the right JSON-RPC error", arguments: malformed.map(\.name))
    func malformedRequests(name: String) throws {
        let c = try #require(Self.malformed.first { $0.name == name })
        let header = c.body.contains("/") ? "0.3" : "1.0"
        let error = try #require(thrown(A2AError.self) {
            _ = try A2AServerRequest.parse(body: Data(c.body.utf8), versionHeader: header)
        }, "\(name) was accepted")
        #expect(error.code.rawValue == c.code, "\(name): \(error)")
        #expect(!error.message.isEmpty)
    }

    @Test("a valid 1.0 request by proto field names parses (a2a-sdk's ParseDict takes them)")
    func snakeCaseParams() throws {
        let e = try A2AFixtures.exchange("v1-snake-case-params")
        let request = try A2AServerRequest.parse(body: e.requestBody, versionHeader: "1.0")
        #expect(request.params == .getTask(GetTaskRequest(id: "no-such-task", historyLength: 1)))
        #expect(request.id == .number(6))
    }

    @Test("a request without id is answered with id null, as a2a-sdk does")
    func noID() throws {
        let r = try A2AServerRequest.parse(body: Data(#"{"jsonrpc":"2.0","method":"GetTask","params":{"id":"t"}}"#.utf8), versionHeader: "1.0")
        #expect(r.id == .null)
        #expect(r.response(task: A2ATask(id: "t", status: .init(state: .working)))["id"] == .null)
    }
}
