import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// Suspends an active version as `system` because a policy says so (a critical advisory, an overdue review),
    /// inside the caller's transaction: the transition with its reason, the record, and a `tool.suspend` audit event
    /// naming the policy. Returns `name@version`.
    static func suspendBySystem(_ tx: any StoreWriter, _ record: ToolVersionRecord, reason: String, policy: String,
                                requestID: String, at now: Date) throws -> String {
        var r = record
        let next = try ToolLifecycle.apply(.suspend, to: r.state, subject: "\(r.name) \(r.version)")
        try tx.insertTransition(TransitionRecord(toolName: r.name, version: r.version, event: .suspend, from: r.state, to: next,
                                                 actor: "system", reason: reason, at: now))
        r.state = next
        r.updatedAt = now
        try tx.updateToolVersion(r)
        try tx.appendAudit(AuditDraft(actor: "system", action: "tool.suspend", subject: "tool:\(r.name)@\(r.version)",
                                      requestID: requestID, outcome: .success, detail: ["reason": reason, "policy": policy]), at: now)
        return "\(r.name)@\(r.version)"
    }
}
