import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// How the protocol version is picked and checked, as a2a-sdk 1.3 does.
@Suite("A2A-Version negotiation")
struct A2AVersionTests {
    static let cases: [(header: String?, method: String, accepted: Bool)] = [
        ("1.0", "GetTask", true), ("1.0.3", "GetTask", true), ("1.1", "GetTask", true), ("1", "GetTask", true),
        (nil, "GetTask", false), ("", "GetTask", false), ("0.3", "GetTask", false), ("2.0", "GetTask", false),
        ("one", "GetTask", false),
        (nil, "tasks/get", true), ("", "tasks/get", true), ("0.3", "tasks/get", true), ("0.2", "tasks/get", true),
        ("1.0", "tasks/get", false),
    ]

    @Test("the method name picks the version; the header must have its major version (empty means 0.3)",
          arguments: cases.indices)
    func negotiation(index: Int) throws {
        let c = Self.cases[index]
        let params = c.method == "GetTask" ? #"{"id":"t"}"# : #"{"id":"t"}"#
        let body = Data(#"{"jsonrpc":"2.0","id":1,"method":"\#(c.method)","params":\#(params)}"#.utf8)
        let outcome = Result { try A2AServerRequest.parse(body: body, versionHeader: c.header) }
        switch outcome {
        case .success(let r):
            #expect(c.accepted, "\(c)")
            #expect(r.version == (c.method == "GetTask" ? .v1_0 : .v0_3))
        case .failure(let e as A2AError):
            #expect(!c.accepted, "\(c): \(e)")
            #expect(e.code == .versionNotSupported && e.requestID == .number(1))
        case .failure(let e):
            Issue.record("\(e)")
        }
    }

    @Test("the messages are a2a-sdk's, plus what to send when the header is missing")
    func messages() throws {
        let e = try #require(thrown(A2AError.self) { try A2AProtocolVersion.check(header: "2.0", for: .v1_0) })
        #expect(e.message == "A2A version '2.0' is not supported by this handler. Expected version '1.0'.")
        let missing = try #require(thrown(A2AError.self) { try A2AProtocolVersion.check(header: nil, for: .v1_0) })
        #expect(missing.message.hasPrefix("A2A version '0.3' is not supported") && missing.message.contains("A2A-Version: 1.0"))
    }

    @Test("the client sends the headers a2a-sdk's transports send")
    func clientHeaders() throws {
        let e = try A2AFixtures.exchange("v1-send-streaming-message")
        let headers = Dictionary(uniqueKeysWithValues: A2AClientCodec.headers(for: .sendStreamingMessage, version: .v1_0).map { ($0.name.lowercased(), $0.value) })
        #expect(headers["a2a-version"] == e.headers["a2a-version"])
        #expect(headers["accept"] == e.headers["accept"])
        let legacy = try A2AFixtures.exchange("v03-message-send")
        #expect(A2AClientCodec.headers(for: .sendMessage, version: .v0_3).first?.value == legacy.headers["a2a-version"])
        #expect(thrown(A2AError.self) { _ = try A2AClientCodec.request(.listTasks(.init()), operation: .listTasks, id: .number(1), version: .v0_3) }?.code == .methodNotFound)
    }
}
