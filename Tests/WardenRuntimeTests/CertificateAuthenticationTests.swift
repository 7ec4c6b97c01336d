import Foundation
import Testing
import WardenCore
import WardenRuntime
import WardenStore

@Suite("Authentication by client certificate identity")
struct CertificateAuthenticationTests {
    static let planner = CertificateIdentity(source: .spiffeURI, value: "spiffe://warden.test/agent/planner")
    let mapping = CertificatePrincipalMapping(principalIDs: [planner.value: "bot", "gone.warden.test": "nobody"])

    func failures(_ h: GovernanceHarness) async throws -> [AuditEvent] {
        try await h.store.read { tx in try tx.auditEvents(matching: AuditQuery(action: "auth.failed", limit: 100)) }
    }

    @Test func aMappedIdentityAuthenticatesAsItsPrincipal() async throws {
        let h = try await GovernanceHarness()
        let p = try await h.service.authenticate(certificateIdentity: Self.planner, mapping: mapping, requestID: "r1")
        #expect(p.id == "bot")
        #expect(try await failures(h).isEmpty)
    }

    @Test("refusals are unauthenticated and audited", arguments: [
        ("unmapped", "certificate:spiffe:spiffe://warden.test/agent/stranger", "is not mapped to a principal; an admin maps it under tls.identities"),
        ("no principal", "certificate:dns:gone.warden.test", "stands for the principal 'nobody', which does not exist or is disabled"),
        ("no identity", "certificate:none", "names no identity"),
    ])
    func refusals(_ kind: String, _ subject: String, _ phrase: String) async throws {
        let h = try await GovernanceHarness()
        let identity: CertificateIdentity? = switch kind {
        case "unmapped": CertificateIdentity(source: .spiffeURI, value: "spiffe://warden.test/agent/stranger")
        case "no principal": CertificateIdentity(source: .dnsName, value: "gone.warden.test")
        default: nil
        }
        do {
            _ = try await h.service.authenticate(certificateIdentity: identity, mapping: mapping, requestID: "r-\(kind)")
            Issue.record("\(kind) authenticated")
        } catch let e as WardenError {
            #expect(e.code == .unauthenticated)
            #expect(e.message.contains(phrase), "\(e.message)")
        }
        let events = try await failures(h)
        #expect(events.count == 1)
        #expect(events.first?.subject == subject)
        #expect(events.first?.requestID == "r-\(kind)")
        #expect(events.first?.outcome == .denied)
        #expect(events.first?.detail?["method"] == "certificate")
    }

    @Test func aDisabledPrincipalIsRefusedEvenAfterASuccess() async throws {
        let h = try await GovernanceHarness()
        _ = try await h.service.authenticate(certificateIdentity: Self.planner, mapping: mapping, requestID: "r1")
        _ = try await h.service.updatePrincipal(try await h.ctx("admin"), id: "bot", PrincipalUpdate(disabled: true))
        await #expect(throws: WardenError.self) {
            _ = try await h.service.authenticate(certificateIdentity: Self.planner, mapping: mapping, requestID: "r2")
        }
        #expect(try await failures(h).first?.detail?["reason"] == "rejected")
    }

    @Test func anIdentityThatIsAPrincipalIDIsUsedOnlyWhenAllowed() async throws {
        let h = try await GovernanceHarness()
        let cn = CertificateIdentity(source: .commonName, value: "aud")
        await #expect(throws: WardenError.self) {
            _ = try await h.service.authenticate(certificateIdentity: cn, mapping: mapping, requestID: "r1")
        }
        var direct = mapping
        direct.unmappedIdentityAsPrincipalID = true
        #expect(try await h.service.authenticate(certificateIdentity: cn, mapping: direct, requestID: "r2").id == "aud")
    }

    @Test func aHandshakeRefusalIsAudited() async throws {
        let h = try await GovernanceHarness()
        await h.service.recordCertificateRefusal(ClientCertificateRefusal(.expired, "expired at 2026-01-01T00:00:00Z"), identity: Self.planner)
        let e = try #require(try await failures(h).first)
        #expect(e.subject == "certificate:spiffe:spiffe://warden.test/agent/planner")
        #expect(e.detail?["reason"] == "expired")
        #expect(e.requestID.hasPrefix("tls-"))
    }
}
