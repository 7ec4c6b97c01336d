import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// 0.3 forms and the 0.3 <-> 1.0 converters, against the pairs a2a-sdk's own converters produced.
@Suite("A2A 0.3 forms and conversions against a2a-sdk")
struct V03ConversionTests {
    struct Pair: Sendable, CustomTestStringConvertible {
        var v1: String
        var v03: String
        var type: String
        var testDescription: String { "\(type): \(v1)" }
    }

    static func pairs() throws -> [Pair] {
        try A2AFixtures.json("conversions.json").arrayValue?.compactMap { p in
            guard let a = p["v1"]?.stringValue, let b = p["v0_3"]?.stringValue, let t = p["type"]?.stringValue else { return nil }
            return Pair(v1: a, v03: b, type: t)
        } ?? []
    }

    /// (1.0 -> 0.3 JSON, 0.3 JSON -> 0.3 JSON re-encoded, 0.3 -> 1.0 JSON) for one pair.
    static func convert(_ p: Pair, v1: JSONValue, v03: JSONValue) throws -> (down: JSONValue, reencoded: JSONValue, up: JSONValue) {
        switch p.type {
        case "message":
            return (try A2AMessage(protoJSON: v1).v03.v03JSON, try A2AV03.Message(v03JSON: v03).v03JSON,
                    try A2AMessage(v03: A2AV03.Message(v03JSON: v03)).protoJSON)
        case "task":
            return (try A2ATask(protoJSON: v1).v03.v03JSON, try A2AV03.Task(v03JSON: v03).v03JSON,
                    try A2ATask(v03: A2AV03.Task(v03JSON: v03)).protoJSON)
        case "statusUpdate":
            return (try TaskStatusUpdateEvent(protoJSON: v1).v03.v03JSON, try A2AV03.TaskStatusUpdateEvent(v03JSON: v03).v03JSON,
                    try TaskStatusUpdateEvent(v03: A2AV03.TaskStatusUpdateEvent(v03JSON: v03)).protoJSON)
        case "artifactUpdate":
            return (try TaskArtifactUpdateEvent(protoJSON: v1).v03.v03JSON, try A2AV03.TaskArtifactUpdateEvent(v03JSON: v03).v03JSON,
                    try TaskArtifactUpdateEvent(v03: A2AV03.TaskArtifactUpdateEvent(v03JSON: v03)).protoJSON)
        default:
            throw ProtoJSONError(path: "", problem: "no converter for \(p.type)")
        }
    }

    @Test("1.0 -> 0.3 gives what a2a-sdk's converter gives, 0.3 re-encodes exactly, 0.3 -> 1.0 loses only what 0.3 cannot say",
          arguments: try pairs())
    func pairConverts(_ p: Pair) throws {
        let v1 = try A2AFixtures.json(p.v1), v03 = try A2AFixtures.json(p.v03)
        let (down, reencoded, up) = try Self.convert(p, v1: v1, v03: v03)
        #expect(jsonDifference(down, v03) == nil, "down: \(jsonDifference(down, v03) ?? "")")
        #expect(jsonDifference(reencoded, v03) == nil, "re-encoded: \(jsonDifference(reencoded, v03) ?? "")")
        // Back up, the value equals the original except for 0.3's losses: media types of text and data parts.
        let expectedUp = Self.droppingInlineMediaTypes(v1)
        #expect(jsonDifference(up, expectedUp) == nil, "up: \(jsonDifference(up, expectedUp) ?? "")")
    }

