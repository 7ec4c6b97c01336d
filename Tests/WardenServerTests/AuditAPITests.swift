import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import WardenCore
@testable import WardenServer

@Suite("Audit API")
struct AuditAPITests {
    @Test func publicKeyIsPublishedWithoutAKeyAndVerifiesCheckpoints() async throws {
        let h = try await ServerHarness()
        let checkpointer = try #require(h.engine.checkpointer)
        let written = try #require(try await checkpointer.checkpoint())
        try await h.app().test(.router) { client in
            let doc = try await client.send(.get, "/v1/audit/public-key", as: nil)
            #expect(doc.status == .ok)
            let key = try AuditPublicKey(base64: try #require(doc.json["publicKey"]?.stringValue))
            #expect(doc.json["keyId"]?.stringValue == key.keyID && doc.json["algorithm"] == "Ed25519")
            let page = try await client.send(.get, "/v1/audit/checkpoints", as: h.keys["aud"])
            let first = try #require(page.json["checkpoints"]?.arrayValue?.first)
            let checkpoint = try JSONDecoder().decode(AuditCheckpoint.self, from: Data(first.canonicalString.utf8))
            #expect(checkpoint == written && key.verifies(checkpoint))
            let verify = try await client.send(.get, "/v1/audit/verify", as: h.keys["aud"])
            #expect(verify.json["ok"] == true && verify.json["signaturesChecked"] == true && verify.json["checkpointsChecked"] == 1)
        }
    }

    @Test func eventsAreReadableByAuditorsOnly() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            for who in ["admin", "bot", "b1"] {
                let events = try await client.send(.get, "/v1/audit/events", as: h.keys[who])
                let checkpoints = try await client.send(.get, "/v1/audit/checkpoints", as: h.keys[who])
                #expect(events.status == .forbidden && checkpoints.status == .forbidden, "\(who)")
            }
            let allowed = try await client.send(.get, "/v1/audit/events", as: h.keys["aud"])
            #expect(allowed.status == .ok)
            // The refusals are on record themselves.
            let denied = try await client.send(.get, "/v1/audit/events?action=audit.read&outcome=denied", as: h.keys["aud"])
            #expect(Set((denied.json["events"]?.arrayValue ?? []).compactMap { $0["actor"]?.stringValue }) == ["admin", "bot", "b1"])
        }
    }

    @Test func filtersSelectEventsAndPagesFollow() async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            // Refusals on record: the agent tries to list principals (forbidden) three times.
            for _ in 0..<3 { _ = try await client.send(.get, "/v1/principals", as: h.keys["bot"]) }
            let denied = try await client.send(.get, "/v1/audit/events?actor=bot&outcome=denied", as: h.keys["aud"])
            let events = denied.json["events"]?.arrayValue ?? []
            #expect(events.count == 3)
            #expect(events.allSatisfy { $0["actor"] == "bot" && $0["outcome"] == "denied" })
            let prefixed = try await client.send(.get, "/v1/audit/events?action=principal.*&limit=2", as: h.keys["aud"])
            #expect(prefixed.json["events"]?.arrayValue?.count == 2)
            let next = try #require(prefixed.json["next"]?.numberValue)
            let after = try await client.send(.get, "/v1/audit/events?action=principal.*&limit=1000&after=\(next)", as: h.keys["aud"])
            #expect((after.json["events"]?.arrayValue ?? []).allSatisfy { $0["action"]?.stringValue?.hasPrefix("principal.") == true })
            let future = try await client.send(.get, "/v1/audit/events?since=2100-01-01T00:00:00Z", as: h.keys["aud"])
            #expect(future.json["events"]?.arrayValue?.isEmpty == true && (future.json["next"] ?? .null) == .null)
        }
    }

    @Test("malformed audit queries are 400 invalid_input", arguments: [
        "/v1/audit/events?outcome=maybe", "/v1/audit/events?since=yesterday", "/v1/audit/events?limit=5000",
        "/v1/audit/events?colour=red", "/v1/audit/events?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
        "/v1/audit/events?actor=", "/v1/audit/checkpoints?after=x", "/v1/audit/checkpoints?limit=0",
    ])
    func malformedQueries(_ uri: String) async throws {
        let h = try await ServerHarness()
        try await h.app().test(.router) { client in
            let r = try await client.send(.get, uri, as: h.keys["aud"])
            #expect(r.status == .badRequest && r.errorCode == "invalid_input", "\(uri): \(r.json)")
        }
    }
}
