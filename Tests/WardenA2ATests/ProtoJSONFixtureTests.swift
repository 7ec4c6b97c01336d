import Foundation
import JSONSchema
import Testing
@testable import WardenA2A

/// Every 1.0 fixture decodes and re-encodes to exactly the JSON a2a-sdk wrote.
@Suite("A2A 1.0 proto3 JSON against a2a-sdk")
struct ProtoJSONFixtureTests {
    /// Decodes `json` as `T` and re-encodes it.
    static func roundTrip<T: ProtoJSONCodable>(_ type: T.Type, _ json: JSONValue) throws -> JSONValue {
        try T(protoJSON: json).protoJSON
    }

    static let table: [(file: String, reencode: @Sendable (JSONValue) throws -> JSONValue)] = [
        ("v1/agent-card.json", { try roundTrip(AgentCard.self, $0) }),
        ("v1/message.json", { try roundTrip(A2AMessage.self, $0) }),
        ("v1/task.json", { try roundTrip(A2ATask.self, $0) }),
        ("v1/artifact.json", { try roundTrip(A2AArtifact.self, $0) }),
        ("v1/send-message-request.json", { try roundTrip(SendMessageRequest.self, $0) }),
        ("v1/send-message-request-minimal.json", { try roundTrip(SendMessageRequest.self, $0) }),
        ("v1/send-message-response-task.json", { try roundTrip(SendMessageResponse.self, $0) }),
        ("v1/send-message-response-message.json", { try roundTrip(SendMessageResponse.self, $0) }),
        ("v1/get-task-request.json", { try roundTrip(GetTaskRequest.self, $0) }),
        ("v1/cancel-task-request.json", { try roundTrip(CancelTaskRequest.self, $0) }),
        ("v1/subscribe-to-task-request.json", { try roundTrip(SubscribeToTaskRequest.self, $0) }),
        ("v1/list-tasks-request.json", { try roundTrip(ListTasksRequest.self, $0) }),
        ("v1/list-tasks-response.json", { try roundTrip(ListTasksResponse.self, $0) }),
        ("v1/stream-response-task.json", { try roundTrip(StreamResponse.self, $0) }),
        ("v1/stream-response-message.json", { try roundTrip(StreamResponse.self, $0) }),
        ("v1/stream-response-status-update.json", { try roundTrip(StreamResponse.self, $0) }),
        ("v1/stream-response-artifact-update.json", { try roundTrip(StreamResponse.self, $0) }),
        ("v1/status-update-final.json", { try roundTrip(TaskStatusUpdateEvent.self, $0) }),
    ]

    @Test("every 1.0 fixture decodes and re-encodes to a2a-sdk's JSON", arguments: table.map(\.file))
    func fixtureRoundTrips(file: String) throws {
        let entry = try #require(Self.table.first { $0.file == file })
        let expected = try A2AFixtures.json(file)
        let actual = try entry.reencode(expected)
        #expect(jsonDifference(actual, expected) == nil, "\(file): \(jsonDifference(actual, expected) ?? "")")
    }

    @Test("the table covers every 1.0 value fixture")
    func tableIsComplete() throws {
        let files = Set(try A2AFixtures.names(in: "v1").map { "v1/\($0).json" })
        let covered = Set(Self.table.map(\.file))
        let notValues: Set = ["v1/agent-card-served.json", "v1/error-codes.json", "v1/task-states.json", "v1/roles.json"]
        #expect(files.subtracting(covered).subtracting(notValues).isEmpty, "untested: \(files.subtracting(covered).subtracting(notValues))")
    }

    @Test("the decoded card holds what a2a-sdk put in it")
    func cardContents() throws {
        let card = try AgentCard(protoJSON: A2AFixtures.json("v1/agent-card.json"))
        #expect(card.supportedInterfaces.map(\.protocolVersion) == ["1.0", "0.3", "1.0"])
        #expect(card.supportedInterfaces[2].tenant == "tenant-a")
        #expect(card.capabilities?.streaming == true)
        #expect(card.capabilities?.pushNotifications == false)
        guard case .httpAuth(let bearer)? = card.securitySchemes["bearer"] else { Issue.record("no bearer scheme"); return }
        #expect(bearer.scheme == "Bearer" && bearer.bearerFormat == "JWT")
        guard case .oauth2(let oauth)? = card.securitySchemes["oauth2"], case .clientCredentials(let flow)? = oauth.flows else {
            Issue.record("no client-credentials scheme"); return
        }
        #expect(flow.tokenUrl == "https://warden.example/oauth/token")
        #expect(flow.scopes == ["a2a:invoke": "Call skills"])
        #expect(card.securitySchemes["mtls"] == .mutualTLS(.init(description: "A client certificate from the configured CA.")))
        #expect(card.securityRequirements.map(\.schemes) == [["bearer": []], ["oauth2": ["a2a:invoke"]], ["mtls": []]])
        #expect(card.skills.first?.securityRequirements.first?.schemes == ["oauth2": ["a2a:invoke"]])
        let schemas = SkillSchemasExtension.schemas(in: card)
        #expect(schemas["lookup-order"]?.input?["required"] == ["orderId"])
        #expect(schemas["lookup-order"]?.output?["type"] == "object")
    }

