import Foundation
import WardenCore

/// Store reads and writes inside one transaction, written once for both engines over a ``SQLSession``.
struct StoreTransaction<Session: SQLSession>: StoreWriter {
    let session: Session
    /// Told of the events this transaction appends once it commits; nil in reads and when nobody observes.
    var auditObserver: (@Sendable ([AuditEvent]) -> Void)? = nil

    // MARK: principals and keys

    func principal(id: String) throws -> Principal? {
        try session.queryOne("SELECT * FROM principals WHERE id = ?", [id]).map(Self.principal)
    }

    func principals() throws -> [Principal] {
        try session.query("SELECT * FROM principals ORDER BY id").map(Self.principal)
    }

    func principalCount() throws -> Int {
        try session.queryOne("SELECT COUNT(*) FROM principals").map { try $0[0] } ?? 0
    }

    func insertPrincipal(_ p: Principal) throws {
        try session.execute(
            "INSERT INTO principals (id, display_name, kind, roles, created_at, disabled) VALUES (?, ?, ?, ?, ?, ?)",
            [p.id, p.displayName, p.kind.rawValue, Self.rolesText(p.roles), p.createdAt.millisecondsSince1970, p.disabled])
        session.announce(.principals)
    }

    func updatePrincipal(_ p: Principal) throws {
        try session.execute("UPDATE principals SET display_name = ?, kind = ?, roles = ?, disabled = ? WHERE id = ?",
                            [p.displayName, p.kind.rawValue, Self.rolesText(p.roles), p.disabled, p.id])
        session.announce(.principals)
    }

    func apiKey(id: String) throws -> (record: APIKeyRecord, digest: String)? {
        guard let row = try session.queryOne("SELECT * FROM api_keys WHERE id = ?", [id]) else { return nil }
        return (try Self.apiKey(row), try row["digest"])
    }

    func apiKeys(principalID: String) throws -> [APIKeyRecord] {
        try session.query("SELECT * FROM api_keys WHERE principal_id = ? ORDER BY created_at, id", [principalID]).map(Self.apiKey)
    }

