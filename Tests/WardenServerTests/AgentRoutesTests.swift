import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
@testable import WardenServer

@Suite("Agent registry routes: bad input and refusals")
struct AgentRoutesTests {
    /// An internal agent's registration by card URL.
    func registration(cardURL: String) -> String {
        #"{"name":"billing","version":"1.0.0","description":"Invoices.","purpose":"Billing questions.","owner":"team-billing","trustLevel":"internal","clearance":"internal","cardURL":"\#(cardURL)"}"#
    }

    /// One harness for the whole table: every case must leave the registry empty, which the end checks.
    @Test func malformedOversizedAndUnreachableRegistrationsAreRefusedAndRecordNothing() async throws {
        let h = try await ServerHarness()
        let valid = agentJSON()
        let cases: [(String, String, HTTPFields, HTTPResponse.Status, String)] = [
            ("not JSON", "{\"name\": ", [:], .badRequest, "invalid_input"),
            ("unknown field", valid.replacingOccurrences(of: #""owner":"#, with: #""colour":"red","owner":"#), [:], .badRequest, "invalid_input"),
            ("missing trust level", valid.replacingOccurrences(of: #""trustLevel":"internal","#, with: ""), [:], .badRequest, "invalid_input"),
            ("bad name", valid.replacingOccurrences(of: #""name":"billing""#, with: #""name":"bill ing""#), [:], .badRequest, "invalid_input"),
            ("bad level", valid.replacingOccurrences(of: #""clearance":"internal""#, with: #""clearance":"secret""#), [:], .badRequest, "invalid_input"),
            ("both card and URL", valid.replacingOccurrences(of: #""card":{"#, with: #""cardURL":"https://x.example.com/c","card":{"#), [:],
             .badRequest, "invalid_input"),
            ("not a card", agentJSON().replacingOccurrences(of: #""card":{"name":"Billing""#, with: #""card":{"nom":"Billing""#), [:],
             .badRequest, "invalid_input"),
            ("unreachable card", registration(cardURL: "http://127.0.0.1:1/.well-known/agent-card.json"),
             [:], .serviceUnavailable, "upstream_unavailable"),
            ("oversized", #"{"name":"billing","description":""# + String(repeating: "x", count: 1_100_000) + #""}"#, [:],
             .contentTooLarge, "payload_too_large"),
            ("not JSON content", valid, [.contentType: "text/plain"], .unsupportedMediaType, "unsupported_media_type"),
        ]
        try await h.app().test(.router) { client in
            for (name, body, headers, status, code) in cases {
                let r = try await client.send(.post, "/v1/agents", as: h.keys["req"], json: body, headers: headers)
                #expect(r.status == status, "\(name): \(r.json)")
                #expect(r.errorCode == code, "\(name): \(r.json)")
                let message = r.json["error"]?["message"]?.stringValue ?? ""
                #expect(message.count > 10, "\(name) says what is wrong")
            }
            for (uri, status) in [("/v1/agents?serving=maybe", HTTPResponse.Status.badRequest), ("/v1/agents?colour=red", .badRequest),
                                  ("/v1/agents?skill=", .badRequest), ("/v1/agents/billing/versions/1.0", .badRequest),
                                  ("/v1/agents/billing", .notFound)] {
                let r = try await client.send(.get, uri, as: h.keys["bot"])
                #expect(r.status == status, "\(uri): \(r.json)")
            }
        }
        #expect(try await h.store.read { try $0.allAgentVersions() }.isEmpty)
    }

    @Test func registrationFetchesNothingForACallerWithoutThePermission() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            // A card URL nobody serves: a refusal must come before any fetch, so it is 403, not 502.
            let body = registration(cardURL: "http://127.0.0.1:1/card")
            let r = try await client.send(.post, "/v1/agents", as: h.keys["bot"], json: body)
            #expect(r.status == .forbidden, "\(r.json)")
            let created = try await client.send(.post, "/v1/agents", as: h.keys["req"], json: agentJSON())
            #expect(created.status == .created, "\(created.json)")
            #expect(created.json["state"] == "active")
            let refresh = try await client.send(.post, "/v1/agents/billing/refresh", as: h.keys["bot"])
            #expect(refresh.status == .forbidden)
            let byAdmin = try await client.send(.post, "/v1/agents/billing/refresh", as: h.keys["admin"])
            #expect(byAdmin.json["outcome"] == "inline", "\(byAdmin.json)")
        }
        let denied = try await h.store.read { try $0.auditEvents(afterSeq: 0, limit: 1000) }.filter { $0.outcome == .denied }
        #expect(denied.contains { $0.action == "agent.register" && $0.actor == "bot" })
    }
}