    @Test("the skill-schemas extension Warden writes is the one in the fixture card")
    func skillSchemasExtension() throws {
        let card = try AgentCard(protoJSON: A2AFixtures.json("v1/agent-card.json"))
        let declared = try #require(card.capabilities?.extensions.first { $0.uri == SkillSchemasExtension.uri })
        #expect(SkillSchemasExtension.declaration(SkillSchemasExtension.schemas(in: card)) == declared)
        let replaced = SkillSchemasExtension.setting(["echo": .init(input: ["type": "string"])], in: card)
        #expect(SkillSchemasExtension.schemas(in: replaced) == ["echo": .init(input: ["type": "string"])])
        #expect(replaced.capabilities?.extensions.filter { $0.uri == SkillSchemasExtension.uri }.count == 1)
    }

    @Test("the card a2a-sdk serves (1.0 with 0.3 fields merged in) decodes to the same card")
    func servedCardDecodes() throws {
        let served = try AgentCard(protoJSON: A2AFixtures.json("v1/agent-card-served.json"))
        let plain = try AgentCard(protoJSON: A2AFixtures.json("v1/agent-card.json"))
        #expect(served == plain)
    }

    @Test("parts of every kind keep their content")
    func partsDecode() throws {
        let m = try A2AMessage(protoJSON: A2AFixtures.json("v1/message.json"))
        #expect(m.role == .user)
        #expect(m.parts.map(\.content) == [
            .text("Where is order A-1234?"),
            .data(["count": 2, "nested": ["x": nil], "ok": true, "orderId": "A-1234", "tags": ["a"]]),
            .raw(Data("%PDF-1.7 ".utf8) + Data([0, 1, 0xFE, 0xFF])),
            .url("https://files.example/receipt.png"),
        ])
        #expect(m.parts[2].filename == "invoice.pdf" && m.parts[2].mediaType == "application/pdf")
    }

    @Test("every task state and role a2a-sdk knows, by its proto name")
    func enumsMatch() throws {
        let states = try A2AFixtures.json("v1/task-states.json").arrayValue?.compactMap(\.stringValue) ?? []
        #expect(states == A2ATaskState.allCases.sorted { $0.number < $1.number }.map(\.rawValue))
        let roles = try A2AFixtures.json("v1/roles.json").arrayValue?.compactMap(\.stringValue) ?? []
        #expect(roles == A2ARole.allCases.sorted { $0.number < $1.number }.map(\.rawValue))
    }

    @Test("fields are found by their proto (snake_case) names too, and null means unset")
    func protoNamesAndNull() throws {
        let m = try A2AMessage(protoJSON: ["message_id": "m", "role": "ROLE_AGENT", "context_id": nil,
                                           "parts": [["text": "x", "media_type": "text/plain"]], "reference_task_ids": ["t"]])
        #expect(m.messageId == "m" && m.role == .agent && m.contextId == "" && m.referenceTaskIds == ["t"])
        #expect(m.parts[0].mediaType == "text/plain")
        let g = try GetTaskRequest(protoJSON: ["id": "t", "historyLength": "3"])
        #expect(g.historyLength == 3)
        #expect(try A2AMessage(protoJSON: ["role": 2]).role == .agent)
        #expect(try A2AMessage(protoJSON: ["role": "ROLE_BOSS"]).role == .unspecified)
        #expect(try A2APart(protoJSON: ["data": nil]).content == .data(.null))
        #expect(try A2APart(protoJSON: ["raw": "_-8"]).content == .raw(Data([0xFF, 0xEF])))
    }

    @Test("the real exchanges: what a2a-sdk's client sent and its server answered decodes and re-encodes exactly")
    func exchangesRoundTrip() throws {
        for e in try A2AFixtures.exchanges() where e.name.hasPrefix("v1-") && e.name != "v1-snake-case-params" {
            let request = try A2AServerRequest.parse(body: e.requestBody, versionHeader: e.headers["a2a-version"])
            #expect(request.version == .v1_0, "\(e.name)")
            let reencodedParams = try A2AClientCodec.request(request.params, operation: request.operation, id: request.id,
                                                             version: request.version).json
            #expect(jsonDifference(reencodedParams, try #require(e.requestJSON)) == nil, "\(e.name): \(jsonDifference(reencodedParams, e.requestJSON ?? nil) ?? "")")
            guard let response = e.responseJSON else { continue }
            let result: JSONValue
            do {
                result = try A2AClientCodec.result(of: response)
            } catch {
                // An error answer reads back into the same error and is written again exactly as a2a-sdk wrote it.
                #expect(error.code.rawValue == response["error"]?["code"]?.numberValue?.intValue, "\(e.name)")
                #expect(jsonDifference(request.errorResponse(error), response) == nil,
                        "\(e.name): \(jsonDifference(request.errorResponse(error), response) ?? "")")
                continue
            }
            let rewritten: JSONValue
            switch request.operation {
            case .sendMessage: rewritten = request.response(try A2AClientCodec.sendMessageResult(result, version: .v1_0))
            case .getTask, .cancelTask: rewritten = request.response(task: try A2AClientCodec.taskResult(result, version: .v1_0))
            case .listTasks: rewritten = request.response(try A2AClientCodec.listTasksResult(result))
            default: continue
            }
            #expect(jsonDifference(rewritten, response) == nil, "\(e.name): \(jsonDifference(rewritten, response) ?? "")")
        }
    }
}
