import AsyncHTTPClient
import Foundation
import NIOSSL
import TLSTestSupport
import Testing
import WardenCore
import WardenRuntime
@testable import WardenServer

/// The certificates of one PKI, made once for these suites.
enum SharedPKI {
    static let made = Result { try TestPKI() }
}

/// Warden serving HTTPS with client certificates, called with real certificates over a real TLS connection.
@Suite("Mutual TLS, live", .serialized)
struct MutualTLSServerTests {
    let pki: TestPKI

    init() throws { pki = try SharedPKI.made.get() }

    /// Runs `body` against a live Warden in `mode`, with one HTTP client.
    func withServer(_ mode: TLSSettings.ClientCertificates = .required, identities: [String: String] = TLSServerHarness.identities,
                    unmappedIdentityAsPrincipalID: Bool = false,
                    _ body: @Sendable (TLSServerHarness, HTTPClient, String) async throws -> Void) async throws {
        let h = try await TLSServerHarness(pki: pki, clientCertificates: mode, identities: identities,
                                           unmappedIdentityAsPrincipalID: unmappedIdentityAsPrincipalID)
        try await h.live { base in
            // Shut down while the server still runs, so that its connections close cleanly.
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            do {
                try await body(h, client, base)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    @Test("a good certificate authenticates as its mapped principal", arguments: [
        ("spiffe", "bot"), ("dns", "aud"), ("cn", "req"), ("relay", "sec"), ("unrestricted", "fun"),
    ])
    func goodCertificates(_ name: String, _ principal: String) async throws {
        let credential = try #require(self.credential(named: name))
        try await withServer { h, client, base in
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(credential))
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.json["id"]?.stringValue == principal)
        }
    }

    /// The handshake refuses these: no HTTP answer at all, and the reason is on record.
    @Test("a bad certificate fails the TLS handshake, and the reason is audited", arguments: [
        ("unrelated", "untrusted"), ("expired", "expired"), ("not-yet-valid", "not_yet_valid"), ("server-auth-only", "wrong_usage"),
    ])
    func badCertificates(_ name: String, _ reason: String) async throws {
        let credential = try #require(self.credential(named: name))
        try await withServer { h, client, base in
            let error = await handshakeFailure { try await client.call("\(base)/v1/whoami", tls: try h.rawClientTLS(credential)) }
            // BoringSSL answers Warden's refusal with a certificate_unknown alert.
            #expect(String(describing: error).contains("CERTIFICATE_UNKNOWN"), "\(String(describing: error))")
            let failures = try await h.authFailures()
            #expect(failures.contains { $0.detail?["reason"] == reason && $0.requestID.hasPrefix("tls-") },
                    "\(failures.map { $0.detail ?? [:] })")
        }
    }

