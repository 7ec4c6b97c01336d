import Foundation
import WardenCore
import WardenStore

/// A board member's vote as sent.
public struct ApprovalRequest: Sendable, Codable, Equatable {
    public var approve: Bool
    public var comment: String?
    public init(approve: Bool, comment: String? = nil) {
        self.approve = approve
        self.comment = comment
    }
}

/// A lifecycle transition as requested.
public struct TransitionRequest: Sendable, Codable, Equatable {
    public enum Action: String, Sendable, Codable, CaseIterable {
        case activate, suspend, resume, deprecate, decommission, withdraw

        var event: LifecycleEvent {
            switch self {
            case .activate: .activate
            case .suspend: .suspend
            case .resume: .resume
            case .deprecate: .deprecate
            case .decommission: .decommission
            case .withdraw: .withdraw
            }
        }
    }

    public var action: Action
    /// The version to act on; when absent, the serving version (or, to activate, the newest approved one).
    public var version: SemanticVersion?
    public var reason: String?

    public init(action: Action, version: SemanticVersion? = nil, reason: String? = nil) {
        self.action = action
        self.version = version
        self.reason = reason
    }
}

/// A tool at a glance.
public struct ToolSummary: Sendable, Codable, Equatable {
    public var name: String
    public var title: String
    /// The state of the serving version, or of the newest version when none serves.
    public var state: LifecycleState
    public var activeVersion: SemanticVersion?
    public var latestVersion: SemanticVersion
    public var owner: String
    public var requiredRole: Role
    public var reviewDueAt: Date?
    public var versions: Int
}

/// A tool version with everything on record about it.
public struct ToolVersionDetail: Sendable, Codable, Equatable {
    public var record: ToolVersionRecord
    public var effectiveDefinition: ToolDefinition
    public var reviews: [Review]
    public var approvals: [Approval]
    /// What the approval rule still needs for an unconditional approval.
    public var approvalStatus: ApprovalStatus
}

/// A tool with its versions and history.
public struct ToolDetail: Sendable, Codable, Equatable {
    public var summary: ToolSummary
    public var versions: [ToolVersionRecord]
    public var transitions: [TransitionRecord]
}

/// The differences between two versions.
public struct ToolDiff: Sendable, Codable, Equatable {
    public var name: String
    public var from: SemanticVersion
    public var to: SemanticVersion
    public var changes: [JSONChange]
}

extension GovernanceService {
    // MARK: proposals

    /// Records a proposal: a new tool, or a new version of one. Needs `tool.propose`.
    /// - Throws: `invalid_input` listing every problem with the definition; `conflict` when the version
    ///   exists or is not newer than the newest on record.
    /// - Parameter reuseDecommissionedName: the proposer's explicit acknowledgement that the name belonged to a
    ///   decommissioned tool; without it such a proposal is a `conflict`, so a retired name is never reused silently.
    public func propose(_ ctx: CallContext, _ definition: ToolDefinition, reuseDecommissionedName: Bool = false) async throws -> ToolVersionRecord {
        let subject = "tool:\(definition.name.prefix(64))@\(definition.version)"
        let record: ToolVersionRecord = try await perform(ctx, action: "tool.propose", subject: subject,
                                 detail: reuseDecommissionedName ? ["reuseDecommissionedName": "true"] : nil) { tx, now in
            try self.require(.toolPropose, ctx)
            try definition.validate()
            let existing = try tx.toolVersions(name: definition.name)
            let live: Set<LifecycleState> = [.proposed, .inReview, .approved, .active, .suspended, .deprecated]
            if let retired = existing.last(where: { $0.state == .decommissioned }), !existing.contains(where: { live.contains($0.state) }),
               !reuseDecommissionedName {
                throw WardenError.conflict("\(definition.name) was decommissioned (version \(retired.version)); agents and prompts may "
                    + "still know the name. To reuse it for a new tool, propose again acknowledging that "
                    + "(reuseDecommissionedName=true, or --reuse-decommissioned-name)",
                    details: ["currentState": LifecycleState.decommissioned.rawValue])
            }
            if existing.contains(where: { $0.version == definition.version }) {
                throw WardenError.conflict("\(definition.name) version \(definition.version) exists already; versions are immutable, so propose a new version number",
                                           details: ["name": definition.name, "version": definition.version.description])
            }
            if let newest = existing.last, !(newest.version < definition.version) {
                throw WardenError.conflict("a new version must be newer than \(newest.version), the newest on record")
            }
            let digest = definition.digest
            let record = ToolVersionRecord(definition: definition, digest: digest, state: .proposed, proposer: ctx.principal.id,
                                           proposedAt: now, updatedAt: now, decision: nil, reviewDueAt: nil)
            try tx.insertToolVersion(record)
            // Known advisories are matched against the new version at once, so reviewers see them from the start.
            let (found, _) = try self.recordFindings(tx, versions: [record],
                                                     advisories: try Self.storedAdvisories(tx, for: definition.allDependencies),
                                                     ctx: ctx, suspendAt: nil, renewCheck: false, now: now)
            var detail = ["digest": digest]
            if !found.isEmpty { detail["advisories"] = "\(found.count)" }
            // The automated checks run with the proposal, so reviewers see their evidence from the start.
            for (k, v) in Self.checkSummary(try self.runChecks(tx, definition, at: now)) { detail[k] = v }
            return (record, detail)
        }
        // The checks that call the real tool start only once the proposal is on record.
        checkRunner?.enqueue(record, requestedBy: ctx.principal.id)
        return record
    }

