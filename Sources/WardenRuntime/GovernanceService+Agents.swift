import Foundation
import WardenCore
import WardenStore

/// A registered agent at a glance, for listings and discovery.
public struct AgentSummary: Sendable, Codable, Equatable {
    public var name: String
    public var description: String
    public var trustLevel: AgentTrustLevel
    public var region: String?
    public var clearance: SensitivityLevel
    public var piiCleared: Bool
    /// The state of the serving version, or of the newest version when none serves.
    public var state: LifecycleState
    public var activeVersion: SemanticVersion?
    public var latestVersion: SemanticVersion
    public var owner: String
    public var reviewDueAt: Date?
    /// The skills of the card shown (the serving version's, else the newest one's).
    public var skills: [AgentSkillSummary]
    public var tags: [String]
    public var versions: Int
}

/// One skill of an agent's card, for discovery.
public struct AgentSkillSummary: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var tags: [String]

    /// The skills of a card in its JSON form (A2A 1.0 proto3 JSON and 0.3 alike): `skills[].id`, `name`, `tags`.
    public static func skills(of card: JSONValue) -> [AgentSkillSummary] {
        guard case .array(let skills)? = card.objectValue?["skills"] else { return [] }
        return skills.compactMap { s in
            guard let o = s.objectValue, let id = o["id"]?.stringValue else { return nil }
            let tags: [String]
            if case .array(let t)? = o["tags"] { tags = t.compactMap(\.stringValue) } else { tags = [] }
            return AgentSkillSummary(id: id, name: o["name"]?.stringValue ?? id, tags: tags)
        }
    }
}

/// An agent with its versions and history.
public struct AgentDetail: Sendable, Codable, Equatable {
    public var summary: AgentSummary
    public var versions: [AgentVersionRecord]
    public var transitions: [TransitionRecord]
}

/// An agent version with everything on record about it.
public struct AgentVersionDetail: Sendable, Codable, Equatable {
    public var record: AgentVersionRecord
    public var effectiveDefinition: AgentDefinition
    public var reviews: [Review]
    public var approvals: [Approval]
    /// What the approval rule still needs for an unconditional approval.
    public var approvalStatus: ApprovalStatus
}

/// A discovery query: agents offering a skill, or carrying a tag (on the agent or one of its skills).
public struct AgentQuery: Sendable, Equatable {
    public var skill: String?
    public var tag: String?
    /// Only agents that serve now.
    public var servingOnly: Bool

    public init(skill: String? = nil, tag: String? = nil, servingOnly: Bool = false) {
        self.skill = skill
        self.tag = tag
        self.servingOnly = servingOnly
    }

    func matches(_ s: AgentSummary) -> Bool {
        if servingOnly, s.activeVersion == nil || !s.state.isServing { return false }
        if let skill, !s.skills.contains(where: { $0.id == skill }) { return false }
        if let tag {
            let t = tag.lowercased()
            if !s.tags.contains(where: { $0.lowercased() == t }), !s.skills.contains(where: { $0.tags.contains { $0.lowercased() == t } }) {
                return false
            }
        }
        return true
    }
}

/// A system request to quarantine a serving agent whose refreshed card no longer matches what was reviewed.
public struct AgentQuarantineRequest: Sendable, Equatable {
    public var name: String
    public var servingVersion: SemanticVersion
    /// The card as fetched now and its pin.
    public var card: JSONValue
    public var cardPin: String
    /// What changed (`skills`, `schemas`, `interfaces`...).
    public var changed: [String]

    public init(name: String, servingVersion: SemanticVersion, card: JSONValue, cardPin: String, changed: [String]) {
        self.name = name
        self.servingVersion = servingVersion
        self.card = card
        self.cardPin = cardPin
        self.changed = changed
    }
}

extension GovernanceService {
    // MARK: registration

