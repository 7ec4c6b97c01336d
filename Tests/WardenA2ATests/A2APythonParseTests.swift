import Foundation
import JSONSchema
import Testing
import A2APeerSupport
import WardenCore
@testable import WardenA2A

/// The official a2a-sdk (in the peers virtualenv) parses what Warden writes.
enum A2APython {
    static var repositoryRoot: URL { PeerVenv.repositoryRoot }

    /// `WARDEN_TEST_PYTHON`, else `<repo>/.venv-peers/bin/python` when it exists.
    static var python: URL? { PeerVenv.python }

    static var available: Bool { python != nil }

    /// Runs `script` with `input` on standard input; its standard output, or a failure message.
    static func run(_ script: String, input: Data) throws -> String {
        let python = try #require(python)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-a2a-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let scriptURL = dir.appendingPathComponent("parse.py"), inURL = dir.appendingPathComponent("in.json")
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        try Data(script.utf8).write(to: scriptURL)
        try input.write(to: inURL)
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = python
        p.arguments = [scriptURL.path, inURL.path]
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        p.waitUntilExit()
        let out = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        #expect(p.terminationStatus == 0, "python failed: \(err)")
        return out
    }
}

@Suite("a2a-sdk parses Warden's A2A JSON", .enabled(if: A2APython.available,
    "the Python peers are not installed: python3 -m venv .venv-peers && .venv-peers/bin/pip install mcp \"a2a-sdk[http-server]\" jsonschema"))
struct A2APythonParseTests {
    /// Parses each `[type, json]` strictly (unknown fields are errors) with `json_format.ParseDict` and prints
    /// `MessageToDict` of the result.
    static let script = #"""
    import json, sys
    from google.protobuf import json_format
    from a2a.types import a2a_pb2
    items = json.load(open(sys.argv[1]))
    out = [json_format.MessageToDict(json_format.ParseDict(value, getattr(a2a_pb2, name)())) for name, value in items]
    print(json.dumps(out))
    """#

    @Test("a card, requests, a task and stream events Warden writes parse with ParseDict into the same values")
    func parseDictAcceptsWardenJSON() throws {
        var card = AgentCard(
            name: "Warden", description: "Governed agents.",
            supportedInterfaces: [AgentInterface(url: "https://warden.test/a2a"),
                                  AgentInterface(url: "https://warden.test/a2a", protocolVersion: "0.3")],
            version: "1.2.3", capabilities: AgentCapabilities(streaming: true, pushNotifications: false),
            defaultInputModes: ["application/json"], defaultOutputModes: ["application/json"],
            skills: [AgentSkill(id: "lookup", name: "Lookup", description: "Looks up.", tags: ["orders"],
                                examples: ["find A-1"], securityRequirements: [SecurityRequirement(["oauth2": ["a2a:invoke"]])])],
            provider: AgentProvider(organization: "Example", url: "https://example.test"),
            documentationUrl: "https://warden.test/docs",
            securitySchemes: [
                "bearer": .httpAuth(.init(scheme: "Bearer", bearerFormat: "JWT")),
                "oauth2": .oauth2(.init(flows: .clientCredentials(.init(tokenUrl: "https://warden.test/oauth/token",
                                                                        scopes: ["a2a:invoke": "Call skills"])))),
                "mtls": .mutualTLS(.init(description: "Client certificate")),
            ],
            securityRequirements: [SecurityRequirement(["bearer": []]), SecurityRequirement(["mtls": []])])
        card = SkillSchemasExtension.setting(["lookup": .init(input: ["type": "object", "required": ["id"]], output: ["type": "object"])], in: card)
        let message = A2AMessage(messageId: "m-1", role: .user, parts: [
            .text("hi"), .data(["n": 1.5, "ok": true]), A2APart(.raw(Data([0, 1, 254, 255])), mediaType: "application/octet-stream", filename: "b.bin"),
            A2APart(.url("https://files.test/x.png"), mediaType: "image/png"),
        ], contextId: "c-1", metadata: ["k": "v"])
        let task = A2ATask(id: "t-1", contextId: "c-1",
                           status: A2ATaskStatus(state: .completed, timestamp: ProtoTimestamp(rfc3339: "2026-03-01T12:00:05.250Z")),
                           artifacts: [A2AArtifact(artifactId: "a-1", parts: [.text("done")])], history: [message])
        let items: [(String, JSONValue)] = [
            ("AgentCard", card.protoJSON),
            ("SendMessageRequest", SendMessageRequest(message: message, configuration: .init(acceptedOutputModes: ["application/json"], historyLength: 0, returnImmediately: true)).protoJSON),
            ("Task", task.protoJSON),
            ("SendMessageResponse", SendMessageResponse.task(task).protoJSON),
            ("StreamResponse", StreamResponse.statusUpdate(.init(taskId: "t-1", contextId: "c-1", status: .init(state: .working))).protoJSON),
            ("StreamResponse", StreamResponse.artifactUpdate(.init(taskId: "t-1", contextId: "c-1", artifact: .init(artifactId: "a", parts: [.text("x")]), append: true)).protoJSON),
            ("ListTasksRequest", ListTasksRequest(status: .working, pageSize: 10, statusTimestampAfter: ProtoTimestamp(seconds: 0), includeArtifacts: false).protoJSON),
            ("ListTasksResponse", ListTasksResponse(tasks: [task], pageSize: 1, totalSize: 1).protoJSON),
            ("GetTaskRequest", GetTaskRequest(id: "t-1", historyLength: 2).protoJSON),
            ("CancelTaskRequest", CancelTaskRequest(id: "t-1").protoJSON),
        ]
        let input = JSONValue.array(items.map { .array([.string($0.0), $0.1]) }).canonicalData
        let output = try JSONValue.parse(try A2APython.run(Self.script, input: input))
        let parsed = try #require(output.arrayValue)
        #expect(parsed.count == items.count)
        for ((name, mine), theirs) in zip(items, parsed) {
            #expect(jsonDifference(mine, theirs) == nil, "\(name): \(jsonDifference(mine, theirs) ?? "")")
        }
    }
}
