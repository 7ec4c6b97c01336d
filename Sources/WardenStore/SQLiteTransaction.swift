import Foundation
import GRDB
import WardenCore

/// Store reads and writes on one SQLite connection inside a transaction.
struct SQLiteTransaction: StoreWriter {
    let db: Database
    /// Told of the events this transaction appends once it commits; nil in reads and when nobody observes.
    var auditObserver: (@Sendable ([AuditEvent]) -> Void)? = nil

    // MARK: principals and keys

    func principal(id: String) throws -> Principal? {
        try Row.fetchOne(db, sql: "SELECT * FROM principals WHERE id = ?", arguments: [id]).map(Self.principal)
    }

    func principals() throws -> [Principal] {
        try Row.fetchAll(db, sql: "SELECT * FROM principals ORDER BY id").map(Self.principal)
    }

    func principalCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM principals") ?? 0
    }

    func insertPrincipal(_ p: Principal) throws {
        try db.execute(
            sql: "INSERT INTO principals (id, display_name, kind, roles, created_at, disabled) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [p.id, p.displayName, p.kind.rawValue, Self.rolesText(p.roles), p.createdAt.millisecondsSince1970,
                        p.disabled])
    }

    func updatePrincipal(_ p: Principal) throws {
        try db.execute(sql: "UPDATE principals SET display_name = ?, kind = ?, roles = ?, disabled = ? WHERE id = ?",
                       arguments: [p.displayName, p.kind.rawValue, Self.rolesText(p.roles), p.disabled, p.id])
    }

    func apiKey(id: String) throws -> (record: APIKeyRecord, digest: String)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_keys WHERE id = ?", arguments: [id]) else { return nil }
        return (Self.apiKey(row), row["digest"])
    }

    func apiKeys(principalID: String) throws -> [APIKeyRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM api_keys WHERE principal_id = ? ORDER BY created_at, id",
                         arguments: [principalID]).map(Self.apiKey)
    }

    func insertAPIKey(_ r: APIKeyRecord, digest: String) throws {
        try db.execute(
            sql: "INSERT INTO api_keys (id, principal_id, digest, label, created_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [r.id, r.principalID, digest, r.label, r.createdAt.millisecondsSince1970,
                        r.expiresAt?.millisecondsSince1970, r.revokedAt?.millisecondsSince1970])
    }

    func revokeAPIKey(id: String, at: Date) throws {
        try db.execute(sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       arguments: [at.millisecondsSince1970, id])
    }

    // MARK: tools

    func toolVersion(name: String, version: SemanticVersion) throws -> ToolVersionRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM tool_versions WHERE name = ? AND version = ?",
                         arguments: [name, version.description]).map(Self.toolVersion)
    }

    func toolVersions(name: String) throws -> [ToolVersionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM tool_versions WHERE name = ?", arguments: [name])
            .map(Self.toolVersion).sorted { $0.version < $1.version }
    }

    func allToolVersions() throws -> [ToolVersionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM tool_versions").map(Self.toolVersion)
            .sorted { ($0.name, $0.version) < ($1.name, $1.version) }
    }

    func insertToolVersion(_ r: ToolVersionRecord) throws {
        if try toolVersion(name: r.name, version: r.version) != nil {
            throw WardenError.conflict("\(r.name) version \(r.version) exists already; versions are immutable, so propose a new version number",
                                       details: ["name": r.name, "version": r.version.description])
        }
        try db.execute(
            sql: """
                INSERT INTO tool_versions (name, version, major, minor, patch, digest, definition, state, proposer,
                    proposed_at, updated_at, decision, review_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [r.name, r.version.description, Int64(clamping: r.version.major), Int64(clamping: r.version.minor),
                        Int64(clamping: r.version.patch), r.digest, r.definition.canonicalJSON.canonicalString,
                        r.state.rawValue, r.proposer, r.proposedAt.millisecondsSince1970, r.updatedAt.millisecondsSince1970,
                        try r.decision.map(Self.json), r.reviewDueAt?.millisecondsSince1970])
    }

    func updateToolVersion(_ r: ToolVersionRecord) throws {
        try db.execute(
            sql: "UPDATE tool_versions SET state = ?, updated_at = ?, decision = ?, review_due_at = ? WHERE name = ? AND version = ?",
            arguments: [r.state.rawValue, r.updatedAt.millisecondsSince1970, try r.decision.map(Self.json),
                        r.reviewDueAt?.millisecondsSince1970, r.name, r.version.description])
        if db.changesCount != 1 { throw WardenError.notFound("\(r.name) version \(r.version) is not on record") }
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
        try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE name = ? AND version = ? ORDER BY filed_at, rowid",
                         arguments: [name, version.description]).map { row in
            Review(id: row["id"], toolName: row["name"], version: version, reviewer: row["reviewer"],
                   filedAt: Date(millisecondsSince1970: row["filed_at"]),
                   submission: try Self.decode(ReviewSubmission.self, row["body"]))
        }
    }

    func insertReview(table: String, _ r: Review) throws {
        try db.execute(sql: "INSERT INTO \(table) (id, name, version, reviewer, filed_at, body) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [r.id, r.toolName, r.version.description, r.reviewer, r.filedAt.millisecondsSince1970,
                                   try Self.json(r.submission)])
    }

    func approvals(table: String, name: String, version: SemanticVersion) throws -> [Approval] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE name = ? AND version = ? ORDER BY at, approver",
                         arguments: [name, version.description]).map { row in
            Approval(approver: row["approver"], approve: row["approve"], comment: row["comment"],
                     at: Date(millisecondsSince1970: row["at"]))
        }
    }

    func putApproval(table: String, name: String, version: SemanticVersion, _ a: Approval) throws {
        try db.execute(
            sql: "INSERT OR REPLACE INTO \(table) (name, version, approver, approve, comment, at) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [name, version.description, a.approver, a.approve, a.comment, a.at.millisecondsSince1970])
    }

    func transitions(table: String, name: String) throws -> [TransitionRecord] {
        try Row.fetchAll(db, sql: "SELECT * FROM \(table) WHERE name = ? ORDER BY id", arguments: [name]).compactMap { row in
            guard let v = SemanticVersion(row["version"]), let e = LifecycleEvent(rawValue: row["event"]),
                let f = LifecycleState(rawValue: row["from_state"]), let t = LifecycleState(rawValue: row["to_state"])
            else { return nil }
            return TransitionRecord(toolName: row["name"], version: v, event: e, from: f, to: t, actor: row["actor"],
                                    reason: row["reason"], at: Date(millisecondsSince1970: row["at"]))
        }
    }

    func insertTransition(table: String, _ t: TransitionRecord) throws {
        try db.execute(
            sql: "INSERT INTO \(table) (name, version, event, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [t.toolName, t.version.description, t.event.rawValue, t.from.rawValue, t.to.rawValue, t.actor,
                        t.reason, t.at.millisecondsSince1970])
    }

    // MARK: audit

    func auditEvents(afterSeq: Int64, limit: Int) throws -> [AuditEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
                         arguments: [afterSeq, limit]).map(Self.auditEvent)
    }

    func auditEvents(matching q: AuditQuery) throws -> [AuditEvent] {
        var clauses = ["seq > ?"]
        var args: [any DatabaseValueConvertible] = [q.afterSeq]
        func text(_ column: String, _ pattern: String?) {
            guard let p = pattern else { return }
            if p.hasSuffix("*") {
                // A range instead of LIKE: no escaping of % and _, and the (column, seq) index serves it.
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
        return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.auditEvent)
    }

    func auditHead() throws -> AuditChain.Head { try recordedHead() ?? .genesis }

    func auditCheckpoints(afterSeq: Int64, limit: Int) throws -> [AuditCheckpoint] {
        try Row.fetchAll(db, sql: "SELECT * FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?",
                         arguments: [afterSeq, Int64(clamping: limit)]).map(Self.checkpoint)
    }

    func latestAuditCheckpoint() throws -> AuditCheckpoint? {
        try Row.fetchOne(db, sql: "SELECT * FROM audit_checkpoints ORDER BY seq DESC LIMIT 1").map(Self.checkpoint)
    }

    func insertAuditCheckpoint(_ c: AuditCheckpoint) throws {
        try db.execute(sql: "INSERT INTO audit_checkpoints (seq, hash, time_ms, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                       arguments: [c.seq, c.hash, c.timeMs, c.keyID, c.signature])
    }

    func advisoryVersions() throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, modified FROM advisories") { out[row[0]] = row[1] }
        return out
    }

    func advisoryRecords(affecting packages: Set<String>?) throws -> [String] {
        guard let packages else { return try String.fetchAll(db, sql: "SELECT record FROM advisories ORDER BY id") }
        guard !packages.isEmpty else { return [] }
        // `packages` holds the keys between spaces (" PyPI:requests npm:minimist "): a key matches only whole.
        var out: [String] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT packages, record FROM advisories ORDER BY id")
        while let row = try cursor.next() {
            let keys: String = row[0]
            if keys.split(separator: " ").contains(where: { packages.contains(String($0)) }) { out.append(row[1]) }
        }
        return out
    }

    func advisoryFindings(toolName: String?) throws -> [AdvisoryFinding] {
        let rows = try toolName.map {
            try Row.fetchAll(db, sql: "SELECT finding FROM advisory_findings WHERE name = ? ORDER BY name, version, advisory_id, package",
                             arguments: [$0])
        } ?? Row.fetchAll(db, sql: "SELECT finding FROM advisory_findings ORDER BY name, version, advisory_id, package")
        return try rows.map { try Self.decode(AdvisoryFinding.self, $0["finding"]) }
    }

    func putAdvisoryRecord(id: String, modified: String, record: String, packages: Set<String>, at: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO advisories (id, modified, record, packages, imported_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [id, modified, record, " " + packages.sorted().joined(separator: " ") + " ", at.millisecondsSince1970])
    }

    func insertAdvisoryFinding(_ f: AdvisoryFinding) throws -> Bool {
        try db.execute(sql: """
            INSERT OR IGNORE INTO advisory_findings (name, version, advisory_id, ecosystem, package, finding, severity, found_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [f.toolName, f.version.description, f.advisoryID, f.dependency.ecosystem.rawValue,
                             f.dependency.normalizedName, try Self.json(f), f.severity.rawValue, f.foundAt.millisecondsSince1970])
        return db.changesCount > 0
    }

    func auditPayload(seq: Int64) throws -> StoredAuditPayload? {
        try Row.fetchOne(db, sql: "SELECT * FROM audit_payloads WHERE seq = ?", arguments: [seq]).map {
            StoredAuditPayload(seq: $0["seq"], requestID: $0["request_id"], timeMs: $0["time_ms"],
                               payload: AuditPayload(input: $0["input"], output: $0["output"]))
        }
    }

    func deleteAuditPayloads(before cutoff: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM audit_payloads WHERE time_ms < ?", arguments: [cutoff.millisecondsSince1970])
        return db.changesCount
    }

    func checkResults(name: String, version: SemanticVersion) throws -> [CheckResult] {
        try String.fetchAll(db, sql: "SELECT result FROM check_results WHERE name = ? AND version = ? ORDER BY check_name",
                            arguments: [name, version.description]).map { try Self.decode(CheckResult.self, $0) }
    }

    func putCheckResult(name: String, version: SemanticVersion, _ result: CheckResult, at: Date) throws {
        try db.execute(sql: "INSERT OR REPLACE INTO check_results (name, version, check_name, result, ran_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [name, version.description, result.check, try Self.json(result), at.millisecondsSince1970])
    }

    static func checkpoint(_ row: Row) -> AuditCheckpoint {
        AuditCheckpoint(seq: row["seq"], hash: row["hash"], timeMs: row["time_ms"], keyID: row["key_id"], signature: row["signature"])
    }

    func recordedHead() throws -> AuditChain.Head? {
        try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1").map { AuditChain.Head(seq: $0["seq"], hash: $0["hash"]) }
    }

    func appendAudit(_ draft: AuditDraft, at time: Date) throws -> AuditEvent {
        try appendAudit([(draft, time)])[0]
    }

    func appendAudit(_ drafts: [(draft: AuditDraft, time: Date)]) throws -> [AuditEvent] {
        var head = try auditHead()
        var events: [AuditEvent] = []
        events.reserveCapacity(drafts.count)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit_events (seq, time_ms, actor, action, subject, request_id, outcome, body_digest, detail,
                prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (draft, time) in drafts {
            let e = draft.sealed(after: head, at: time.millisecondsSince1970)
            try insert.execute(arguments: [e.seq, e.timeMs, e.actor, e.action, e.subject, e.requestID, e.outcome.rawValue,
                                           e.bodyDigest, e.detail.map(Self.detailText), e.prevHash, e.hash])
            head = AuditChain.Head(seq: e.seq, hash: e.hash)
            events.append(e)
            if let p = draft.payload {
                try db.cachedStatement(sql: "INSERT INTO audit_payloads (seq, request_id, time_ms, input, output) VALUES (?, ?, ?, ?, ?)")
                    .execute(arguments: [e.seq, e.requestID, e.timeMs, p.input, p.output])
            }
        }
        if !events.isEmpty {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, ?, ?)")
                .execute(arguments: [head.seq, head.hash])
            if let observer = auditObserver {
                // After the commit and still on the writer's queue, so observers see events in sequence order;
                // a rolled-back transaction tells nobody.
                let committed = events
                db.afterNextTransaction(onCommit: { _ in observer(committed) })
            }
        }
        return events
    }

    /// An event's detail as stored: canonical JSON of the string map.
    static func detailText(_ detail: [String: String]) -> String {
        String(decoding: AuditEvent.canonicalDetail(detail), as: UTF8.self)
    }

    // MARK: row mapping

    static func principal(_ row: Row) throws -> Principal {
        let roles = try decode([String].self, row["roles"])
        return Principal(id: row["id"], displayName: row["display_name"], kind: Principal.Kind(rawValue: row["kind"]) ?? .person,
                         roles: Set(roles.map(Role.init(rawValue:))), createdAt: Date(millisecondsSince1970: row["created_at"]),
                         disabled: row["disabled"])
    }

    static func apiKey(_ row: Row) -> APIKeyRecord {
        APIKeyRecord(id: row["id"], principalID: row["principal_id"], label: row["label"],
                     createdAt: Date(millisecondsSince1970: row["created_at"]),
                     expiresAt: (row["expires_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
                     revokedAt: (row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    static func toolVersion(_ row: Row) throws -> ToolVersionRecord {
        let state: String = row["state"]
        return ToolVersionRecord(
            definition: try decode(ToolDefinition.self, row["definition"]), digest: row["digest"],
            state: LifecycleState(rawValue: state) ?? .proposed, proposer: row["proposer"],
            proposedAt: Date(millisecondsSince1970: row["proposed_at"]), updatedAt: Date(millisecondsSince1970: row["updated_at"]),
            decision: try (row["decision"] as String?).map { try decode(Decision.self, $0) },
            reviewDueAt: (row["review_due_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }

    /// The columns ``auditEventByIndex(_:)`` reads, in order.
    static let auditColumns = "seq, time_ms, actor, action, subject, request_id, outcome, body_digest, detail, prev_hash, hash"

    /// An event from a row of ``auditColumns``, read by column index and with the detail parsed by Warden's own
    /// JSON parser: verification reads a million of these, and name lookups and Foundation's decoder dominated it.
    static func auditEventByIndex(_ row: Row) throws -> AuditEvent {
        var detail: [String: String]?
        if let text: String = row[8] {
            guard case .object(let members) = try JSONValue(parsing: Array(text.utf8)) else {
                throw WardenError(.internal, "audit event \(row[0] as Int64) has a detail that is not a JSON object")
            }
            var d: [String: String] = [:]
            d.reserveCapacity(members.count)
            for (k, v) in members {
                guard case .string(let s) = v else {
                    throw WardenError(.internal, "audit event \(row[0] as Int64) has a detail value that is not a string")
                }
                d[k] = s
            }
            detail = d
        }
        return AuditEvent(seq: row[0], timeMs: row[1], actor: row[2], action: row[3], subject: row[4], requestID: row[5],
                          outcome: AuditEvent.Outcome(rawValue: row[6]) ?? .failed, bodyDigest: row[7], detail: detail,
                          prevHash: row[9], hash: row[10])
    }

    static func auditEvent(_ row: Row) throws -> AuditEvent {
        AuditEvent(seq: row["seq"], timeMs: row["time_ms"], actor: row["actor"], action: row["action"],
                   subject: row["subject"], requestID: row["request_id"],
                   outcome: AuditEvent.Outcome(rawValue: row["outcome"]) ?? .failed, bodyDigest: row["body_digest"],
                   detail: try (row["detail"] as String?).map { try decode([String: String].self, $0) },
                   prevHash: row["prev_hash"], hash: row["hash"])
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

