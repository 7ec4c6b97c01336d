import Foundation
import GRDB
import Testing
import WardenCore
import WardenRuntime
import WardenStore

@Suite("Secure payload log")
struct PayloadLogTests {
    /// An engine with the payload log on, over a harness's store (principals and built-ins in place).
    func engine(_ h: GovernanceHarness, cipher: AuditPayloadCipher) async throws -> WardenEngine {
        try await WardenEngine(store: h.store, payloadCipher: cipher)
    }

    @Test func callsAreSealedBesideTheirEventAndOpenOnlyForAuditors() async throws {
        let h = try await GovernanceHarness()
        let cipher = AuditPayloadCipher()
        let engine = try await engine(h, cipher: cipher)
        let bot = try await h.ctx("bot")
        let secretArgument = "contact jane.doe@example.com about 555-0100"
        _ = try await engine.pipeline.call(GovernedCall(principal: bot.principal, toolName: "text.redact",
                                                        arguments: ["text": .string(secretArgument)], requestID: "req-sealed", transport: "test"))
        let event = try #require(try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 10)) }.last)

        let opened = try await engine.service.auditPayload(try await h.ctx("aud"), seq: event.seq)
        #expect(opened.input["text"]?.stringValue == secretArgument)
        #expect(opened.inputMatchesDigest && opened.outputMatchesDigest == true)
        #expect(opened.output?.canonicalString.contains("jane.doe@example.com") == false, "the tool's own output is redacted")

        // The main log holds digests only; the payload table holds ciphertext only.
        let path = h.store.path
        let queue = try DatabaseQueue(path: path)
        let (mainLog, payloadBlob) = try await queue.read { db in
            (try String.fetchAll(db, sql: "SELECT actor || action || subject || COALESCE(detail, '') FROM audit_events").joined(),
             try Data.fetchOne(db, sql: "SELECT input FROM audit_payloads WHERE seq = ?", arguments: [event.seq]) ?? Data())
        }
        #expect(!mainLog.contains("jane.doe") && !String(decoding: payloadBlob, as: UTF8.self).contains("jane.doe"))

        // Reading payloads is audited; others may not.
        let reads = try await h.service.auditEvents(try await h.ctx("aud"), matching: AuditQuery(action: "audit.payload_read"))
        #expect(reads.count == 1 && reads[0].actor == "aud")
        await #expect(throws: WardenError.self) { try await engine.service.auditPayload(try await h.ctx("admin"), seq: event.seq) }

        // A flipped byte, or a payload moved to another event's seq, does not open.
        try await queue.write { db in
            var blob = payloadBlob
            blob[blob.index(blob.startIndex, offsetBy: 20)] ^= 0x01
            try db.execute(sql: "UPDATE audit_payloads SET input = ? WHERE seq = ?", arguments: [blob, event.seq])
        }
        try queue.close()
        do {
            _ = try await engine.service.auditPayload(try await h.ctx("aud"), seq: event.seq)
            Issue.record("an altered payload must not open")
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
        }
        #expect(try await h.service.verifyAudit(try await h.ctx("aud")).ok, "the chain is untouched by payload storage")
    }

    @Test func retentionDeletesOldPayloadsAndTheLogCanBeOff() async throws {
        let h = try await GovernanceHarness()
        let engine = try await engine(h, cipher: AuditPayloadCipher())
        let bot = try await h.ctx("bot")
        _ = try await engine.pipeline.call(GovernedCall(principal: bot.principal, toolName: "math.evaluate",
                                                        arguments: ["expression": "1+1"], requestID: "req-1", transport: "test"))
        let seq = try #require(try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 10)) }.last?.seq)
        #expect(try await h.store.write { tx in try tx.deleteAuditPayloads(before: Date().addingTimeInterval(-3600)) } == 0)
        #expect(try await h.store.write { tx in try tx.deleteAuditPayloads(before: Date().addingTimeInterval(1)) } == 1)
        await #expect(throws: WardenError.self) { try await engine.service.auditPayload(try await h.ctx("aud"), seq: seq) }

        // Without a cipher nothing is sealed and the API says the log is off.
        let plain = try await WardenEngine(store: h.store)
        _ = try await plain.pipeline.call(GovernedCall(principal: bot.principal, toolName: "math.evaluate",
                                                       arguments: ["expression": "2+2"], requestID: "req-2", transport: "test"))
        let count = try await h.store.read { tx in try tx.auditPayload(seq: seq + 1) }
        #expect(count == nil)
        do {
            _ = try await plain.service.auditPayload(try await h.ctx("aud"), seq: seq)
            Issue.record("the payload log is off")
        } catch let e as WardenError { #expect(e.code == .notFound && e.message.contains("off")) }
    }

    @Test(arguments: ["", "short", Data(count: 16).base64EncodedString()])
    func malformedKeysAreRefused(_ key: String) {
        #expect(throws: WardenError.self) { try AuditPayloadCipher(base64: key) }
    }
}
