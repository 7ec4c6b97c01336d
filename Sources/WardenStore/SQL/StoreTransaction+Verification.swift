import Foundation
import WardenCore

extension StoreTransaction {
    /// Walks the whole chain in pages, compares it with the checkpoints and the recorded head, and reports the first break.
    /// - Parameter keys: the trusted checkpoint keys; nil compares checkpoint hashes without checking signatures.
    func verifyAuditChain(keys: [AuditPublicKey]?, pageSize: Int = 10_000) throws -> AuditChain.Report {
        let checkpoints = try auditCheckpoints(afterSeq: 0, limit: Int.max)
        var verifier = AuditChain.Verifier(checkpoints: checkpoints, keys: keys)
        var after: Int64 = .min
        walk: while true {
            let rows = try auditEventsForVerification(afterSeq: after, limit: pageSize)
            for row in rows {
                let event: AuditEvent
                do { event = try Self.auditEventByIndex(row) } catch {
                    // An undecodable row is tampering too: report it at its place in the chain.
                    var broken = AuditEvent(seq: (try? row[0]) ?? after, timeMs: 0, actor: "", action: "", subject: "", requestID: "",
                                            outcome: .failed, bodyDigest: nil, detail: ["unreadable": "\(error)"], prevHash: "", hash: "")
                    broken.hash = "unreadable"
                    verifier.check(broken)
                    break walk
                }
                verifier.check(event)
                if verifier.failed { break walk }
                after = event.seq
            }
            if rows.count < pageSize { break }
        }
        // A missing head row with events present is itself tampering: compare against the empty chain.
        return verifier.report(recordedHead: try recordedHead() ?? .genesis)
    }
}
