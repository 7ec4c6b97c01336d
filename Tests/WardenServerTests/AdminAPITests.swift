import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
@testable import WardenServer

/// Every route with a concrete URI, a body that is valid for it, and whether an `agent` may call it.
private let routeCases: [(HTTPRequest.Method, String, String?, Bool)] = [
    (.get, "/v1/whoami", nil, true),
    (.get, "/v1/policy", nil, true),
    (.get, "/v1/principals", nil, false),
    (.post, "/v1/principals", #"{"id":"x","displayName":"X","kind":"person","roles":[]}"#, false),
    (.get, "/v1/principals/req", nil, false),
    (.patch, "/v1/principals/req", #"{"displayName":"R"}"#, false),
    (.post, "/v1/principals/req/keys", "{}", false),
    (.post, "/v1/keys/abcdefghijkl/revoke", nil, false),
    (.get, "/v1/tools", nil, true),
    (.post, "/v1/tools", toolJSON(), false),
    (.get, "/v1/tools/time.now", nil, true),
    (.get, "/v1/tools/time.now/versions/1.0.0", nil, true),
    (.post, "/v1/tools/time.now/versions/1.0.0/reviews", reviewJSON("security"), false),
    (.post, "/v1/tools/time.now/versions/1.0.0/approvals", #"{"approve":true}"#, false),
    (.get, "/v1/tools/time.now/versions/1.0.0/approval-status", nil, true),
    (.post, "/v1/tools/time.now/versions/1.0.0/decision", #"{"outcome":"approved","reasons":"ok"}"#, false),
    (.post, "/v1/tools/time.now/transitions", #"{"action":"suspend"}"#, false),
    (.get, "/v1/tools/time.now/diff?from=1.0.0&to=1.0.0", nil, true),
    (.get, "/v1/audit/events", nil, false),
    (.get, "/v1/audit/verify", nil, false),
    (.get, "/v1/audit/checkpoints", nil, false),
    (.post, "/v1/advisories", #"{"advisories":[]}"#, false),
    (.get, "/v1/advisories/findings", nil, true),
    (.get, "/v1/reviews/due", nil, true),
    (.post, "/v1/tools/time.now/periodic-reviews", #"{"notes":"still needed"}"#, false),
    (.get, "/v1/audit/payloads/1", nil, false),
    (.get, "/v1/tools/time.now/versions/1.0.0/checks", nil, true),
    (.post, "/v1/tools/time.now/versions/1.0.0/checks", nil, false),
    (.get, "/v1/check-runs/00000000-0000-0000-0000-000000000000", nil, true),
    (.get, "/v1/oauth/clients", nil, false),
    (.post, "/v1/oauth/clients", #"{"principalID":"bot","scopes":["tools.call"]}"#, false),
    (.post, "/v1/oauth/clients/wc_abc/rotate", nil, false),
    (.delete, "/v1/oauth/clients/wc_abc", nil, false),
    (.get, "/v1/agents", nil, true),
    (.post, "/v1/agents", agentJSON(), false),
    (.get, "/v1/agents/billing", nil, true),
    (.get, "/v1/agents/billing/versions/1.0.0", nil, true),
    (.post, "/v1/agents/billing/versions/1.0.0/reviews", reviewJSON("security"), false),
    (.post, "/v1/agents/billing/versions/1.0.0/approvals", #"{"approve":true}"#, false),
    (.post, "/v1/agents/billing/versions/1.0.0/decision", #"{"outcome":"approved","reasons":"ok"}"#, false),
    (.post, "/v1/agents/billing/transitions", #"{"action":"suspend"}"#, false),
    (.post, "/v1/agents/billing/refresh", nil, false),
    (.post, "/v1/agents/billing/periodic-reviews", #"{"notes":"still needed"}"#, false),
]

/// A registration with an inline card (nothing to fetch).
func agentJSON(name: String = "billing", trust: String = "internal") -> String {
    #"{"name":"\#(name)","version":"1.0.0","description":"Invoices.","purpose":"Billing questions.","owner":"team-billing","trustLevel":"\#(trust)","clearance":"internal","card":{"name":"Billing","description":"d","version":"1","supportedInterfaces":[{"url":"http://127.0.0.1:1/a2a","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],"skills":[{"id":"invoice","name":"Invoice","description":"d","tags":["billing"]}]}}"#
}

@Suite("Admin API")
struct AdminAPITests {
    @Test("every documented route exists and every route is documented")
    func openAPIMatchesRoutes() throws {
        let schemas = try RequestSchemas.load()
        var documented = Set<String>()
        for (path, item) in schemas.document["paths"]?.objectValue ?? [:] {
            for method in (item.objectValue ?? [:]).keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let routed = Set((AdminAPI.routes + OAuthEndpoint.routes + EventStreamEndpoint.routes).map { "\($0.0.rawValue) \($0.1)" })
        #expect(documented == routed, "only documented: \(documented.subtracting(routed)); only routed: \(routed.subtracting(documented))")
        #expect(schemas.document["openapi"] == "3.1.0")
        // /health, the document and the audit public key need no key. The WebSocket /v1/events is not in routeCases:
        // it answers 401 like these, but every caller may subscribe (no 403) and a plain GET gets 426, not 200;
        // EventStreamTests checks its refusals on a live server. The console's pages (/console/...) are HTML for people,
        // not API routes: they are in no route list and not in the document; ConsoleTests checks them.
        #expect(routeCases.count + 3 == AdminAPI.routes.count, "every authenticated route has an auth case")
    }

    @Test("without a key every /v1 route answers 401", arguments: routeCases.indices)
    func unauthenticated(_ i: Int) async throws {
        let (method, uri, body, _) = routeCases[i]
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            for key in [nil, "", "not-a-key", "wdn_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"] as [String?] {
                let r = try await client.send(method, uri, as: key, json: body)
                #expect(r.status == .unauthorized, "\(method) \(uri) with \(key ?? "no key")")
                #expect(r.errorCode == "unauthenticated")
                #expect(r.headers[.wwwAuthenticate] != nil)
            }
        }
    }

    @Test("a key whose roles do not allow the action answers 403", arguments: routeCases.indices.filter { !routeCases[$0].3 })
    func forbidden(_ i: Int) async throws {
        let (method, uri, body, _) = routeCases[i]
        let h = try await ServerHarness()
        let before = try await h.auditCount()
        try await h.app().test(.router) { client in
            let r = try await client.send(method, uri, as: h.keys["bot"], json: body)
            #expect(r.status == .forbidden, "\(method) \(uri): \(r.json)")
            #expect(r.errorCode == "forbidden")
        }
        #expect(try await h.store.read { try $0.principal(id: "x") } == nil)
        #expect(try await h.store.read { try $0.toolVersions(name: "weather.lookup") }.isEmpty)
        _ = before
    }

    @Test("an agent may read the catalog", arguments: routeCases.indices.filter { routeCases[$0].3 })
    func agentReads(_ i: Int) async throws {
        let (method, uri, body, _) = routeCases[i]
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(method, uri, as: h.keys["bot"], json: body)
            // Check runs live in memory: an unknown id is a 404, after the caller was authorized.
            // So are agents that are not registered.
            let absent = uri.hasPrefix("/v1/check-runs/") || uri.hasPrefix("/v1/agents/")
            #expect(r.status == (absent ? .notFound : .ok), "\(method) \(uri): \(r.json)")
        }
    }

    @Test func healthAndOpenAPIArePublic() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let health = try await client.send(.get, "/health", as: nil)
            #expect(health.status == .ok)
            #expect(health.json["status"] == "ok")
            let doc = try await client.send(.get, "/v1/openapi.json", as: nil)
            #expect(doc.status == .ok)
            #expect(doc.json["paths"]?["/v1/tools"] != nil)
        }
    }

    @Test func errorsCarryTheRequestID() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(.get, "/v1/tools/nope", as: h.keys["bot"], headers: [.xRequestID: "trace-123"])
            #expect(r.status == .notFound)
            #expect(r.headers[.xRequestID] == "trace-123")
            #expect(r.json["error"]?["requestId"] == "trace-123")
            #expect(r.json["error"]?["message"]?.stringValue?.isEmpty == false)
            let unknown = try await client.send(.get, "/v1/nothing-here", as: h.keys["bot"])
            #expect(unknown.status == .notFound)
            #expect(unknown.errorCode == "not_found")
        }
    }

    @Test("the whole onboarding lifecycle over HTTP, in-process and on a live loopback server", arguments: ["router", "live"])
    func lifecycleOverHTTP(mode: String) async throws {
        let h = try await ServerHarness()
        try await h.app().test(mode == "live" ? .live : .router) { client in
            let proposed = try await client.send(.post, "/v1/tools", as: h.keys["req"], json: toolJSON())
            #expect(proposed.status == .created, "\(proposed.json)")
            #expect(proposed.json["state"] == "proposed")
            #expect(proposed.json["digest"]?.stringValue?.count == 64)
            let base = "/v1/tools/weather.lookup/versions/1.0.0"
            for (who, kind) in [("sec", "security"), ("fun", "functional"), ("com", "compliance"), ("sec", "risk")] {
                let r = try await client.send(.post, "\(base)/reviews", as: h.keys[who], json: reviewJSON(kind))
                #expect(r.status == .created, "\(kind): \(r.json)")
            }
            let early = try await client.send(.post, "\(base)/decision", as: h.keys["b1"], json: #"{"outcome":"approved","reasons":"ok"}"#)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "approval_rule_unmet")
            let status = try await client.send(.get, "\(base)/approval-status", as: h.keys["b1"])
            #expect(status.json["satisfied"] == false)
            for b in ["b1", "b2"] {
                #expect(try await client.send(.post, "\(base)/approvals", as: h.keys[b], json: #"{"approve":true}"#).status == .created)
            }
            let decided = try await client.send(.post, "\(base)/decision", as: h.keys["b1"],
                                                json: #"{"outcome":"approved_with_conditions","reasons":"ok","conditions":{"rateLimit":{"requests":5,"perSeconds":60}}}"#)
            #expect(decided.status == .ok, "\(decided.json)")
            #expect(decided.json["state"] == "approved")
            let again = try await client.send(.post, "\(base)/decision", as: h.keys["b2"], json: #"{"outcome":"rejected","reasons":"no"}"#)
            #expect(again.status == .conflict)
            let active = try await client.send(.post, "/v1/tools/weather.lookup/transitions", as: h.keys["admin"], json: #"{"action":"activate"}"#)
            #expect(active.json["state"] == "active")
            let illegal = try await client.send(.post, "/v1/tools/weather.lookup/transitions", as: h.keys["admin"], json: #"{"action":"resume"}"#)
            #expect(illegal.status == .conflict)
            #expect(illegal.json["error"]?["details"]?["currentState"] == "active")
            let detail = try await client.send(.get, base, as: h.keys["bot"])
            #expect(detail.json["effectiveDefinition"]?["rateLimit"]?["requests"] == 5)
            #expect(detail.json["reviews"]?.arrayValue?.count == 4)
            let list = try await client.send(.get, "/v1/tools", as: h.keys["bot"])
            let weather = list.json["tools"]?.arrayValue?.first { $0["name"] == "weather.lookup" }
            #expect(weather?["state"] == "active" && weather?["activeVersion"] == "1.0.0")
            let verify = try await client.send(.get, "/v1/audit/verify", as: h.keys["aud"])
            #expect(verify.json["ok"] == true)
            let events = try await client.send(.get, "/v1/audit/events?limit=1000", as: h.keys["aud"])
            #expect((events.json["events"]?.arrayValue?.count ?? 0) > 20)
        }
    }

    @Test func keysAreShownOnceAndRevocable() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let created = try await client.send(.post, "/v1/principals/bot/keys", as: h.keys["admin"], json: #"{"label":"ci"}"#)
            #expect(created.status == .created)
            let token = try #require(created.json["token"]?.stringValue)
            let id = try #require(created.json["key"]?["id"]?.stringValue)
            #expect(try await client.send(.get, "/v1/whoami", as: token).json["id"] == "bot")
            let shown = try await client.send(.get, "/v1/principals/bot", as: h.keys["admin"])
            #expect(!String(buffer: shown.body).contains(token))
            #expect(try await client.send(.post, "/v1/keys/\(id)/revoke", as: h.keys["admin"]).status == .ok)
            #expect(try await client.send(.get, "/v1/whoami", as: token).status == .unauthorized)
            #expect(try await client.send(.post, "/v1/keys/\(id)/revoke", as: h.keys["admin"]).status == .conflict)
        }
    }
}