    /// Registers an agent, or a new version of one, with its card as fetched (or given inline) and the card's pin.
    /// Needs `agent.register`. Agents of a trust level that needs no review (see
    /// ``GovernancePolicy/agentNeedsReview(_:)``) are approved and activated at once, on record; the others wait for
    /// reviews and the governance body's decision, as tools do.
    /// - Throws: `invalid_input` listing every problem; `conflict` when the version exists or is not newer.
    public func registerAgent(_ ctx: CallContext, _ definition: AgentDefinition, card: JSONValue, cardPin: String) async throws -> AgentVersionRecord {
        let record = try await perform(ctx, action: "agent.register", subject: "agent:\(definition.name.prefix(64))@\(definition.version)",
                                       detail: ["trustLevel": definition.trustLevel.rawValue, "cardPin": cardPin]) { tx, now in
            try self.require(.agentRegister, ctx)
            try definition.validate()
            let existing = try tx.agentVersions(name: definition.name)
            if existing.contains(where: { $0.version == definition.version }) {
                throw WardenError.conflict("agent \(definition.name) version \(definition.version) exists already; versions are immutable, so register a new version number",
                                           details: ["name": definition.name, "version": definition.version.description])
            }
            if let newest = existing.last, !(newest.version < definition.version) {
                throw WardenError.conflict("a new version must be newer than \(newest.version), the newest on record")
            }
            let record = try self.insertAgentVersion(tx, definition, card: card, cardPin: cardPin, proposer: ctx.principal.id, now: now)
            return (record, ["state": record.state.rawValue])
        }
        if record.state.isServing { await onServingChange() }
        return record
    }

    /// Inserts a new version; one of a trust level that needs no review is approved and activated in the same
    /// transaction (when its credentials are configured), superseding the version serving before.
    func insertAgentVersion(_ tx: any StoreWriter, _ definition: AgentDefinition, card: JSONValue, cardPin: String,
                            proposer: String, now: Date) throws -> AgentVersionRecord {
        var record = AgentVersionRecord(definition: definition, card: card, cardPin: cardPin, state: .proposed, proposer: proposer,
                                        proposedAt: now, updatedAt: now)
        try tx.insertAgentVersion(record)
        guard !policy.agentNeedsReview(definition.trustLevel) else { return record }
        let reason = "\(definition.trustLevel.rawValue) agents need no review under this Warden's policy (governance.agents.reviewRequired)"
        record.decision = Decision(outcome: .approved, reasons: reason, conditions: nil, decidedBy: Self.systemPrincipalID,
                                   decidedAt: now, approvers: [])
        try tx.insertAgentTransition(TransitionRecord(toolName: definition.name, version: definition.version, event: .approve,
                                                      from: .proposed, to: .approved, actor: Self.systemPrincipalID, reason: reason, at: now))
        record.state = .approved
        record.updatedAt = now
        // Without its credentials it stays approved until someone activates it once they are configured.
        if secrets.missing(definition.requiredCredentials).isEmpty {
            try tx.insertAgentTransition(TransitionRecord(toolName: definition.name, version: definition.version, event: .activate,
                                                          from: .approved, to: .active, actor: proposer, reason: reason, at: now))
            try supersedeServingAgents(tx, name: definition.name, except: definition.version, actor: proposer, now: now)
            record.state = .active
            record.reviewDueAt = now.addingTimeInterval(Double(policy.reviewInterval(for: record)) * 86_400)
        }
        try tx.updateAgentVersion(record)
        return record
    }

    func supersedeServingAgents(_ tx: any StoreWriter, name: String, except version: SemanticVersion, actor: String, now: Date) throws {
        for other in try tx.agentVersions(name: name) where other.version != version && [.active, .suspended, .deprecated].contains(other.state) {
            var o = other
            o.state = try ToolLifecycle.apply(.supersede, to: o.state, subject: "agent \(name) \(o.version)")
            o.updatedAt = now
            try tx.updateAgentVersion(o)
            try tx.insertAgentTransition(TransitionRecord(toolName: name, version: o.version, event: .supersede, from: other.state, to: o.state,
                                                          actor: actor, reason: "superseded by \(version)", at: now))
        }
    }