    @Test func noCertificateFailsTheHandshakeWhenRequired() async throws {
        try await withServer { h, client, base in
            let error = await handshakeFailure {
                try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(nil), bearer: h.server.keys["bot"])
            }
            // TLS 1.3's alert for a missing certificate; Warden's verifier never ran.
            #expect(String(describing: error).contains("CERTIFICATE_REQUIRED"), "\(String(describing: error))")
        }
    }

    @Test func anUnmappedIdentityIsUnauthenticatedWithAClearMessage() async throws {
        try await withServer { h, client, base in
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.unmappedClient))
            #expect(answer.status == 401)
            #expect(answer.json["error"]?["code"]?.stringValue == "unauthenticated")
            let message = answer.json["error"]?["message"]?.stringValue ?? ""
            #expect(message.contains("'\(TestPKI.unmappedSPIFFEID)' is not mapped to a principal"), "\(message)")
            #expect(try await h.authFailures().contains { $0.detail?["reason"] == "unmapped" })
        }
    }

    @Test func aBearerTokenTakesPrecedenceOverTheCertificate() async throws {
        try await withServer { h, client, base in
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.spiffeClient), bearer: h.server.keys["aud"])
            #expect(answer.json["id"]?.stringValue == "aud")
            // A bad token is refused even with a good certificate: it is not silently replaced by the certificate.
            let bad = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.spiffeClient), bearer: "wdn_nope")
            #expect(bad.status == 401)
        }
    }

    @Test func optionalModeAcceptsConnectionsWithoutACertificate() async throws {
        try await withServer(.optional) { h, client, base in
            let tls = try h.clientTLS(nil)
            #expect(try await client.call("\(base)/health", tls: tls).status == 200)
            #expect(try await client.call("\(base)/v1/whoami", tls: tls).status == 401)
            let keyed = try await client.call("\(base)/v1/whoami", tls: tls, bearer: h.server.keys["bot"])
            #expect(keyed.json["id"]?.stringValue == "bot")
            let certified = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.dnsClient))
            #expect(certified.json["id"]?.stringValue == "aud")
            // A certificate that is presented must still verify.
            _ = await handshakeFailure { try await client.call("\(base)/v1/whoami", tls: try h.rawClientTLS(pki.expiredClient)) }
        }
    }

    @Test func anIdentityIsAPrincipalIDOnlyWhenConfiguredSo() async throws {
        // No mapping at all: the CN-only certificate's identity `auditor-bot` is taken as the principal id.
        try await withServer(identities: [:], unmappedIdentityAsPrincipalID: true) { h, client, base in
            let admin = CallContext(principal: try #require(try await h.server.store.read { try $0.principal(id: "admin") }),
                                    requestID: "setup")
            _ = try await h.server.service.createPrincipal(admin, .init(id: TestPKI.commonName, displayName: "Auditor bot",
                                                                        kind: .agent, roles: [.auditor]))
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.commonNameClient))
            #expect(answer.json["id"]?.stringValue == TestPKI.commonName, "\(answer.body)")
        }
        // Without the flag (the default), the same certificate is refused.
        try await withServer(identities: [:]) { h, client, base in
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.commonNameClient))
            #expect(answer.status == 401)
        }
    }

    @Test func anMCPRequestIsAuthenticatedByTheCertificate() async throws {
        let meta: JSONValue = [
            "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": [:],
            "io.modelcontextprotocol/clientInfo": ["name": "warden-tls-tests", "version": "1"],
        ]
        let body = JSONValue.object(["jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": ["_meta": meta]]).canonicalData
        let headers = [("MCP-Protocol-Version", "2026-07-28"), ("Mcp-Method", "tools/list"), ("Content-Type", "application/json"),
                       ("Accept", "application/json, text/event-stream")]
        try await withServer(.optional) { h, client, base in
            let answer = try await client.call("\(base)/mcp", method: .POST, tls: try h.clientTLS(pki.spiffeClient), headers: headers, body: body)
            #expect(answer.status == 200, "\(answer.body)")
            #expect(answer.json["result"]?["tools"]?.arrayValue != nil, "\(answer.body)")
            let anonymous = try await client.call("\(base)/mcp", method: .POST, tls: try h.clientTLS(nil), headers: headers, body: body)
            #expect(anonymous.status == 401)
        }
    }

    @Test func plainTLSServesHTTPSWithoutAskingForCertificates() async throws {
        try await withServer(.none) { h, client, base in
            let answer = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(pki.spiffeClient))
            // The certificate is never asked for, so it authenticates nothing.
            #expect(answer.status == 401)
            let keyed = try await client.call("\(base)/v1/whoami", tls: try h.clientTLS(nil), bearer: h.server.keys["bot"])
            #expect(keyed.json["id"]?.stringValue == "bot")
        }
    }

    /// The error of a call that must not get an HTTP answer.
    func handshakeFailure(_ call: () async throws -> TLSAnswer) async -> (any Error)? {
        do {
            let answer = try await call()
            Issue.record("expected the TLS handshake to fail, got HTTP \(answer.status): \(answer.body)")
            return nil
        } catch {
            return error
        }
    }

    func credential(named name: String) -> TestCredential? {
        [
            "spiffe": pki.spiffeClient, "dns": pki.dnsClient, "cn": pki.commonNameClient, "unrestricted": pki.unrestrictedClient,
            "relay": pki.intermediateClient, "expired": pki.expiredClient, "not-yet-valid": pki.notYetValidClient,
            "server-auth-only": pki.serverAuthOnlyClient, "unrelated": pki.unrelatedClient,
        ][name]
    }
}
