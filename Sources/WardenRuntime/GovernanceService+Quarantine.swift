import Foundation
import WardenCore
import WardenStore

/// A system request to quarantine a serving tool whose upstream no longer matches what was reviewed.
public struct QuarantineRequest: Sendable, Equatable {
    public var name: String
    /// The version serving now, which is suspended.
    public var servingVersion: SemanticVersion
    /// The reviewed pin, when the tool had one.
    public var oldPin: String?
    /// The digest of what the upstream lists now; nil when the tool vanished upstream.
    public var newPin: String?
    /// Which listing fields changed (`description`, `inputSchema`, ...), or `["vanished"]`.
    public var changedFields: [String]
    /// The definition proposed for review with the upstream's new listing; its version is replaced by a patch bump
    /// of the newest version on record. Nil when there is nothing to propose (the tool vanished).
    public var proposal: ToolDefinition?

    public init(name: String, servingVersion: SemanticVersion, oldPin: String?, newPin: String?, changedFields: [String],
                proposal: ToolDefinition?) {
        self.name = name
        self.servingVersion = servingVersion
        self.oldPin = oldPin
        self.newPin = newPin
        self.changedFields = changedFields
        self.proposal = proposal
    }
}

/// What a quarantine did.
public struct QuarantineOutcome: Sendable, Equatable {
    /// The serving version, now suspended.
    public var suspended: ToolVersionRecord
    /// The new proposal carrying the upstream's changed listing, when one was recorded.
    public var proposal: ToolVersionRecord?
    /// Why no proposal was recorded (e.g. the upstream's new schemas are not acceptable), when none was.
    public var proposalProblem: String?
}

extension GovernanceService {
    /// The id under which Warden itself acts (quarantines); it holds no role and cannot log in.
    public static let systemPrincipalID = "system"

    /// Quarantines a serving tool: suspends it at once and, when there is a changed definition, opens a proposal for
    /// it, proposed by the system principal, so the governance body reviews the change like any other. Suspension,
    /// proposal and the `tool.quarantined` audit event (detail: old and new pin, changed fields, proposed version)
    /// commit together; the registry reloads afterwards.
    ///
    /// This is a system action: it is not checked against a caller's role. Only Warden's own drift monitor calls it.
    /// - Throws: `not_found` for an unknown version; `conflict` when the version is not serving (active or deprecated).
    public func quarantine(_ request: QuarantineRequest) async throws -> QuarantineOutcome {
        let now = clock.now()
        let system = Principal(id: Self.systemPrincipalID, displayName: "Warden (system)", kind: .agent, roles: [], createdAt: now)
        let ctx = CallContext(principal: system, requestID: "quarantine-\(UUID().uuidString.lowercased())")
        var detail: [String: String] = ["oldPin": request.oldPin ?? "none", "newPin": request.newPin ?? "none",
                                        "changed": request.changedFields.joined(separator: ",")]
        detail["version"] = request.servingVersion.description
        let outcome = try await perform(ctx, action: "tool.quarantined", subject: "tool:\(request.name.prefix(64))@\(request.servingVersion)",
                                        detail: detail) { tx, now in
            var record = try Self.version(tx, request.name, request.servingVersion)
            let from = record.state
            let next = try ToolLifecycle.apply(.suspend, to: from, subject: "\(request.name) \(record.version)")
            record.state = next
            record.updatedAt = now
            try tx.updateToolVersion(record)
            let reason = "quarantined: the upstream MCP listing changed (\(request.changedFields.joined(separator: ", ")))"
            try tx.insertTransition(TransitionRecord(toolName: request.name, version: record.version, event: .suspend, from: from,
                                                     to: next, actor: system.id, reason: reason, at: now))
            var extra: [String: String] = [:]
            var proposed: ToolVersionRecord?
            var problem: String?
            if var definition = request.proposal {
                let versions = try tx.toolVersions(name: request.name)
                let newest = versions.map(\.version).max() ?? record.version
                let base = max(newest, record.version)
                guard let bumped = SemanticVersion("\(base.major).\(base.minor).\(base.patch + 1)") else {
                    throw WardenError(.internal, "cannot bump version \(base)")
                }
                definition.name = request.name
                definition.version = bumped
                let problems = definition.problems()
                if problems.isEmpty {
                    let p = ToolVersionRecord(definition: definition, digest: definition.digest, state: .proposed, proposer: system.id,
                                              proposedAt: now, updatedAt: now, decision: nil, reviewDueAt: nil)
                    try tx.insertToolVersion(p)
                    proposed = p
                    extra["proposedVersion"] = bumped.description
                } else {
                    problem = "the upstream's new definition is not acceptable: " + problems.prefix(5).joined(separator: "; ")
                    extra["proposalProblem"] = String(problem?.prefix(500) ?? "")
                }
            }
            return (QuarantineOutcome(suspended: record, proposal: proposed, proposalProblem: problem), extra)
        }
        await onServingChange()
        return outcome
    }
}
