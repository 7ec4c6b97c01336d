import Foundation
import WardenCore

extension StoreTransaction {
    func agentVersion(name: String, version: SemanticVersion) throws -> AgentVersionRecord? {
        try session.queryOne("SELECT * FROM agent_versions WHERE name = ? AND version = ?",
                         [name, version.description]).map(Self.agentVersion)
    }

    func agentVersions(name: String) throws -> [AgentVersionRecord] {
        try session.query("SELECT * FROM agent_versions WHERE name = ?", [name])
            .map(Self.agentVersion).sorted { $0.version < $1.version }
    }

    func allAgentVersions() throws -> [AgentVersionRecord] {
        try session.query("SELECT * FROM agent_versions").map(Self.agentVersion)
            .sorted { ($0.name, $0.version) < ($1.name, $1.version) }
    }

    func insertAgentVersion(_ r: AgentVersionRecord) throws {
        if try agentVersion(name: r.name, version: r.version) != nil {
            throw WardenError.conflict("agent \(r.name) version \(r.version) exists already; versions are immutable, so register a new version number",
                                       details: ["name": r.name, "version": r.version.description])
        }
        try session.execute(
            """
                INSERT INTO agent_versions (name, version, digest, definition, card, card_pin, state, proposer, proposed_at,
                    updated_at, decision, review_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            [r.name, r.version.description, r.digest, r.definition.canonicalJSON.canonicalString, r.card.canonicalString,
                        r.cardPin, r.state.rawValue, r.proposer, r.proposedAt.millisecondsSince1970, r.updatedAt.millisecondsSince1970,
             try r.decision.map(Self.json), r.reviewDueAt?.millisecondsSince1970])
        session.announce(.agents)
    }

    func updateAgentVersion(_ r: AgentVersionRecord) throws {
        let changed = try session.execute(
            "UPDATE agent_versions SET state = ?, updated_at = ?, decision = ?, review_due_at = ? WHERE name = ? AND version = ?",
            [r.state.rawValue, r.updatedAt.millisecondsSince1970, try r.decision.map(Self.json),
             r.reviewDueAt?.millisecondsSince1970, r.name, r.version.description])
        session.announce(.agents)
        if changed != 1 { throw WardenError.notFound("agent \(r.name) version \(r.version) is not on record") }
    }

    func agentReviews(name: String, version: SemanticVersion) throws -> [Review] {
        try reviews(table: "agent_reviews", name: name, version: version)
    }

    func insertAgentReview(_ review: Review) throws { try insertReview(table: "agent_reviews", review) }

    func agentApprovals(name: String, version: SemanticVersion) throws -> [Approval] {
        try approvals(table: "agent_approvals", name: name, version: version)
    }

    func putAgentApproval(name: String, version: SemanticVersion, _ approval: Approval) throws {
        try putApproval(table: "agent_approvals", name: name, version: version, approval)
    }

    func agentTransitions(name: String) throws -> [TransitionRecord] { try transitions(table: "agent_transitions", name: name) }

    func insertAgentTransition(_ t: TransitionRecord) throws { try insertTransition(table: "agent_transitions", t) }

    static func agentVersion(_ row: SQLRow) throws -> AgentVersionRecord {
        let state: String = try row["state"]
        let card: String = try row["card"]
        var record = AgentVersionRecord(
            definition: try decode(AgentDefinition.self, row["definition"]),
            card: try JSONValue(parsing: Data(card.utf8)), cardPin: try row["card_pin"],
            state: LifecycleState(rawValue: state) ?? .proposed, proposer: try row["proposer"],
            proposedAt: Date(millisecondsSince1970: try row["proposed_at"]), updatedAt: Date(millisecondsSince1970: try row["updated_at"]),
            decision: try (try row["decision"] as String?).map { try decode(Decision.self, $0) },
            reviewDueAt: (try row["review_due_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
        // The digest on record is what was reviewed; keep it rather than recomputing it.
        record.digest = try row["digest"]
        return record
    }
}