    // MARK: reviews and votes

    /// Files a review. Needs the permission of the review's kind; the proposer may not review their own proposal.
    public func fileReview(_ ctx: CallContext, name: String, version: SemanticVersion, _ submission: ReviewSubmission) async throws -> Review {
        try await perform(ctx, action: "review.\(submission.kind.rawValue)", subject: "tool:\(name.prefix(64))@\(version)",
                          detail: ["verdict": submission.verdict.rawValue]) { tx, now in
            try self.require(submission.kind.permission, ctx)
            try submission.validate()
            var record = try Self.version(tx, name, version)
            if !self.policy.proposerMayReview, record.proposer == ctx.principal.id {
                throw WardenError.forbidden("separation of duties: you proposed \(name) \(version), so someone else must review it")
            }
            let next = try ToolLifecycle.apply(.fileReview, to: record.state, subject: "\(name) \(version)")
            let review = Review(id: UUID().uuidString.lowercased(), toolName: name, version: version, reviewer: ctx.principal.id,
                                filedAt: now, submission: submission)
            try tx.insertReview(review)
            if next != record.state {
                try tx.insertTransition(TransitionRecord(toolName: name, version: version, event: .fileReview, from: record.state,
                                                         to: next, actor: ctx.principal.id, reason: nil, at: now))
                record.state = next
                record.updatedAt = now
                try tx.updateToolVersion(record)
            }
            return (review, ["reviewId": review.id])
        }
    }

    /// Records a governance-board member's vote (replacing their earlier one). Needs `tool.approve`.
    public func vote(_ ctx: CallContext, name: String, version: SemanticVersion, _ request: ApprovalRequest) async throws -> Approval {
        try await perform(ctx, action: "tool.vote", subject: "tool:\(name.prefix(64))@\(version)",
                          detail: ["approve": "\(request.approve)"]) { tx, now in
            try self.require(.toolApprove, ctx)
            if let c = request.comment, c.count > 8000 { throw WardenError.invalidInput("comment: at most 8000 characters") }
            let record = try Self.version(tx, name, version)
            guard record.state == .proposed || record.state == .inReview else {
                throw WardenError.conflict("\(name) \(version) is \(record.state.rawValue); votes are taken only before the decision",
                                           details: ["currentState": record.state.rawValue])
            }
            if !self.policy.approvalRule.proposerMayApprove, record.proposer == ctx.principal.id {
                throw WardenError.forbidden("separation of duties: you proposed \(name) \(version), so you cannot vote on it")
            }
            let approval = Approval(approver: ctx.principal.id, approve: request.approve, comment: request.comment, at: now)
            try tx.putApproval(name: name, version: version, approval)
            return (approval, nil)
        }
    }

    /// What the approval rule says about a version now, for the given outcome.
    public func approvalStatus(_ ctx: CallContext, name: String, version: SemanticVersion,
                               outcome: Decision.Outcome = .approved) async throws -> ApprovalStatus {
        try await authorize(.toolRead, ctx)
        let rule = policy.approvalRule
        return try await store.read { tx in try Self.status(tx, rule: rule, name: name, version: version, outcome: outcome) }
    }

