import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
@testable import WardenServer

/// Bodies that must be refused with a 4xx and change nothing.
private let badProposals: [(String, String, HTTPResponse.Status, String)] = [
    ("malformed JSON", #"{"name": "x", "#, .badRequest, "invalid_input"),
    ("not an object", "[1,2,3]", .badRequest, "invalid_input"),
    ("empty body", "", .badRequest, "invalid_input"),
    ("unknown field", toolJSON(["colour": "blue"]), .badRequest, "invalid_input"),
    ("unknown nested field", toolJSON(["rateLimit": ["requests": 1, "perSeconds": 1, "burst": 5]]), .badRequest, "invalid_input"),
    ("invalid name", toolJSON(name: "bad name!"), .badRequest, "invalid_input"),
    ("name too long", toolJSON(name: String(repeating: "n", count: 65)), .badRequest, "invalid_input"),
    ("invalid semver", toolJSON(version: "1.0"), .badRequest, "invalid_input"),
    ("leading zero semver", toolJSON(version: "01.0.0"), .badRequest, "invalid_input"),
    ("schema not an object schema", toolJSON(["inputSchema": ["type": "string"]]), .badRequest, "invalid_input"),
    ("invalid JSON Schema", toolJSON(["inputSchema": ["type": "object", "properties": ["a": ["type": 5]]]]), .badRequest, "invalid_input"),
    ("missing field", toolJSON(["owner": .null]), .badRequest, "invalid_input"),
    ("wrong type", toolJSON(["timeoutMs": "soon"]), .badRequest, "invalid_input"),
    ("unknown sensitivity", toolJSON(["dataRequirements": ["reads": ["secret"], "returns": []]]), .badRequest, "invalid_input"),
    ("credential value instead of name", toolJSON(["requiredCredentials": ["sk-live 123"]]), .badRequest, "invalid_input"),
    ("provider section mismatch", toolJSON(["provider": ["kind": "mcp", "origin": "internal", "builtin": "x"]]), .badRequest, "invalid_input"),
]

@Suite("Bad input")
struct BadInputTests {
    @Test("a bad proposal is refused and nothing is recorded", arguments: badProposals.indices)
    func badProposal(_ i: Int) async throws {
        let (label, body, status, code) = badProposals[i]
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(.post, "/v1/tools", as: h.keys["req"], json: body)
            #expect(r.status == status, "\(label): \(r.json)")
            #expect(r.errorCode == code, "\(label)")
            #expect(r.json["error"]?["message"]?.stringValue?.isEmpty == false)
        }
        let names = try await h.store.read { try $0.allToolVersions().map(\.name) }
        #expect(Set(names) == ["time.now", "math.evaluate", "text.redact"], "\(label) must record nothing")
    }

    @Test func oversizedBodyIs413() async throws {
        let h = try await ServerHarness()
        let huge = toolJSON(["description": .string(String(repeating: "x", count: 1_100_000))])
        try await h.app().test(.router) { client in
            let r = try await client.send(.post, "/v1/tools", as: h.keys["req"], json: huge)
            #expect(r.status == .contentTooLarge)
            #expect(r.errorCode == "payload_too_large")
        }
    }

    @Test func nonJSONContentTypeIs415() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(.post, "/v1/tools", as: h.keys["req"], json: toolJSON(), headers: [.contentType: "text/plain"])
            #expect(r.status == .unsupportedMediaType)
        }
    }

    @Test func duplicateVersionIsConflictAndChangesNothing() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            #expect(try await client.send(.post, "/v1/tools", as: h.keys["req"], json: toolJSON()).status == .created)
            let again = try await client.send(.post, "/v1/tools", as: h.keys["req"], json: toolJSON(["title": "Different"]))
            #expect(again.status == .conflict)
            let stored = try await h.store.read { try $0.toolVersions(name: "weather.lookup") }
            #expect(stored.count == 1 && stored[0].definition.title == "Weather")
        }
    }

    @Test("malformed path parameters and queries", arguments: [
        (HTTPRequest.Method.get, "/v1/tools/time.now/versions/1.0", HTTPResponse.Status.badRequest),
        (.get, "/v1/tools/time.now/versions/9.9.9", .notFound),
        (.get, "/v1/tools/time.now/diff?from=x&to=1.0.0", .badRequest),
        (.get, "/v1/tools/time.now/versions/1.0.0/approval-status?outcome=maybe", .badRequest),
        (.get, "/v1/audit/events?limit=0", .badRequest),
        (.get, "/v1/audit/events?limit=abc", .badRequest),
        (.get, "/v1/audit/events?after=-5", .badRequest),
    ])
    func badParameters(method: HTTPRequest.Method, uri: String, status: HTTPResponse.Status) async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(method, uri, as: h.keys[uri.hasPrefix("/v1/audit") ? "aud" : "admin"])
            #expect(r.status == status, "\(uri): \(r.json)")
        }
    }

    @Test("bad bodies on the other write routes", arguments: [
        ("/v1/principals", #"{"id":"bad id!","displayName":"x","kind":"person","roles":[]}"#),
        ("/v1/principals", #"{"id":"ok","displayName":"x","kind":"robot","roles":[]}"#),
        ("/v1/principals", #"{"id":"ok","displayName":"x","kind":"person","roles":["Not A Role"]}"#),
        ("/v1/tools/time.now/versions/1.0.0/reviews", #"{"kind":"security","verdict":"pass","summary":"x","findings":[]}"#),
        ("/v1/tools/time.now/versions/1.0.0/decision", #"{"outcome":"approved_with_conditions","reasons":"x"}"#),
        ("/v1/tools/time.now/transitions", #"{"action":"explode"}"#),
        ("/v1/principals/admin/keys", #"{"expiresAt":"yesterday"}"#),
    ])
    func badBodies(uri: String, body: String) async throws {
        let h = try await ServerHarness()
        let before = try await h.store.read { try $0.principalCount() }
        try await h.app().test(.router) { client in
            let r = try await client.send(.post, uri, as: h.keys["admin"], json: body)
            #expect(r.status.code >= 400 && r.status.code < 500, "\(uri): \(r.json)")
            #expect(r.status != .unauthorized && r.status != .notFound)
        }
        #expect(try await h.store.read { try $0.principalCount() } == before)
    }
}
