import Foundation
import WardenCore
import WardenStore

/// A serving tool version and when its periodic review is due.
public struct ReviewDueItem: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case due, overdue }
    /// What is due for review: a tool or a registered agent.
    public enum Kind: String, Sendable, Codable { case tool, agent }
    public var kind: Kind
    public var name: String
    public var version: SemanticVersion
    public var state: LifecycleState
    public var owner: String
    public var reviewDueAt: Date
    public var status: Status
    /// Whole days past the due date (0 when not yet overdue).
    public var daysOverdue: Int
}

/// What a periodic review records: that the tool was looked at again and may go on serving.
public struct PeriodicReviewRequest: Sendable, Codable, Equatable {
    /// What was checked and found: relevance, security posture, compliance with current policy.
    public var notes: String

    public init(notes: String) { self.notes = notes }
}

extension GovernanceService {
    /// Serving versions (active, suspended, deprecated) whose periodic review is overdue or due within `withinDays`,
    /// most overdue first. Needs `tool.read`.
    /// - Throws: `forbidden`; `invalid_input` when `withinDays` is not 0 to 3660.
    public func reviewsDue(_ ctx: CallContext, withinDays: Int) async throws -> [ReviewDueItem] {
        try await authorize(.toolRead, ctx)
        guard (0...3660).contains(withinDays) else { throw WardenError.invalidInput("within must be 0 to 3660 days") }
        let now = clock.now()
        let horizon = now.addingTimeInterval(Double(withinDays) * 86_400)
        let (tools, agents) = try await store.read { tx in (try tx.allToolVersions(), try tx.allAgentVersions()) }
        func item(_ kind: ReviewDueItem.Kind, _ name: String, _ version: SemanticVersion, _ state: LifecycleState, _ owner: String,
                  _ due: Date?) -> ReviewDueItem? {
            guard [.active, .suspended, .deprecated].contains(state), let due, due <= horizon else { return nil }
            let overdue = max(0, Int(now.timeIntervalSince(due) / 86_400))
            return ReviewDueItem(kind: kind, name: name, version: version, state: state, owner: owner, reviewDueAt: due,
                                 status: due <= now ? .overdue : .due, daysOverdue: overdue)
        }
        let dueTools = tools.compactMap { item(.tool, $0.name, $0.version, $0.state, $0.effectiveDefinition.owner, $0.reviewDueAt) }
        let dueAgents = agents.compactMap { item(.agent, $0.name, $0.version, $0.state, $0.effectiveDefinition.owner, $0.reviewDueAt) }
        return (dueTools + dueAgents).sorted { $0.reviewDueAt < $1.reviewDueAt }
    }

    /// Records a periodic review of the serving version of `name` and sets its next due date. Needs `decision.record`
    /// (the governance board); a suspended tool stays suspended (resume it with a transition).
    /// - Throws: `forbidden`; `not_found`; `conflict` when no version serves; `invalid_input` for empty notes.
    public func recordPeriodicReview(_ ctx: CallContext, name: String, _ request: PeriodicReviewRequest) async throws -> ToolVersionRecord {
        try await perform(ctx, action: "tool.periodic_review", subject: "tool:\(name.prefix(64))") { tx, now in
            try self.require(.decisionRecord, ctx)
            let notes = request.notes.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !notes.isEmpty, notes.count <= 8000 else {
                throw WardenError.invalidInput("notes must say what the review found (1 to 8000 characters)")
            }
            let versions = try tx.toolVersions(name: name)
            guard !versions.isEmpty else { throw WardenError.notFound("no tool named '\(name.prefix(64))' is on record") }
            guard var record = versions.last(where: { [.active, .suspended, .deprecated].contains($0.state) }) else {
                throw WardenError.conflict("\(name) has no serving version to review; periodic reviews are for active, suspended or deprecated tools")
            }
            let previous = record.reviewDueAt
            record.reviewDueAt = now.addingTimeInterval(Double(self.policy.reviewInterval(for: record)) * 86_400)
            record.updatedAt = now
            try tx.updateToolVersion(record)
            var detail = ["version": record.version.description, "nextDue": WardenJSON.format(record.reviewDueAt ?? now),
                          "notesDigest": Digest.sha256Hex(Array(notes.utf8))]
            if let previous { detail["previousDue"] = WardenJSON.format(previous) }
            return (record, detail)
        }
    }