    /// `value` without the `mediaType` of text and data parts (0.3 has no place for it).
    static func droppingInlineMediaTypes(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var o):
            if o["text"] != nil || o["data"] != nil, o["raw"] == nil, o["url"] == nil { o["mediaType"] = nil }
            return .object(o.mapValues(droppingInlineMediaTypes))
        case .array(let a):
            return .array(a.map(droppingInlineMediaTypes))
        default:
            return value
        }
    }

    @Test("the 0.3 states and roles map to 1.0 and back")
    func statesAndRoles() {
        for s in A2AV03.TaskState.allCases {
            #expect(A2ATaskState(v03: s).v03 == s)
        }
        #expect(A2ATaskState(v03: .unknown) == .unspecified)
        #expect(A2ATaskState(v03: .inputRequired) == .inputRequired && A2ATaskState.authRequired.v03.rawValue == "auth-required")
        #expect(A2AMessage(messageId: "m", role: .unspecified, parts: []).v03.role == .agent)
    }

    @Test("a non-object data part travels through 0.3 as {value} with data_part_compat, and comes back")
    func nonObjectData() throws {
        let part = A2APart.data([1, 2, 3])
        let down = part.v03
        #expect(down.v03JSON == ["kind": "data", "data": ["value": [1, 2, 3]], "metadata": ["data_part_compat": true]])
        #expect(try A2APart(v03: down).content == .data([1, 2, 3]))
        #expect(try A2APart(v03: down).metadata == nil)
    }

    @Test("send params: 1.0 -> 0.3 as a2a-sdk writes them (tenant dropped, blocking = !returnImmediately) and back")
    func sendParams() throws {
        let v1 = try SendMessageRequest(protoJSON: A2AFixtures.json("v1/send-message-request.json"))
        let v03Request = try A2AFixtures.json("v0_3/send-message-request.json")
        let params = try #require(v03Request["params"])
        #expect(jsonDifference(v1.v03.v03JSON, params) == nil, "\(jsonDifference(v1.v03.v03JSON, params) ?? "")")
        var back = try SendMessageRequest(v03: A2AV03.MessageSendParams(v03JSON: params))
        #expect(back.configuration?.returnImmediately == true)
        #expect(back.configuration?.historyLength == 5)
        #expect(back.configuration?.taskPushNotificationConfig?.authentication == AuthenticationInfo(scheme: "Bearer", credentials: "secret"))
        back.tenant = v1.tenant
        #expect(jsonDifference(back.protoJSON, Self.droppingInlineMediaTypes(v1.protoJSON)) == nil)
        #expect(v03Request["method"] == "message/send")
    }

    @Test("get and cancel params as a2a-sdk writes them for 0.3")
    func taskParams() throws {
        let get = try A2AFixtures.json("v0_3/get-task-request.json")
        #expect(GetTaskRequest(id: "task-1", historyLength: 3).v03.v03JSON == get["params"])
        #expect(get["method"] == "tasks/get")
        let cancel = try A2AFixtures.json("v0_3/cancel-task-request.json")
        #expect(CancelTaskRequest(id: "task-1", metadata: ["why": "user"]).v03.v03JSON == cancel["params"])
        #expect(cancel["method"] == "tasks/cancel")
        // 0.3 historyLength 0 means "no limit": it is not carried into 1.0, where 0 would mean "none".
        #expect(GetTaskRequest(v03: A2AV03.TaskParams(id: "t", historyLength: 0)).historyLength == nil)
    }

    @Test("the method names of both versions resolve to one operation")
    func methodNames() {
        let table: [(String, A2AOperation, A2AProtocolVersion)] = [
            ("SendMessage", .sendMessage, .v1_0), ("message/send", .sendMessage, .v0_3),
            ("SendStreamingMessage", .sendStreamingMessage, .v1_0), ("message/stream", .sendStreamingMessage, .v0_3),
            ("GetTask", .getTask, .v1_0), ("tasks/get", .getTask, .v0_3),
            ("CancelTask", .cancelTask, .v1_0), ("tasks/cancel", .cancelTask, .v0_3),
            ("SubscribeToTask", .subscribeToTask, .v1_0), ("tasks/resubscribe", .subscribeToTask, .v0_3),
            ("ListTasks", .listTasks, .v1_0),
        ]
        for (name, op, version) in table {
            let resolved = A2AOperation.resolve(method: name)
            #expect(resolved?.operation == op && resolved?.version == version, "\(name)")
            #expect(op.methodName(for: version) == name)
        }
        #expect(A2AOperation.resolve(method: "tasks/list") == nil)
        #expect(A2AOperation.listTasks.methodName(for: .v0_3) == nil)
        #expect(A2AOperation.resolve(method: "sendMessage") == nil)
    }

    @Test("the 0.3 exchanges: a2a-sdk's 0.3 client requests parse, its server's answers read and re-encode exactly")
    func legacyExchanges() throws {
        for e in try A2AFixtures.exchanges() where e.name.hasPrefix("v03-") && !e.name.hasPrefix("v03-error") {
            let request = try A2AServerRequest.parse(body: e.requestBody, versionHeader: e.headers["a2a-version"])
            #expect(request.version == .v0_3, "\(e.name)")
            let resent = try A2AClientCodec.request(request.params, operation: request.operation, id: request.id, version: .v0_3).json
            #expect(jsonDifference(resent, try #require(e.requestJSON)) == nil, "\(e.name): \(jsonDifference(resent, e.requestJSON ?? nil) ?? "")")
            if let raw = e.responseRaw {
                var parser = A2AServerSentEvents.Parser()
                let events = try parser.feed(Array(raw.utf8))
                #expect(events.count == 4, "\(e.name)")
                for ev in events {
                    let response = try JSONValue.parse(ev.data)
                    let event = try A2AClientCodec.streamEvent(try A2AClientCodec.result(of: response), version: .v0_3)
                    let rewritten = try JSONValue(parsing: request.event(event).dropFirst(6).dropLast(2))
                    #expect(jsonDifference(rewritten, response) == nil, "\(e.name): \(jsonDifference(rewritten, response) ?? "")")
                }
                continue
            }
            let response = try #require(e.responseJSON)
            do {
                let result = try A2AClientCodec.result(of: response)
                let rewritten = request.operation == .sendMessage
                    ? request.response(try A2AClientCodec.sendMessageResult(result, version: .v0_3))
                    : request.response(task: try A2AClientCodec.taskResult(result, version: .v0_3))
                #expect(jsonDifference(rewritten, response) == nil, "\(e.name): \(jsonDifference(rewritten, response) ?? "")")
            } catch {
                #expect(jsonDifference(request.errorResponse(error), response) == nil,
                        "\(e.name): \(jsonDifference(request.errorResponse(error), response) ?? "")")
            }
        }
    }
}
