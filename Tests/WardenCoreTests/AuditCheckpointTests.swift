import Foundation
import Testing
import WardenCore

/// A chain of `n` events from `start`, each linked to the one before.
private func chain(_ n: Int, from start: AuditChain.Head = .genesis, actor: String = "a") -> [AuditEvent] {
    var head = start
    var out: [AuditEvent] = []
    for i in 0..<n {
        let e = AuditDraft(actor: "\(actor)\(i)", action: "tool.call", subject: "tool:x@1.0.0", requestID: "r\(i)",
                           detail: ["latencyUs": "\(i)"]).sealed(after: head, at: 1_764_000_000_000 + Int64(i))
        out.append(e)
        head = AuditChain.Head(seq: e.seq, hash: e.hash)
    }
    return out
}

private func head(_ e: AuditEvent) -> AuditChain.Head { AuditChain.Head(seq: e.seq, hash: e.hash) }

private func verify(_ events: [AuditEvent], _ checkpoints: [AuditCheckpoint], keys: [AuditPublicKey]?,
                    after start: AuditChain.Head = .genesis) -> AuditChain.Report {
    var v = AuditChain.Verifier(after: start, checkpoints: checkpoints, keys: keys)
    for e in events { v.check(e) }
    return v.report(recordedHead: events.last.map(head))
}

@Suite("Audit checkpoints")
struct AuditCheckpointTests {
    let key = AuditSigningKey()

    @Test func signedCheckpointsProveTheChain() throws {
        let events = chain(30)
        let cps = try [9, 19, 29].map { try key.checkpoint(head(events[$0]), at: 1) }
        let r = verify(events, cps, keys: [key.publicKey])
        #expect(r.ok)
        #expect(r.checkpointsChecked == 3 && r.signaturesChecked && r.provenThroughSeq == 30)
    }

    /// The attack the hash chain alone cannot see: every event from #15 on rewritten, every hash recomputed.
    @Test func rewrittenAndRehashedChainFailsAtTheNextCheckpoint() throws {
        let original = chain(30)
        let cps = try [9, 19, 29].map { try key.checkpoint(head(original[$0]), at: 1) }
        let forgedTail = chain(16, from: head(original[13]), actor: "mallory")
        let forged = Array(original.prefix(14)) + forgedTail
        var plain = AuditChain.Verifier()
        for e in forged { plain.check(e) }
        #expect(plain.report(recordedHead: head(forged[29])).ok, "the hash chain alone cannot tell")
        let r = verify(forged, cps, keys: [key.publicKey])
        #expect(!r.ok)
        #expect(r.firstBadSeq == 11, "events after the last good checkpoint (#10) are no longer proven")
        #expect(r.provenThroughSeq == 10)
        #expect(r.problem?.contains("rewritten") == true)
    }

    @Test func forgedCheckpointIsRefused() throws {
        let events = chain(10)
        let mallory = AuditSigningKey()
        var forged = try mallory.checkpoint(head(events[9]), at: 1)
        #expect(!verify(events, [forged], keys: [key.publicKey]).ok, "signed by an unknown key")
        forged.keyID = key.publicKey.keyID
        let r = verify(events, [forged], keys: [key.publicKey])
        #expect(!r.ok && r.firstBadSeq == 10 && r.problem?.contains("not validly signed") == true)
    }

    @Test func alteredCheckpointFieldsBreakTheSignature() throws {
        let events = chain(10)
        let good = try key.checkpoint(head(events[4]), at: 1)
        var moved = good
        moved.seq = 6
        moved.hash = events[5].hash
        #expect(!key.publicKey.verifies(moved))
        #expect(!verify(events, [moved], keys: [key.publicKey]).ok)
        var retimed = good
        retimed.timeMs += 1
        #expect(!key.publicKey.verifies(retimed))
        var garbage = good
        garbage.signature = "not base64!"
        #expect(!key.publicKey.verifies(garbage))
    }

    @Test func truncationBelowASignedCheckpointIsFound() throws {
        let events = chain(20)
        let cp = try key.checkpoint(head(events[19]), at: 1)
        // The attacker drops the last five events and rewrites the recorded head to match.
        let cut = Array(events.prefix(15))
        let r = verify(cut, [cp], keys: [key.publicKey])
        #expect(!r.ok && r.firstBadSeq == 16 && r.problem?.contains("removed from the end") == true)
    }

    @Test func withoutKeysHashesAreStillCompared() throws {
        let original = chain(10)
        let cp = try key.checkpoint(head(original[9]), at: 1)
        let forged = Array(original.prefix(5)) + chain(5, from: head(original[4]), actor: "m")
        let r = verify(forged, [cp], keys: nil)
        #expect(!r.ok && !r.signaturesChecked)
    }

    @Test func verificationCanStartMidChain() throws {
        let events = chain(20)
        let cps = try [4, 14].map { try key.checkpoint(head(events[$0]), at: 1) }
        let r = verify(Array(events.suffix(10)), cps, keys: [key.publicKey], after: head(events[9]))
        #expect(r.ok && r.eventsChecked == 10 && r.checkpointsChecked == 1)
    }

    @Test func keysRoundTripThroughBase64() throws {
        let again = try AuditSigningKey(base64: key.base64)
        #expect(again.publicKey == key.publicKey)
        let pub = try AuditPublicKey(base64: key.publicKey.base64)
        #expect(pub.keyID == key.publicKey.keyID && pub.keyID.count == 16)
    }

    @Test(arguments: ["", "abc", "!!!!", Data(count: 31).base64EncodedString(), Data(count: 64).base64EncodedString()])
    func malformedKeysAreRefusedWithoutEcho(_ text: String) {
        #expect(throws: WardenError.self) { try AuditSigningKey(base64: text) }
        do { _ = try AuditPublicKey(base64: text); Issue.record("accepted \(text)") } catch let e as WardenError {
            #expect(e.code == .invalidInput && (text.isEmpty || !e.message.contains(text)))
        } catch { Issue.record("unexpected \(error)") }
    }
}

@Suite("Audit query matching")
struct AuditQueryTests {
    static let event = AuditDraft(actor: "agent-7", action: "tool.call", subject: "tool:weather@1.2.0", requestID: "r",
                                  outcome: .denied).sealed(after: .genesis, at: 1_764_000_000_000)

    @Test(arguments: [
        (AuditQuery(), true),
        (AuditQuery(actor: "agent-7"), true),
        (AuditQuery(actor: "agent-"), false),
        (AuditQuery(actor: "agent-*"), true),
        (AuditQuery(action: "tool.*", subject: "tool:weather*"), true),
        (AuditQuery(subject: "tool:weather"), false),
        (AuditQuery(outcome: .denied), true),
        (AuditQuery(outcome: .success), false),
        (AuditQuery(since: Date(millisecondsSince1970: 1_764_000_000_000)), true),
        (AuditQuery(until: Date(millisecondsSince1970: 1_764_000_000_000)), false),
    ])
    func filters(_ query: AuditQuery, _ expected: Bool) {
        #expect(query.matches(Self.event) == expected)
    }

    @Test(arguments: [
        AuditQuery(limit: 0), AuditQuery(limit: 1001), AuditQuery(afterSeq: -1), AuditQuery(actor: ""),
        AuditQuery(actor: String(repeating: "x", count: 300)),
        AuditQuery(since: Date(millisecondsSince1970: 10), until: Date(millisecondsSince1970: 5)),
    ])
    func outOfBoundsQueriesAreRefused(_ query: AuditQuery) {
        #expect(throws: WardenError.self) { try query.validated() }
    }
}
