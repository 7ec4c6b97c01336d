import Foundation
import WardenCore

extension StoreTransaction {
    /// Walks the whole chain in pages, compares it with the checkpoints and the recorded head, and reports the first break.
    /// - Parameter keys: the trusted checkpoint keys; nil compares checkpoint hashes without checking signatures.
    func verifyAuditChain(keys: [AuditPublicKey]?, pageSize: Int = 10_000) throws -> AuditChain.Report {
        let checkpoints = try auditCheckpoints(afterSeq: 0, limit: Int.max)
        var verifier = AuditChain.Verifier(checkpoints: checkpoints, keys: keys)
        var after: Int64 = .min
        var stopped = false
        while !stopped {
            let read = try forEachEventForVerification(afterSeq: after, limit: pageSize) { row in
                let event: AuditEvent
                do { event = try Self.auditEventByIndex(row) } catch {
                    // An undecodable row is tampering too: report it at its place in the chain.
                    var broken = AuditEvent(seq: (try? row[0]) ?? after, timeMs: 0, actor: "", action: "", subject: "", requestID: "",
                                            outcome: .failed, bodyDigest: nil, detail: ["unreadable": "\(error)"], prevHash: "", hash: "")
                    broken.hash = "unreadable"
                    verifier.check(broken)
                    stopped = true
                    return false
                }
                verifier.check(event)
                if verifier.failed {
                    stopped = true
                    return false
                }
                after = event.seq
                return true
            }
            if read < pageSize { break }
        }
        // A missing head row with events present is itself tampering: compare against the empty chain.
        return verifier.report(recordedHead: try recordedHead() ?? .genesis)
    }
}
