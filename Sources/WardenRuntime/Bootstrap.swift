import Foundation
import WardenCore
import WardenStore

/// What the first start (or `warden init`) did.
public struct BootstrapResult: Sendable, Codable, Equatable {
    /// The bootstrap administrator's id.
    public var principal: String
    /// Whether the administrator was created now.
    public var created: Bool
    /// The key to show once, when Warden generated it (never when it came from the environment).
    public var generatedKey: String?
    /// Built-in tools recorded now, as `name@version`.
    public var builtinsRecorded: [String]
}

extension GovernanceService {
    /// The bootstrap administrator's id.
    public static let bootstrapAdminID = "admin"

    /// Prepares an empty database: creates the bootstrap administrator (with `adminKey`, or a generated
    /// key that is returned to be shown once) and records the built-in tools as approved by them.
    /// On a database that has principals already, only records built-ins that are not on record.
    public func bootstrap(adminKey: APIKey?, builtins: [ToolDefinition] = BuiltinTools.definitions) async throws -> BootstrapResult {
        let now = clock.now()
        let reviewDays = policy.reviewIntervalDays
        let result = try await store.write { tx in
            let requestID = "bootstrap-\(UUID().uuidString.lowercased())"
            var result = BootstrapResult(principal: Self.bootstrapAdminID, created: false, generatedKey: nil, builtinsRecorded: [])
            if try tx.principalCount() == 0 {
                let key = adminKey ?? APIKey.generate()
                let admin = Principal(id: Self.bootstrapAdminID, displayName: "Bootstrap administrator", kind: .person,
                                      roles: [.admin], createdAt: now)
                try tx.insertPrincipal(admin)
                try tx.insertAPIKey(APIKeyRecord(id: key.id, principalID: admin.id, label: "bootstrap", createdAt: now,
                                                 expiresAt: nil, revokedAt: nil), digest: key.digest)
                try tx.appendAudit(AuditDraft(actor: "system", action: "principal.create", subject: "principal:\(admin.id)",
                                              requestID: requestID, detail: ["roles": "admin", "reason": "bootstrap"]), at: now)
                try tx.appendAudit(AuditDraft(actor: "system", action: "key.create", subject: "principal:\(admin.id)",
                                              requestID: requestID,
                                              detail: ["keyId": key.id, "source": adminKey == nil ? "generated" : "environment"]), at: now)
                result.created = true
                result.generatedKey = adminKey == nil ? key.token : nil
            }
            let approver = try tx.principals().first { $0.roles.contains(.admin) }?.id ?? Self.bootstrapAdminID
            for d in builtins {
                let versions = try tx.toolVersions(name: d.name)
                if versions.contains(where: { $0.version == d.version }) { continue }
                let reasons = "Built-in tool shipped with Warden, approved at start-up by the bootstrap administrator."
                let decision = Decision(outcome: .approved, reasons: reasons, conditions: nil, decidedBy: approver, decidedAt: now,
                                        approvers: [approver])
                for var old in versions where [.active, .suspended, .deprecated].contains(old.state) {
                    let from = old.state
                    old.state = .superseded
                    old.updatedAt = now
                    try tx.updateToolVersion(old)
                    try tx.insertTransition(TransitionRecord(toolName: d.name, version: old.version, event: .supersede, from: from,
                                                             to: .superseded, actor: approver, reason: "superseded by \(d.version)", at: now))
                }
                let record = ToolVersionRecord(definition: d, digest: d.digest, state: .active, proposer: approver, proposedAt: now,
                                               updatedAt: now, decision: decision,
                                               reviewDueAt: now.addingTimeInterval(Double(reviewDays) * 86_400))
                try tx.insertToolVersion(record)
                try tx.insertTransition(TransitionRecord(toolName: d.name, version: d.version, event: .approve, from: .proposed,
                                                         to: .approved, actor: approver, reason: reasons, at: now))
                try tx.insertTransition(TransitionRecord(toolName: d.name, version: d.version, event: .activate, from: .approved,
                                                         to: .active, actor: approver, reason: "built-in", at: now))
                try tx.appendAudit(AuditDraft(actor: approver, action: "tool.bootstrap", subject: record.subject, requestID: requestID,
                                              detail: ["digest": record.digest, "approvedBy": approver]), at: now)
                result.builtinsRecorded.append("\(d.name)@\(d.version)")
            }
            return result
        }
        if !result.builtinsRecorded.isEmpty { await onServingChange() }
        return result
    }
}
