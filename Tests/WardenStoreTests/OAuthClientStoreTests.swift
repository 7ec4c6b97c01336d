import Foundation
import Testing
import WardenCore
@testable import WardenStore

@Suite("OAuth clients in the store")
struct OAuthClientStoreTests {
    @Test(arguments: StoreEngine.available)
    func clientsRoundTripWithOnlyTheSecretDigest(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        let at = Date(millisecondsSince1970: 1_800_000_000_000)
        let agent = Principal(id: "agent-1", displayName: "A", kind: .agent, roles: [.agent], createdAt: at)
        let jwks: JSONValue = ["keys": [["kty": "EC", "crv": "P-256", "x": "eA", "y": "eQ", "kid": "k"]]]
        let secretClient = OAuthClient(id: "c1", principalID: "agent-1", label: "one", authenticationMethod: .clientSecretBasic,
                                       scopes: ["a", "b"], createdAt: at, createdBy: "admin")
        let keyClient = OAuthClient(id: "c2", principalID: "agent-1", label: "two", authenticationMethod: .privateKeyJWT, scopes: [],
                                    jwks: jwks, createdAt: at, createdBy: "admin")
        try await store.write { tx in
            try tx.insertPrincipal(agent)
            try tx.insertOAuthClient(secretClient, secretDigest: OAuthClientSecret.digest(of: "wcs_s"))
            try tx.insertOAuthClient(keyClient, secretDigest: nil)
        }
        let read = try await store.read { tx in (try tx.oauthClient(id: "c1"), try tx.oauthClient(id: "c2"), try tx.oauthClients()) }
        #expect(read.0?.client == secretClient && read.0?.secretDigest == OAuthClientSecret.digest(of: "wcs_s"))
        #expect(read.1?.client == keyClient && read.1?.secretDigest == nil)
        #expect(read.2.map(\.id) == ["c1", "c2"])
        let dup = await #expect(throws: WardenError.self) { try await store.write { tx in try tx.insertOAuthClient(secretClient, secretDigest: nil) } }
        #expect(dup?.code == .conflict)

        let later = at.addingTimeInterval(60)
        try await store.write { tx in
            try tx.replaceOAuthClientSecret(id: "c1", digest: OAuthClientSecret.digest(of: "wcs_t"), at: later)
            try tx.revokeOAuthClient(id: "c2", at: later)
        }
        let after = try await store.read { tx in (try tx.oauthClient(id: "c1"), try tx.oauthClient(id: "c2")) }
        #expect(after.0?.client.secretRotatedAt == later && after.0.map { OAuthClientSecret.matches("wcs_t", storedDigest: $0.secretDigest ?? "") } == true)
        #expect(after.1?.client.revokedAt == later && after.1?.client.isActive == false)
    }

    @Test("a used assertion id is refused until its assertion expires, then forgotten", arguments: StoreEngine.available)
    func assertionIDs(engine: StoreEngine) async throws {
        let t = try await engine.make()
        defer { Task { await t.close() } }
        let store = t.store
        let now = Date(millisecondsSince1970: 1_800_000_000_000)
        let exp = now.addingTimeInterval(90)
        func record(_ client: String, _ jti: String, at time: Date) async throws -> Bool {
            try await store.write { tx in try tx.recordClientAssertion(clientID: client, jti: jti, expiresAt: exp, now: time) }
        }
        #expect(try await record("c1", "j1", at: now))
        #expect(try await record("c1", "j1", at: now.addingTimeInterval(89)) == false, "a replay within the lifetime")
        #expect(try await record("c2", "j1", at: now), "ids are per client")
        #expect(try await record("c1", "j1", at: now.addingTimeInterval(91)), "after expiry the id is forgotten (and the assertion refused as expired)")
    }
}