    static func status(_ tx: any StoreReader, rule: ApprovalRule, name: String, version: SemanticVersion,
                       outcome: Decision.Outcome, waiver: FindingWaiver? = nil) throws -> ApprovalStatus {
        let record = try Self.version(tx, name, version)
        let approvals = try tx.approvals(name: name, version: version)
        let roles = try approverRoles(tx, approvals)
        return rule.evaluate(outcome: outcome, proposer: record.proposer, reviews: try tx.reviews(name: name, version: version),
                             approvals: approvals, roles: roles, checks: try tx.checkResults(name: name, version: version), waiver: waiver)
    }

    /// The roles of each approver who is still an enabled principal: only their votes count under the rule.
    static func approverRoles(_ tx: any StoreReader, _ approvals: [Approval]) throws -> [String: Set<Role>] {
        var roles: [String: Set<Role>] = [:]
        for a in approvals {
            if let p = try tx.principal(id: a.approver), !p.disabled { roles[a.approver] = p.roles }
        }
        return roles
    }

    // MARK: decisions

    /// Records the governance body's decision. Needs `decision.record`; the approval rule must be met.
    /// - Throws: `approval_rule_unmet` listing what is missing; `conflict` when a decision exists already.
    public func decide(_ ctx: CallContext, name: String, version: SemanticVersion, _ request: DecisionRequest) async throws -> ToolVersionRecord {
        try await perform(ctx, action: "tool.decide", subject: "tool:\(name.prefix(64))@\(version)",
                          detail: ["outcome": request.outcome.rawValue]) { tx, now in
            try self.require(.decisionRecord, ctx)
            var record = try Self.version(tx, name, version)
            if let d = record.decision {
                throw WardenError.conflict("\(name) \(version) was decided already (\(d.outcome.rawValue) by \(d.decidedBy))",
                                           details: ["currentState": record.state.rawValue])
            }
            let event: LifecycleEvent = request.outcome.isApproval ? .approve : .reject
            let next = try ToolLifecycle.apply(event, to: record.state, subject: "\(name) \(version)")
            try request.validate(against: record.definition)
            let status = try Self.status(tx, rule: self.policy.approvalRule, name: name, version: version, outcome: request.outcome,
                                         waiver: request.waiver)
            guard status.satisfied else {
                var details: [String: String] = [:]
                if !status.blockingFindings.isEmpty { details["blockingFindings"] = status.blockingFindings.joined(separator: ",") }
                throw WardenError(.approvalRuleUnmet,
                                  "the approval rule is not met for \(name) \(version): " + status.unmet.joined(separator: "; "),
                                  details: details)
            }
            // A waiver is kept only for what it actually waived, so the record says exactly what was accepted.
            let waiver = request.waiver.flatMap { w in
                status.waivedFindings.isEmpty ? nil : FindingWaiver(codes: status.waivedFindings, reason: w.reason)
            }
            let decision = Decision(outcome: request.outcome, reasons: request.reasons, conditions: request.conditions,
                                    decidedBy: ctx.principal.id, decidedAt: now, approvers: status.countedApprovers, waiver: waiver)
            try tx.insertTransition(TransitionRecord(toolName: name, version: version, event: event, from: record.state, to: next,
                                                     actor: ctx.principal.id, reason: request.reasons, at: now))
            record.decision = decision
            record.state = next
            record.updatedAt = now
            try tx.updateToolVersion(record)
            var detail = ["approvers": status.countedApprovers.joined(separator: ",")]
            if let waiver {
                detail["waivedFindings"] = waiver.codes.joined(separator: ",")
                detail["waiverReason"] = String(waiver.reason.prefix(2000))
            }
            return (record, detail)
        }
    }

    // MARK: lifecycle

