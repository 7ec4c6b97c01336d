import Testing
import WardenCore

private func chain(_ n: Int) -> [AuditEvent] {
    var head = AuditChain.Head.genesis
    var out: [AuditEvent] = []
    for i in 1...n {
        let e = AuditDraft(actor: "a\(i)", action: "tool.propose", subject: "tool:x@1.0.\(i)", requestID: "r\(i)",
                           bodyDigest: String(repeating: "ab", count: 32), detail: ["k": "\(i)"]).sealed(after: head, at: Int64(i))
        out.append(e)
        head = AuditChain.Head(seq: e.seq, hash: e.hash)
    }
    return out
}

private func verify(_ events: [AuditEvent], head: AuditChain.Head?) -> AuditChain.Report {
    var v = AuditChain.Verifier()
    for e in events { v.check(e) }
    return v.report(recordedHead: head)
}

@Suite struct AuditChainTests {
    @Test func intactChainVerifies() {
        let events = chain(10)
        let r = verify(events, head: AuditChain.Head(seq: 10, hash: events[9].hash))
        #expect(r.ok && r.eventsChecked == 10 && r.firstBadSeq == nil)
        #expect(events[0].prevHash == AuditChain.genesisHash)
    }

    @Test func editIsFound() {
        var events = chain(10)
        events[4].actor = "mallory"
        #expect(verify(events, head: nil).firstBadSeq == 5)
    }

    @Test func deletionIsFound() {
        var events = chain(10)
        events.remove(at: 6)
        #expect(verify(events, head: nil).firstBadSeq == 7)
    }

    @Test func insertionIsFound() {
        var events = chain(10)
        var forged = events[3]
        forged.actor = "mallory"
        forged.hash = forged.computedHash
        events.insert(forged, at: 4)
        let r = verify(events, head: nil)
        #expect(!r.ok && r.firstBadSeq == 4)
    }

    @Test func reorderIsFound() {
        var events = chain(10)
        events.swapAt(2, 3)
        #expect(verify(events, head: nil).firstBadSeq == 3)
    }

    @Test func renumberedRewriteIsFound() {
        var events = chain(10)
        events.remove(at: 5)
        for i in 5..<events.count { events[i].seq -= 1; events[i].hash = events[i].computedHash }
        #expect(verify(events, head: nil).firstBadSeq == 6)
    }

    @Test func truncatedTailIsFoundAgainstRecordedHead() {
        let events = chain(10)
        let r = verify(Array(events.prefix(8)), head: AuditChain.Head(seq: 10, hash: events[9].hash))
        #expect(!r.ok && r.firstBadSeq == 9)
    }
}

@Suite("Audit event hash")
struct AuditEventHashTests {
    static let cases: [AuditEvent] = [
        AuditEvent(seq: 1, timeMs: 1_764_000_000_000, actor: "alice", action: "tool.call", subject: "tool:echo@1.0.0",
                   requestID: "r1", outcome: .success, bodyDigest: nil, detail: nil, prevHash: AuditChain.genesisHash, hash: ""),
        AuditEvent(seq: 9_007_199_254_740_993, timeMs: -5, actor: "quote\"and\\back", action: "auth.failed",
                   subject: "key:none", requestID: "tab\tnew\nline\u{1}", outcome: .denied, bodyDigest: String(repeating: "ab", count: 32),
                   detail: ["reason": "missing", "keyId": "k", "Zeta": "upper first", "é": "é", "\u{1F600}": "emoji", "\u{FF61}": "halfwidth"],
                   prevHash: String(repeating: "0", count: 64), hash: ""),
        AuditEvent(seq: 42, timeMs: 0, actor: "", action: "", subject: "", requestID: "", outcome: .failed,
                   bodyDigest: "", detail: [:], prevHash: "", hash: ""),
    ]

    /// The hash is written straight to bytes for speed; it must equal SHA-256 of the canonical JSON of the same fields.
    @Test(arguments: cases)
    func fastHashEqualsTheCanonicalJSONDigest(_ event: AuditEvent) {
        #expect(event.computedHash == Digest.sha256Hex(event.canonicalObject.canonicalData))
    }
}