    static func agentVersion(_ tx: any StoreReader, _ name: String, _ version: SemanticVersion) throws -> AgentVersionRecord {
        guard let r = try tx.agentVersion(name: name, version: version) else {
            if try tx.agentVersions(name: name).isEmpty {
                throw WardenError.notFound("no agent named '\(name.prefix(64))' is registered; `warden agent list` shows the agents")
            }
            throw WardenError.notFound("agent \(name.prefix(64)) has no version \(version); `warden agent show \(name.prefix(64))` lists its versions")
        }
        return r
    }

    // MARK: reviews, votes, decisions

    /// Files a review of an agent version (a security review above all). Needs the permission of the review's kind;
    /// whoever registered the version may not review it.
    public func fileAgentReview(_ ctx: CallContext, name: String, version: SemanticVersion, _ submission: ReviewSubmission) async throws -> Review {
        try await perform(ctx, action: "agent.review.\(submission.kind.rawValue)", subject: "agent:\(name.prefix(64))@\(version)",
                          detail: ["verdict": submission.verdict.rawValue]) { tx, now in
            try self.require(submission.kind.permission, ctx)
            try submission.validate()
            var record = try Self.agentVersion(tx, name, version)
            if !self.policy.proposerMayReview, record.proposer == ctx.principal.id {
                throw WardenError.forbidden("separation of duties: you registered agent \(name) \(version), so someone else must review it")
            }
            let next = try ToolLifecycle.apply(.fileReview, to: record.state, subject: "agent \(name) \(version)")
            let review = Review(id: UUID().uuidString.lowercased(), toolName: name, version: version, reviewer: ctx.principal.id,
                                filedAt: now, submission: submission)
            try tx.insertAgentReview(review)
            if next != record.state {
                try tx.insertAgentTransition(TransitionRecord(toolName: name, version: version, event: .fileReview, from: record.state,
                                                              to: next, actor: ctx.principal.id, reason: nil, at: now))
                record.state = next
                record.updatedAt = now
                try tx.updateAgentVersion(record)
            }
            return (review, ["reviewId": review.id])
        }
    }

    /// Records a governance-board member's vote on an agent version. Needs `tool.approve`.
    public func voteAgent(_ ctx: CallContext, name: String, version: SemanticVersion, _ request: ApprovalRequest) async throws -> Approval {
        try await perform(ctx, action: "agent.vote", subject: "agent:\(name.prefix(64))@\(version)",
                          detail: ["approve": "\(request.approve)"]) { tx, now in
            try self.require(.toolApprove, ctx)
            if let c = request.comment, c.count > 8000 { throw WardenError.invalidInput("comment: at most 8000 characters") }
            let record = try Self.agentVersion(tx, name, version)
            guard record.state == .proposed || record.state == .inReview else {
                throw WardenError.conflict("agent \(name) \(version) is \(record.state.rawValue); votes are taken only before the decision",
                                           details: ["currentState": record.state.rawValue])
            }
            if !self.policy.approvalRule.proposerMayApprove, record.proposer == ctx.principal.id {
                throw WardenError.forbidden("separation of duties: you registered agent \(name) \(version), so you cannot vote on it")
            }
            let approval = Approval(approver: ctx.principal.id, approve: request.approve, comment: request.comment, at: now)
            try tx.putAgentApproval(name: name, version: version, approval)
            return (approval, nil)
        }
    }

    static func agentStatus(_ tx: any StoreReader, rule: ApprovalRule, name: String, version: SemanticVersion,
                            outcome: Decision.Outcome, waiver: FindingWaiver? = nil) throws -> ApprovalStatus {
        let record = try Self.agentVersion(tx, name, version)
        let approvals = try tx.agentApprovals(name: name, version: version)
        let roles = try approverRoles(tx, approvals)
        // The automated checks exercise tools; an agent's evidence is its reviews.
        var agentRule = rule
        agentRule.requiredChecks = []
        return agentRule.evaluate(outcome: outcome, proposer: record.proposer, reviews: try tx.agentReviews(name: name, version: version),
                                  approvals: approvals, roles: roles, checks: [], waiver: waiver)
    }

