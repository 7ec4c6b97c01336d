import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// SSE framing of streamed answers, and reading a2a-sdk's streams.
@Suite("A2A server-sent events")
struct A2AServerSentEventsTests {
    @Test("an event is data: {json-rpc response} and a blank line; 1.0 errors are also named error")
    func framing() throws {
        let response: JSONValue = ["jsonrpc": "2.0", "id": 1, "result": ["task": ["id": "t"]]]
        #expect(String(decoding: A2AServerSentEvents.frame(response), as: UTF8.self)
                == #"data: {"id":1,"jsonrpc":"2.0","result":{"task":{"id":"t"}}}"# + "\n\n")
        let request = try A2AServerRequest.parse(body: Data(#"{"jsonrpc":"2.0","id":1,"method":"SendStreamingMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"x"}]}}}"#.utf8), versionHeader: "1.0")
        #expect(String(decoding: request.errorEvent(.taskNotFound()), as: UTF8.self).hasPrefix("event: error\ndata: {"))
        let legacy = try A2AServerRequest.parse(body: Data(#"{"jsonrpc":"2.0","id":1,"method":"message/stream","params":{"message":{"messageId":"m","role":"user","parts":[{"kind":"text","text":"x"}]}}}"#.utf8), versionHeader: nil)
        #expect(String(decoding: legacy.errorEvent(.taskNotFound()), as: UTF8.self).hasPrefix("data: {"))
    }

    @Test("a2a-sdk's 1.0 stream (CRLF lines), fed in small chunks, gives its four events; each re-encodes exactly")
    func readsSDKStream() throws {
        let e = try A2AFixtures.exchange("v1-send-streaming-message")
        let raw = Array(try #require(e.responseRaw).utf8)
        #expect(e.contentType.hasPrefix(A2AServerSentEvents.contentType))
        let request = try A2AServerRequest.parse(body: e.requestBody, versionHeader: "1.0")
        var parser = A2AServerSentEvents.Parser()
        var events: [A2AServerSentEvents.Event] = []
        for start in stride(from: 0, to: raw.count, by: 13) {
            events += try parser.feed(raw[start..<min(start + 13, raw.count)])
        }
        #expect(events.count == 4)
        var kinds: [String] = []
        for ev in events {
            #expect(ev.name == "message")
            let response = try JSONValue.parse(ev.data)
            let event = try A2AClientCodec.streamEvent(try A2AClientCodec.result(of: response), version: .v1_0)
            switch event {
            case .task: kinds.append("task")
            case .message: kinds.append("message")
            case .statusUpdate: kinds.append("status")
            case .artifactUpdate: kinds.append("artifact")
            }
            let written = try JSONValue(parsing: request.event(event).dropFirst(6).dropLast(2))
            #expect(written == response)
        }
        #expect(kinds == ["task", "status", "artifact", "status"])
    }

    @Test("comments, named events, multi-line data and CR line ends")
    func parserRules() throws {
        var p = A2AServerSentEvents.Parser()
        let events = try p.feed(Array(": ping\r\revent: error\ndata:a\ndata: b\n\ndata\n\n\n".utf8))
        // A bare "data" line is an empty data line: an event with empty data, as in a2a-sdk's parser (its client skips it).
        #expect(events == [.init(name: "error", data: "a\nb"), .init(name: "message", data: "")])
        var small = A2AServerSentEvents.Parser(maxLineBytes: 8)
        #expect(thrown(A2AError.self) { _ = try small.feed(Array("data: 0123456789".utf8)) } != nil)
    }
}