    func insertAPIKey(_ r: APIKeyRecord, digest: String) throws {
        try session.execute(
            "INSERT INTO api_keys (id, principal_id, digest, label, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [r.id, r.principalID, digest, r.label, r.createdAt.millisecondsSince1970,
             r.expiresAt?.millisecondsSince1970, r.revokedAt?.millisecondsSince1970])
        session.announce(.principals)
    }

    func revokeAPIKey(id: String, at: Date) throws {
        try session.execute("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [at.millisecondsSince1970, id])
        session.announce(.principals)
    }

    // MARK: tools

    func toolVersion(name: String, version: SemanticVersion) throws -> ToolVersionRecord? {
        try session.queryOne("SELECT * FROM tool_versions WHERE name = ? AND version = ?", [name, version.description])
            .map(Self.toolVersion)
    }

    func toolVersions(name: String) throws -> [ToolVersionRecord] {
        try session.query("SELECT * FROM tool_versions WHERE name = ?", [name]).map(Self.toolVersion).sorted { $0.version < $1.version }
    }

    func allToolVersions() throws -> [ToolVersionRecord] {
        try session.query("SELECT * FROM tool_versions").map(Self.toolVersion).sorted { ($0.name, $0.version) < ($1.name, $1.version) }
    }

    func insertToolVersion(_ r: ToolVersionRecord) throws {
        if try toolVersion(name: r.name, version: r.version) != nil {
            throw WardenError.conflict("\(r.name) version \(r.version) exists already; versions are immutable, so propose a new version number",
                                       details: ["name": r.name, "version": r.version.description])
        }
        try session.execute(
            """
            INSERT INTO tool_versions (name, version, major, minor, patch, digest, definition, state, proposer,
                proposed_at, updated_at, decision, review_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [r.name, r.version.description, Int64(clamping: r.version.major), Int64(clamping: r.version.minor),
             Int64(clamping: r.version.patch), r.digest, r.definition.canonicalJSON.canonicalString,
             r.state.rawValue, r.proposer, r.proposedAt.millisecondsSince1970, r.updatedAt.millisecondsSince1970,
             try r.decision.map(Self.json), r.reviewDueAt?.millisecondsSince1970])
        session.announce(.tools)
    }

    func updateToolVersion(_ r: ToolVersionRecord) throws {
        let changed = try session.execute(
            "UPDATE tool_versions SET state = ?, updated_at = ?, decision = ?, review_due_at = ? WHERE name = ? AND version = ?",
            [r.state.rawValue, r.updatedAt.millisecondsSince1970, try r.decision.map(Self.json),
             r.reviewDueAt?.millisecondsSince1970, r.name, r.version.description])
        if changed != 1 { throw WardenError.notFound("\(r.name) version \(r.version) is not on record") }
        session.announce(.tools)
    }

    func reviews(name: String, version: SemanticVersion) throws -> [Review] {
        try reviews(table: "reviews", name: name, version: version)
    }

    func insertReview(_ r: Review) throws { try insertReview(table: "reviews", r) }

    func approvals(name: String, version: SemanticVersion) throws -> [Approval] {
        try approvals(table: "approvals", name: name, version: version)
    }

    func putApproval(name: String, version: SemanticVersion, _ a: Approval) throws {
        try putApproval(table: "approvals", name: name, version: version, a)
    }

    func transitions(name: String) throws -> [TransitionRecord] { try transitions(table: "transitions", name: name) }

    func insertTransition(_ t: TransitionRecord) throws { try insertTransition(table: "transitions", t) }

    // Tools and agents keep their lifecycle records in tables of the same shape.

    func reviews(table: String, name: String, version: SemanticVersion) throws -> [Review] {
        try session.query("SELECT * FROM \(table) WHERE name = ? AND version = ? ORDER BY filed_at, \(session.dialect.insertionOrder)",
                          [name, version.description]).map { row in
            Review(id: try row["id"], toolName: try row["name"], version: version, reviewer: try row["reviewer"],
                   filedAt: Date(millisecondsSince1970: try row["filed_at"]),
                   submission: try Self.decode(ReviewSubmission.self, row["body"]))
        }
    }

    func insertReview(table: String, _ r: Review) throws {
        try session.execute("INSERT INTO \(table) (id, name, version, reviewer, filed_at, body) VALUES (?, ?, ?, ?, ?, ?)",
                            [r.id, r.toolName, r.version.description, r.reviewer, r.filedAt.millisecondsSince1970,
                             try Self.json(r.submission)])
    }

    func approvals(table: String, name: String, version: SemanticVersion) throws -> [Approval] {
        try session.query("SELECT * FROM \(table) WHERE name = ? AND version = ? ORDER BY at, approver",
                          [name, version.description]).map { row in
            Approval(approver: try row["approver"], approve: try row["approve"], comment: try row["comment"],
                     at: Date(millisecondsSince1970: try row["at"]))
        }
    }

    func putApproval(table: String, name: String, version: SemanticVersion, _ a: Approval) throws {
        try session.execute(
            """
            INSERT INTO \(table) (name, version, approver, approve, comment, at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (name, version, approver) DO UPDATE SET approve = excluded.approve, comment = excluded.comment, at = excluded.at
            """,
            [name, version.description, a.approver, a.approve, a.comment, a.at.millisecondsSince1970])
    }

    func transitions(table: String, name: String) throws -> [TransitionRecord] {
        try session.query("SELECT * FROM \(table) WHERE name = ? ORDER BY id", [name]).compactMap { row in
            guard let v = SemanticVersion(try row["version"]), let e = LifecycleEvent(rawValue: try row["event"]),
                let f = LifecycleState(rawValue: try row["from_state"]), let t = LifecycleState(rawValue: try row["to_state"])
            else { return nil }
            return TransitionRecord(toolName: try row["name"], version: v, event: e, from: f, to: t, actor: try row["actor"],
                                    reason: try row["reason"], at: Date(millisecondsSince1970: try row["at"]))
        }
    }

    func insertTransition(table: String, _ t: TransitionRecord) throws {
        try session.execute(
            "INSERT INTO \(table) (name, version, event, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [t.toolName, t.version.description, t.event.rawValue, t.from.rawValue, t.to.rawValue, t.actor, t.reason,
             t.at.millisecondsSince1970])
    }

    // MARK: audit

    func auditEvents(afterSeq: Int64, limit: Int) throws -> [AuditEvent] {
        try session.query("SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, limit]).map(Self.auditEvent)
    }

    func auditEvents(matching q: AuditQuery) throws -> [AuditEvent] {
        var clauses = ["seq > ?"]
        var args: [any SQLArgument] = [q.afterSeq]
        func text(_ column: String, _ pattern: String?) {
            guard let p = pattern else { return }
            if p.hasSuffix("*") {
                // A range instead of LIKE: no escaping of % and _, and the (column, seq) index serves it. PostgreSQL
                // compares these columns in the C collation (code point order), as SQLite does.
                let prefix = String(p.dropLast())
                clauses.append("\(column) >= ?")
                args.append(prefix)
                if !prefix.isEmpty {
                    clauses.append("\(column) < ?")
                    args.append(prefix + "\u{10FFFF}")
                }
            } else {
                clauses.append("\(column) = ?")
                args.append(p)
            }
        }
        text("actor", q.actor)
        text("action", q.action)
        text("subject", q.subject)
        if let o = q.outcome { clauses.append("outcome = ?"); args.append(o.rawValue) }
        if let s = q.since { clauses.append("time_ms >= ?"); args.append(s.millisecondsSince1970) }
        if let u = q.until { clauses.append("time_ms < ?"); args.append(u.millisecondsSince1970) }
        args.append(q.limit)
        let sql = "SELECT * FROM audit_events WHERE " + clauses.joined(separator: " AND ") + " ORDER BY seq LIMIT ?"
        return try session.query(sql, args).map(Self.auditEvent)
    }

    func auditHead() throws -> AuditChain.Head { try recordedHead() ?? .genesis }

    func auditCheckpoints(afterSeq: Int64, limit: Int) throws -> [AuditCheckpoint] {
        try session.query("SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, Int64(clamping: limit)])
            .map(Self.checkpoint)
    }

    func latestAuditCheckpoint() throws -> AuditCheckpoint? {
        try session.queryOne("SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1").map(Self.checkpoint)
    }

    func insertAuditCheckpoint(_ c: AuditCheckpoint) throws {
        try session.execute("INSERT INTO audit_checkpoints (seq, hash, time_ms, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                            [c.seq, c.hash, c.timeMs, c.keyID, c.signature])
    }

    func advisoryVersions() throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try session.query("SELECT id, modified FROM advisories") { out[try row[0]] = try row[1] }
        return out
    }

    func advisoryRecords(affecting packages: Set<String>?) throws -> [String] {
        guard let packages else { return try session.query("SELECT record FROM advisories ORDER BY id").map { try $0[0] } }
        guard !packages.isEmpty else { return [] }
        // `packages` holds the keys between spaces (" PyPI:requests npm:minimist "): a key matches only whole.
        var out: [String] = []
        for row in try session.query("SELECT packages, record FROM advisories ORDER BY id") {
            let keys: String = try row[0]
            if keys.split(separator: " ").contains(where: { packages.contains(String($0)) }) { out.append(try row[1]) }
        }
        return out
    }

    func advisoryFindings(toolName: String?) throws -> [AdvisoryFinding] {
        let rows = try toolName.map {
            try session.query("SELECT finding FROM advisory_findings WHERE name = ? ORDER BY name, version, advisory_id, package", [$0])
        } ?? session.query("SELECT finding FROM advisory_findings ORDER BY name, version, advisory_id, package")
        return try rows.map { try Self.decode(AdvisoryFinding.self, $0["finding"]) }
    }

    func putAdvisoryRecord(id: String, modified: String, record: String, packages: Set<String>, at: Date) throws {
        try session.execute(
            """
            INSERT INTO advisories (id, modified, record, packages, imported_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET modified = excluded.modified, record = excluded.record, packages = excluded.packages,
                imported_at = excluded.imported_at
            """,
            [id, modified, record, " " + packages.sorted().joined(separator: " ") + " ", at.millisecondsSince1970])
    }

    func insertAdvisoryFinding(_ f: AdvisoryFinding) throws -> Bool {
        try session.execute("""
            INSERT INTO advisory_findings (name, version, advisory_id, ecosystem, package, finding, severity, found_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, [f.toolName, f.version.description, f.advisoryID, f.dependency.ecosystem.rawValue,
                  f.dependency.normalizedName, try Self.json(f), f.severity.rawValue, f.foundAt.millisecondsSince1970]) > 0
    }

    func auditPayload(seq: Int64) throws -> StoredAuditPayload? {
        try session.queryOne("SELECT * FROM audit_payloads WHERE seq = ?", [seq]).map {
            StoredAuditPayload(seq: try $0["seq"], requestID: try $0["request_id"], timeMs: try $0["time_ms"],
                               payload: AuditPayload(input: try $0["input"], output: try $0["output"]))
        }
    }

    func deleteAuditPayloads(before cutoff: Date) throws -> Int {
        try session.execute("DELETE FROM audit_payloads WHERE time_ms < ?", [cutoff.millisecondsSince1970])
    }

    func checkResults(name: String, version: SemanticVersion) throws -> [CheckResult] {
        try session.query("SELECT result FROM check_results WHERE name = ? AND version = ? ORDER BY check_name", [name, version.description])
            .map { try Self.decode(CheckResult.self, $0[0]) }
    }

    func putCheckResult(name: String, version: SemanticVersion, _ result: CheckResult, at: Date) throws {
        try session.execute(
            """
            INSERT INTO check_results (name, version, check_name, result, ran_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (name, version, check_name) DO UPDATE SET result = excluded.result, ran_at = excluded.ran_at
            """,
            [name, version.description, result.check, try Self.json(result), at.millisecondsSince1970])
    }

    static func checkpoint(_ row: SQLRow) throws -> AuditCheckpoint {
        AuditCheckpoint(seq: try row["seq"], hash: try row["hash"], timeMs: try row["time_ms"], keyID: try row["key_id"],
                        signature: try row["signature"])
    }

    func recordedHead() throws -> AuditChain.Head? {
        try session.queryOne("SELECT seq, hash FROM audit_head WHERE id = 1").map { AuditChain.Head(seq: try $0[0], hash: try $0[1]) }
    }

    func appendAudit(_ draft: AuditDraft, at time: Date) throws -> AuditEvent {
        try appendAudit([(draft, time)])[0]
    }

    func appendAudit(_ drafts: [(draft: AuditDraft, time: Date)]) throws -> [AuditEvent] {
        // The head is read inside the write transaction, which both engines serialize (SQLite has one writer;
        // PostgreSQL write transactions take one advisory lock first), so concurrent instances never fork the chain.
        var head = try auditHead()
        var events: [AuditEvent] = []
        events.reserveCapacity(drafts.count)
        for (draft, time) in drafts {
            let e = draft.sealed(after: head, at: time.millisecondsSince1970)
            head = AuditChain.Head(seq: e.seq, hash: e.hash)
            events.append(e)
        }
        try session.insert(Self.insertAuditEvent, rows: events.map { e in
            [e.seq, e.timeMs, e.actor, e.action, e.subject, e.requestID, e.outcome.rawValue, e.bodyDigest,
             e.detail.map(Self.detailText), e.prevHash, e.hash]
        })
        for (i, (draft, _)) in drafts.enumerated() {
            if let p = draft.payload {
                let e = events[i]
                try session.execute("INSERT INTO audit_payloads (seq, request_id, time_ms, input, output) VALUES (?, ?, ?, ?, ?)",
                                    [e.seq, e.requestID, e.timeMs, p.input, p.output])
            }
        }
        if !events.isEmpty {
            try session.execute("""
                INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                """, [head.seq, head.hash])
            if let observer = auditObserver {
                // After the commit and still in commit order, so observers see events in sequence order;
                // a rolled-back transaction tells nobody.
                let committed = events
                session.afterCommit { observer(committed) }
            }
        }
        return events
    }

    static var insertAuditEvent: String {
        "INSERT INTO audit_events (seq, time_ms, actor, action, subject, request_id, outcome, body_digest, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    }

    /// Calls `body` with the events with `seq > afterSeq` in sequence order, as ``auditEventByIndex(_:)`` reads them,
    /// at most `limit`, until it returns false; returns how many rows it read.
    @discardableResult
    func forEachEventForVerification(afterSeq: Int64, limit: Int, _ body: (SQLRow) throws -> Bool) throws -> Int {
        var n = 0
        try session.forEachRow("SELECT \(Self.auditColumns) FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?", [afterSeq, limit]) { row in
            n += 1
            return try body(row)
        }
        return n
    }

    /// An event's detail as stored: canonical JSON of the string map.
    static func detailText(_ detail: [String: String]) -> String {
        String(decoding: AuditEvent.canonicalDetail(detail), as: UTF8.self)
    }

    // MARK: row mapping

    static func principal(_ row: SQLRow) throws -> Principal {
        let roles = try decode([String].self, row["roles"])
        return Principal(id: try row["id"], displayName: try row["display_name"],
                         kind: Principal.Kind(rawValue: try row["kind"]) ?? .person,
                         roles: Set(roles.map(Role.init(rawValue:))), createdAt: Date(millisecondsSince1970: try row["created_at"]),
                         disabled: try row["disabled"])
    }

    static func apiKey(_ row: SQLRow) throws -> APIKeyRecord {
        APIKeyRecord(id: try row["id"], principalID: try row["principal_id"], label: try row["label"],
                     createdAt: Date(millisecondsSince1970: try row["created_at"]),
                     expiresAt: (try row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
                     revokedAt: (try row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    static func toolVersion(_ row: SQLRow) throws -> ToolVersionRecord {
        let state: String = try row["state"]
        return ToolVersionRecord(
            definition: try decode(ToolDefinition.self, row["definition"]), digest: try row["digest"],
            state: LifecycleState(rawValue: state) ?? .proposed, proposer: try row["proposer"],
            proposedAt: Date(millisecondsSince1970: try row["proposed_at"]), updatedAt: Date(millisecondsSince1970: try row["updated_at"]),
            decision: try (try row["decision"] as String?).map { try decode(Decision.self, $0) },
            reviewDueAt: (try row["review_due_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    /// The columns ``auditEventByIndex(_:)`` reads, in order.
    static var auditColumns: String { "seq, time_ms, actor, action, subject, request_id, outcome, body_digest, detail, prev_hash, hash" }

    /// An event from a row of ``auditColumns``, read by column index and with the detail parsed by Warden's own
    /// JSON parser: verification reads a million of these, and Foundation's decoder dominated it.
    static func auditEventByIndex(_ row: SQLRow) throws -> AuditEvent {
        var detail: [String: String]?
        if let text: String = try row[8] {
            guard case .object(let members) = try JSONValue(parsing: Array(text.utf8)) else {
                throw WardenError(.internal, "audit event \(try row[0] as Int64) has a detail that is not a JSON object")
            }
            var d: [String: String] = [:]
            d.reserveCapacity(members.count)
            for (k, v) in members {
                guard case .string(let s) = v else {
                    throw WardenError(.internal, "audit event \(try row[0] as Int64) has a detail value that is not a string")
                }
                d[k] = s
            }
            detail = d
        }
        return AuditEvent(seq: try row[0], timeMs: try row[1], actor: try row[2], action: try row[3], subject: try row[4],
                          requestID: try row[5], outcome: AuditEvent.Outcome(rawValue: try row[6]) ?? .failed, bodyDigest: try row[7],
                          detail: detail, prevHash: try row[9], hash: try row[10])
    }

    static func auditEvent(_ row: SQLRow) throws -> AuditEvent {
        AuditEvent(seq: try row["seq"], timeMs: try row["time_ms"], actor: try row["actor"], action: try row["action"],
                   subject: try row["subject"], requestID: try row["request_id"],
                   outcome: AuditEvent.Outcome(rawValue: try row["outcome"]) ?? .failed, bodyDigest: try row["body_digest"],
                   detail: try (try row["detail"] as String?).map { try decode([String: String].self, $0) },
                   prevHash: try row["prev_hash"], hash: try row["hash"])
    }

    static func rolesText(_ roles: Set<Role>) -> String {
        JSONValue.array(roles.sorted().map { .string($0.rawValue) }).canonicalString
    }

    static func json(_ value: some Encodable) throws -> String {
        try JSONValue.encoding(value).canonicalString
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try WardenJSON.decode(T.self, from: Data(text.utf8))
    }
}