    /// Records a periodic review of the serving version of agent `name` (its card, its conduct, whether Warden still
    /// needs it) and sets its next due date. Needs `decision.record`.
    /// - Throws: `forbidden`; `not_found`; `conflict` when no version serves; `invalid_input` for empty notes.
    public func recordAgentPeriodicReview(_ ctx: CallContext, name: String, _ request: PeriodicReviewRequest) async throws -> AgentVersionRecord {
        try await perform(ctx, action: "agent.periodic_review", subject: "agent:\(name.prefix(64))") { tx, now in
            try self.require(.decisionRecord, ctx)
            let notes = request.notes.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !notes.isEmpty, notes.count <= 8000 else {
                throw WardenError.invalidInput("notes must say what the review found (1 to 8000 characters)")
            }
            let versions = try tx.agentVersions(name: name)
            guard !versions.isEmpty else { throw WardenError.notFound("no agent named '\(name.prefix(64))' is registered") }
            guard var record = versions.last(where: { [.active, .suspended, .deprecated].contains($0.state) }) else {
                throw WardenError.conflict("agent \(name) has no serving version to review; periodic reviews are for active, suspended or deprecated agents")
            }
            let previous = record.reviewDueAt
            record.reviewDueAt = now.addingTimeInterval(Double(self.policy.reviewInterval(for: record)) * 86_400)
            record.updatedAt = now
            try tx.updateAgentVersion(record)
            var detail = ["version": record.version.description, "nextDue": WardenJSON.format(record.reviewDueAt ?? now),
                          "notesDigest": Digest.sha256Hex(Array(notes.utf8))]
            if let previous { detail["previousDue"] = WardenJSON.format(previous) }
            return (record, detail)
        }
    }

    /// Suspends every active tool and agent whose periodic review is overdue by more than the policy's grace period, as
    /// `system`, each with a transition and an audit event. `warden serve` runs it at an interval.
    /// - Returns: the suspended versions as `name@version`.
    /// - Throws: the store's `WardenError`.
    @discardableResult
    public func enforceOverdueReviews() async throws -> [String] {
        guard let grace = policy.reviewOverdueSuspendAfterDays else { return [] }
        let now = clock.now()
        let cutoff = now.addingTimeInterval(-Double(grace) * 86_400)
        let requestID = "review-monitor-\(UUID().uuidString.lowercased())"
        let suspended: [String] = try await store.write { tx in
            var out: [String] = []
            for r in try tx.allToolVersions() where r.state == .active {
                guard let due = r.reviewDueAt, due < cutoff else { continue }
                let reason = "periodic review overdue since \(WardenJSON.format(due)) (grace \(grace) days)"
                out.append(try Self.suspendBySystem(tx, r, reason: reason, policy: "reviewOverdueSuspendAfterDays=\(grace)",
                                                    requestID: requestID, at: now))
            }
            for var r in try tx.allAgentVersions() where r.state == .active {
                guard let due = r.reviewDueAt, due < cutoff else { continue }
                let reason = "periodic review overdue since \(WardenJSON.format(due)) (grace \(grace) days)"
                let from = r.state
                r.state = try ToolLifecycle.apply(.suspend, to: from, subject: "agent \(r.name) \(r.version)")
                r.updatedAt = now
                try tx.updateAgentVersion(r)
                try tx.insertAgentTransition(TransitionRecord(toolName: r.name, version: r.version, event: .suspend, from: from, to: r.state,
                                                              actor: Self.systemPrincipalID, reason: reason, at: now))
                try tx.appendAudit(AuditDraft(actor: Self.systemPrincipalID, action: "agent.suspend", subject: r.subject, requestID: requestID,
                                              outcome: .success, detail: ["reason": reason, "policy": "reviewOverdueSuspendAfterDays=\(grace)"]),
                                   at: now)
                out.append("agent:\(r.name)@\(r.version)")
            }
            return out
        }
        if !suspended.isEmpty { await onServingChange() }
        return suspended
    }
}