    /// Records the governance body's decision on an agent version. Needs `decision.record`; the approval rule must
    /// be met, as for tools.
    /// - Throws: `approval_rule_unmet` listing what is missing; `conflict` when a decision exists already.
    public func decideAgent(_ ctx: CallContext, name: String, version: SemanticVersion, _ request: DecisionRequest) async throws -> AgentVersionRecord {
        try await perform(ctx, action: "agent.decide", subject: "agent:\(name.prefix(64))@\(version)",
                          detail: ["outcome": request.outcome.rawValue]) { tx, now in
            try self.require(.decisionRecord, ctx)
            var record = try Self.agentVersion(tx, name, version)
            if let d = record.decision {
                throw WardenError.conflict("agent \(name) \(version) was decided already (\(d.outcome.rawValue) by \(d.decidedBy))",
                                           details: ["currentState": record.state.rawValue])
            }
            let event: LifecycleEvent = request.outcome.isApproval ? .approve : .reject
            let next = try ToolLifecycle.apply(event, to: record.state, subject: "agent \(name) \(version)")
            try request.validate(against: record.definition)
            let status = try Self.agentStatus(tx, rule: self.policy.approvalRule, name: name, version: version, outcome: request.outcome,
                                              waiver: request.waiver)
            guard status.satisfied else {
                var details: [String: String] = [:]
                if !status.blockingFindings.isEmpty { details["blockingFindings"] = status.blockingFindings.joined(separator: ",") }
                throw WardenError(.approvalRuleUnmet,
                                  "the approval rule is not met for agent \(name) \(version): " + status.unmet.joined(separator: "; "),
                                  details: details)
            }
            let waiver = request.waiver.flatMap { w in
                status.waivedFindings.isEmpty ? nil : FindingWaiver(codes: status.waivedFindings, reason: w.reason)
            }
            record.decision = Decision(outcome: request.outcome, reasons: request.reasons, conditions: request.conditions,
                                       decidedBy: ctx.principal.id, decidedAt: now, approvers: status.countedApprovers, waiver: waiver)
            try tx.insertAgentTransition(TransitionRecord(toolName: name, version: version, event: event, from: record.state, to: next,
                                                          actor: ctx.principal.id, reason: request.reasons, at: now))
            record.state = next
            record.updatedAt = now
            try tx.updateAgentVersion(record)
            var detail = ["approvers": status.countedApprovers.joined(separator: ",")]
            if let waiver { detail["waivedFindings"] = waiver.codes.joined(separator: ",") }
            return (record, detail)
        }
    }

    // MARK: lifecycle