    /// Moves a version through its lifecycle. Activation needs `tool.activate` and supersedes the version
    /// serving before; withdrawal is for the proposer (or `tool.operate`); the rest needs `tool.operate`.
    /// - Throws: `conflict` with the current state when the lifecycle forbids the transition.
    public func transition(_ ctx: CallContext, name: String, _ request: TransitionRequest) async throws -> ToolVersionRecord {
        let subject = "tool:\(name.prefix(64))" + (request.version.map { "@\($0)" } ?? "")
        let record = try await perform(ctx, action: "tool.\(request.action.rawValue)", subject: subject) { tx, now in
            if let r = request.reason, r.count > 8000 { throw WardenError.invalidInput("reason: at most 8000 characters") }
            let versions = try tx.toolVersions(name: name)
            guard !versions.isEmpty else {
                throw WardenError.notFound("no tool named '\(name.prefix(64))' is on record; `warden tool list` shows the tools")
            }
            var record: ToolVersionRecord
            if let v = request.version {
                record = try Self.version(tx, name, v)
            } else if request.action == .activate {
                guard let r = versions.last(where: { $0.state == .approved }) else {
                    throw WardenError.conflict("\(name) has no approved version to activate")
                }
                record = r
            } else if request.action == .withdraw {
                guard let r = versions.last(where: { $0.state == .proposed || $0.state == .inReview }) else {
                    throw WardenError.conflict("\(name) has no open proposal to withdraw")
                }
                record = r
            } else {
                guard let r = versions.last(where: { [.active, .suspended, .deprecated].contains($0.state) }) else {
                    let states = versions.map { "\($0.version): \($0.state.rawValue)" }.joined(separator: ", ")
                    throw WardenError.conflict("\(name) has no serving version to \(request.action.rawValue) (\(states)); name a version",
                                               details: ["currentState": versions.last?.state.rawValue ?? ""])
                }
                record = r
            }
            switch request.action {
            case .activate: try self.require(.toolActivate, ctx)
            case .withdraw: if record.proposer != ctx.principal.id { try self.require(.toolOperate, ctx) }
            default: try self.require(.toolOperate, ctx)
            }
            let from = record.state
            let next = try ToolLifecycle.apply(request.action.event, to: from, subject: "\(name) \(record.version)")
            if next == .active {
                let missing = self.secrets.missing(record.definition.requiredCredentials)
                guard missing.isEmpty else {
                    throw WardenError.conflict("\(name) \(record.version) cannot serve: its credentials \(missing.joined(separator: ", ")) are not configured; provide them (environment or secrets directory) and retry",
                                               details: ["currentState": from.rawValue, "missingCredentials": missing.joined(separator: ",")])
                }
            }
            if request.action == .activate {
                for other in versions where other.version != record.version && [.active, .suspended, .deprecated].contains(other.state) {
                    var o = other
                    o.state = try ToolLifecycle.apply(.supersede, to: o.state, subject: "\(name) \(o.version)")
                    o.updatedAt = now
                    try tx.updateToolVersion(o)
                    try tx.insertTransition(TransitionRecord(toolName: name, version: o.version, event: .supersede, from: other.state,
                                                             to: o.state, actor: ctx.principal.id,
                                                             reason: "superseded by \(record.version)", at: now))
                }
                let days = self.policy.reviewInterval(for: record)
                record.reviewDueAt = now.addingTimeInterval(Double(days) * 86_400)
            }
            record.state = next
            record.updatedAt = now
            try tx.updateToolVersion(record)
            try tx.insertTransition(TransitionRecord(toolName: name, version: record.version, event: request.action.event, from: from,
                                                     to: next, actor: ctx.principal.id, reason: request.reason, at: now))
            var detail = ["version": record.version.description, "from": from.rawValue, "to": next.rawValue]
            if next == .decommissioned, !record.definition.requiredCredentials.isEmpty {
                // The tool's binding to its secrets ends here; name the secrets no serving tool needs any more, so
                // operators can revoke them in the secrets manager.
                let stillNeeded = Set(try tx.allToolVersions().filter { $0.name != name && [.approved, .active, .suspended, .deprecated].contains($0.state) }
                    .flatMap(\.definition.requiredCredentials))
                detail["credentialsReleased"] = record.definition.requiredCredentials.joined(separator: ",")
                let unused = record.definition.requiredCredentials.filter { !stillNeeded.contains($0) }
                if !unused.isEmpty { detail["credentialsNowUnused"] = unused.joined(separator: ",") }
            }
            return (record, detail)
        }
        await onServingChange()
        return record
    }

    // MARK: reading