    /// Moves an agent version through its lifecycle (activate, suspend, resume, deprecate, decommission, withdraw),
    /// with the same permissions and rules as a tool's; activation refuses an agent whose credentials are missing.
    /// - Throws: `conflict` with the current state when the lifecycle forbids the transition.
    public func transitionAgent(_ ctx: CallContext, name: String, _ request: TransitionRequest) async throws -> AgentVersionRecord {
        let subject = "agent:\(name.prefix(64))" + (request.version.map { "@\($0)" } ?? "")
        let record = try await perform(ctx, action: "agent.\(request.action.rawValue)", subject: subject) { tx, now in
            if let r = request.reason, r.count > 8000 { throw WardenError.invalidInput("reason: at most 8000 characters") }
            // The permission first (withdrawal needs the record to know its proposer), so a refusal says nothing of what exists.
            switch request.action {
            case .activate: try self.require(.toolActivate, ctx)
            case .withdraw: break
            default: try self.require(.toolOperate, ctx)
            }
            let versions = try tx.agentVersions(name: name)
            guard !versions.isEmpty else {
                throw WardenError.notFound("no agent named '\(name.prefix(64))' is registered; `warden agent list` shows the agents")
            }
            var record: AgentVersionRecord
            if let v = request.version {
                record = try Self.agentVersion(tx, name, v)
            } else {
                let wanted: Set<LifecycleState> = switch request.action {
                case .activate: [.approved]
                case .withdraw: [.proposed, .inReview]
                default: [.active, .suspended, .deprecated]
                }
                guard let r = versions.last(where: { wanted.contains($0.state) }) else {
                    let states = versions.map { "\($0.version): \($0.state.rawValue)" }.joined(separator: ", ")
                    throw WardenError.conflict("agent \(name) has no version to \(request.action.rawValue) (\(states)); name a version",
                                               details: ["currentState": versions.last?.state.rawValue ?? ""])
                }
                record = r
            }
            if request.action == .withdraw, record.proposer != ctx.principal.id { try self.require(.toolOperate, ctx) }
            let from = record.state
            let next = try ToolLifecycle.apply(request.action.event, to: from, subject: "agent \(name) \(record.version)")
            if next == .active {
                let missing = self.secrets.missing(record.definition.requiredCredentials)
                guard missing.isEmpty else {
                    throw WardenError.conflict("agent \(name) \(record.version) cannot be used: its credentials \(missing.joined(separator: ", ")) are not configured; provide them (environment or secrets directory) and retry",
                                               details: ["currentState": from.rawValue, "missingCredentials": missing.joined(separator: ",")])
                }
            }
            if request.action == .activate {
                try self.supersedeServingAgents(tx, name: name, except: record.version, actor: ctx.principal.id, now: now)
                record.reviewDueAt = now.addingTimeInterval(Double(self.policy.reviewInterval(for: record)) * 86_400)
            }
            record.state = next
            record.updatedAt = now
            try tx.updateAgentVersion(record)
            try tx.insertAgentTransition(TransitionRecord(toolName: name, version: record.version, event: request.action.event, from: from,
                                                          to: next, actor: ctx.principal.id, reason: request.reason, at: now))
            return (record, ["version": record.version.description, "from": from.rawValue, "to": next.rawValue])
        }
        await onServingChange()
        return record
    }

    /// Quarantines a serving agent whose card changed: suspends it at once and registers the new card as a new
    /// version (a patch bump, by the system principal) that goes through review like any other. Suspension, new
    /// version and the `agent.quarantined` audit event commit together. A system action; only Warden's card
    /// monitor calls it.
    /// - Throws: `not_found` for an unknown version; `conflict` when the version is not serving.
    public func quarantineAgent(_ request: AgentQuarantineRequest) async throws -> (suspended: AgentVersionRecord, proposal: AgentVersionRecord) {
        let now = clock.now()
        let system = Principal(id: Self.systemPrincipalID, displayName: "Warden (system)", kind: .agent, roles: [], createdAt: now)
        let ctx = CallContext(principal: system, requestID: "quarantine-\(UUID().uuidString.lowercased())")
        let outcome = try await perform(ctx, action: "agent.quarantined", subject: "agent:\(request.name.prefix(64))@\(request.servingVersion)",
                                        detail: ["changed": request.changed.joined(separator: ","), "newPin": request.cardPin]) { tx, now in
            var record = try Self.agentVersion(tx, request.name, request.servingVersion)
            let from = record.state
            let next = try ToolLifecycle.apply(.suspend, to: from, subject: "agent \(request.name) \(record.version)")
            record.state = next
            record.updatedAt = now
            try tx.updateAgentVersion(record)
            try tx.insertAgentTransition(TransitionRecord(toolName: request.name, version: record.version, event: .suspend, from: from, to: next,
                                                          actor: system.id,
                                                          reason: "quarantined: the agent's card changed (\(request.changed.joined(separator: ", ")))",
                                                          at: now))
            let newest = try tx.agentVersions(name: request.name).map(\.version).max() ?? record.version
            guard let bumped = SemanticVersion("\(newest.major).\(newest.minor).\(newest.patch + 1)") else {
                throw WardenError(.internal, "cannot bump version \(newest)")
            }
            var definition = record.definition
            definition.version = bumped
            // Review-free trust levels are re-activated by insertAgentVersion; the others wait for their reviewers.
            let proposal = try self.insertAgentVersion(tx, definition, card: request.card, cardPin: request.cardPin, proposer: system.id, now: now)
            return ((record, proposal), ["proposedVersion": bumped.description, "proposalState": proposal.state.rawValue])
        }
        await onServingChange()
        return outcome
    }

    /// Refuses with `forbidden` (audited) unless the caller may register agents; checked before Warden fetches a card for
    /// the caller, so nobody without the permission makes Warden reach out anywhere.
    public func authorizeAgentRegistration(_ ctx: CallContext, name: String) async throws {
        try await authorize(.agentRegister, ctx, subject: "agent:\(name.prefix(64))")
    }

    /// Refuses with `forbidden` (audited) unless the caller may refresh agents' cards: `tool.operate`, as for other
    /// operations on what serves.
    public func authorizeAgentRefresh(_ ctx: CallContext, name: String) async throws {
        try await authorize(.toolOperate, ctx, subject: "agent:\(name.prefix(64))")
    }

    // MARK: reading

    /// Registered agents at a glance, filtered for discovery. Needs `agent.read`.
    public func agents(_ ctx: CallContext, matching query: AgentQuery = AgentQuery()) async throws -> [AgentSummary] {
        try await authorize(.agentRead, ctx)
        let all = try await store.read { tx in try tx.allAgentVersions() }
        return Dictionary(grouping: all, by: \.name).values.compactMap(Self.agentSummary).filter(query.matches).sorted { $0.name < $1.name }
    }

    /// An agent with every version and its history. Needs `agent.read`.
    public func agent(_ ctx: CallContext, name: String) async throws -> AgentDetail {
        try await authorize(.agentRead, ctx)
        let (versions, transitions) = try await store.read { tx in (try tx.agentVersions(name: name), try tx.agentTransitions(name: name)) }
        guard let summary = Self.agentSummary(versions) else {
            throw WardenError.notFound("no agent named '\(name.prefix(64))' is registered; `warden agent list` shows the agents")
        }
        return AgentDetail(summary: summary, versions: versions, transitions: transitions)
    }

    /// One agent version with its reviews, votes and approval status. Needs `agent.read`.
    public func agentVersion(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> AgentVersionDetail {
        try await authorize(.agentRead, ctx)
        let rule = policy.approvalRule
        return try await store.read { tx in
            let record = try Self.agentVersion(tx, name, version)
            return AgentVersionDetail(record: record, effectiveDefinition: record.effectiveDefinition,
                                      reviews: try tx.agentReviews(name: name, version: version),
                                      approvals: try tx.agentApprovals(name: name, version: version),
                                      approvalStatus: try Self.agentStatus(tx, rule: rule, name: name, version: version, outcome: .approved))
        }
    }

    static func agentSummary(_ versions: [AgentVersionRecord]) -> AgentSummary? {
        guard let latest = versions.max(by: { $0.version < $1.version }) else { return nil }
        let serving = versions.last { [.active, .suspended, .deprecated].contains($0.state) }
        let shown = serving ?? latest
        let d = shown.effectiveDefinition
        return AgentSummary(name: latest.name, description: d.description, trustLevel: d.trustLevel, region: d.region,
                            clearance: d.clearance, piiCleared: d.piiCleared, state: shown.state, activeVersion: serving.map(\.version),
                            latestVersion: latest.version, owner: d.owner, reviewDueAt: serving?.reviewDueAt,
                            skills: AgentSkillSummary.skills(of: shown.card), tags: d.tags ?? [], versions: versions.count)
    }
}