    /// Every tool at a glance. Needs `tool.read`.
    public func tools(_ ctx: CallContext) async throws -> [ToolSummary] {
        try await authorize(.toolRead, ctx)
        let all = try await store.read { tx in try tx.allToolVersions() }
        return Dictionary(grouping: all, by: \.name).values.compactMap(Self.summary).sorted { $0.name < $1.name }
    }

    /// A tool with every version and its history. Needs `tool.read`.
    public func tool(_ ctx: CallContext, name: String) async throws -> ToolDetail {
        try await authorize(.toolRead, ctx)
        let (versions, transitions) = try await store.read { tx in (try tx.toolVersions(name: name), try tx.transitions(name: name)) }
        guard let summary = Self.summary(versions) else {
            throw WardenError.notFound("no tool named '\(name.prefix(64))' is on record; `warden tool list` shows the tools")
        }
        return ToolDetail(summary: summary, versions: versions, transitions: transitions)
    }

    /// One version with its reviews, votes and approval status. Needs `tool.read`.
    public func toolVersion(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> ToolVersionDetail {
        try await authorize(.toolRead, ctx)
        let rule = policy.approvalRule
        return try await store.read { tx in
            let record = try Self.version(tx, name, version)
            return ToolVersionDetail(record: record, effectiveDefinition: record.effectiveDefinition,
                                     reviews: try tx.reviews(name: name, version: version),
                                     approvals: try tx.approvals(name: name, version: version),
                                     approvalStatus: try Self.status(tx, rule: rule, name: name, version: version, outcome: .approved))
        }
    }

    /// The differences between two versions of a tool. Needs `tool.read`.
    public func diff(_ ctx: CallContext, name: String, from: SemanticVersion, to: SemanticVersion) async throws -> ToolDiff {
        try await authorize(.toolRead, ctx)
        let (a, b) = try await store.read { tx in (try Self.version(tx, name, from), try Self.version(tx, name, to)) }
        return ToolDiff(name: name, from: from, to: to,
                        changes: JSONDiff.changes(from: a.definition.canonicalJSON, to: b.definition.canonicalJSON))
    }

    static func summary(_ versions: [ToolVersionRecord]) -> ToolSummary? {
        guard let latest = versions.max(by: { $0.version < $1.version }) else { return nil }
        let serving = versions.last { [.active, .suspended, .deprecated].contains($0.state) }
        let shown = serving ?? latest
        let effective = shown.effectiveDefinition
        return ToolSummary(name: latest.name, title: effective.title, state: shown.state,
                           activeVersion: serving.map(\.version), latestVersion: latest.version, owner: effective.owner,
                           requiredRole: effective.requiredRole, reviewDueAt: serving?.reviewDueAt, versions: versions.count)
    }

    // MARK: audit

    /// Audit events after `afterSeq`, at most `limit` (1 to 1000). Needs `audit.read`.
    public func auditEvents(_ ctx: CallContext, afterSeq: Int64, limit: Int) async throws -> [AuditEvent] {
        try await auditEvents(ctx, matching: AuditQuery(afterSeq: afterSeq, limit: limit))
    }

    /// Audit events matching `query`, oldest first. Needs `audit.read`.
    /// - Throws: `forbidden`; `invalid_input` when the query is out of bounds.
    public func auditEvents(_ ctx: CallContext, matching query: AuditQuery) async throws -> [AuditEvent] {
        try await authorize(.auditRead, ctx)
        let q = try query.validated()
        return try await store.read { tx in try tx.auditEvents(matching: q) }
    }

    /// Signed checkpoints after `afterSeq`, oldest first, at most `limit` (1 to 1000). Needs `audit.read`.
    public func auditCheckpoints(_ ctx: CallContext, afterSeq: Int64, limit: Int) async throws -> [AuditCheckpoint] {
        try await authorize(.auditRead, ctx)
        guard (1...1000).contains(limit), afterSeq >= 0 else {
            throw WardenError.invalidInput("limit must be 1 to 1000 and after must be 0 or more")
        }
        return try await store.read { tx in try tx.auditCheckpoints(afterSeq: afterSeq, limit: limit) }
    }

    /// Verifies the whole audit chain and every checkpoint's signature with this Warden's key. Needs `audit.read`.
    public func verifyAudit(_ ctx: CallContext) async throws -> AuditChain.Report {
        try await authorize(.auditRead, ctx)
        return try await store.verifyAuditChain(keys: auditPublicKey.map { [$0] })
    }
}
