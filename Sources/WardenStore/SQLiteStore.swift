import Foundation
import GRDB
import Synchronization
import WardenCore

/// The embedded store: one SQLite file in WAL mode, fully synchronous so that a committed action
/// (and its audit event) survives a crash.
public final class SQLiteStore: GovernanceStore {
    let pool: DatabasePool
    public let path: String
    /// Told of audit events after their transaction commits (see ``observeCommittedAudit(_:)``).
    private let auditObserver = Mutex<(@Sendable ([AuditEvent]) -> Void)?>(nil)

    /// Opens (creating and migrating when needed) the database at `path`.
    /// - Throws: `WardenError` `internal` with the path and SQLite's reason when the file cannot be opened.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            if readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw WardenError(.notFound, "no database at \(path)")
                }
            }
            pool = try DatabasePool(path: path, configuration: config)
            if !readOnly { try SQLiteStore.migrator.migrate(pool) }
        } catch let e as WardenError {
            throw e
        } catch {
            throw WardenError(.internal, "cannot open the database at \(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE principals (
                    id TEXT PRIMARY KEY NOT NULL,
                    display_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    roles TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0
                );
                CREATE TABLE api_keys (
                    id TEXT PRIMARY KEY NOT NULL,
                    principal_id TEXT NOT NULL REFERENCES principals(id),
                    digest TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER,
                    revoked_at INTEGER
                );
                CREATE TABLE tool_versions (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    major INTEGER NOT NULL, minor INTEGER NOT NULL, patch INTEGER NOT NULL,
                    digest TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    state TEXT NOT NULL,
                    proposer TEXT NOT NULL,
                    proposed_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    decision TEXT,
                    review_due_at INTEGER,
                    PRIMARY KEY (name, version)
                );
                CREATE UNIQUE INDEX one_serving_version ON tool_versions(name)
                    WHERE state IN ('active', 'suspended', 'deprecated');
                CREATE TABLE reviews (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    filed_at INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    FOREIGN KEY (name, version) REFERENCES tool_versions(name, version)
                );
                CREATE INDEX reviews_by_version ON reviews(name, version);
                CREATE TABLE approvals (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    approver TEXT NOT NULL,
                    approve INTEGER NOT NULL,
                    comment TEXT,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (name, version, approver),
                    FOREIGN KEY (name, version) REFERENCES tool_versions(name, version)
                );
                CREATE TABLE transitions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    event TEXT NOT NULL,
                    from_state TEXT NOT NULL,
                    to_state TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    at INTEGER NOT NULL
                );
                CREATE INDEX transitions_by_tool ON transitions(name);
                CREATE TABLE audit_events (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    time_ms INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    request_id TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    body_digest TEXT,
                    detail TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE audit_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v2-audit-checkpoints") { db in
            // Indexes for the auditors' query API: time is appended in order (cheap); actor and subject are the
            // filters that select few events out of many. Action and outcome are few-valued: a scan in seq order
            // finds them.
            try db.execute(sql: """
                CREATE TABLE audit_checkpoints (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    hash TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    key_id TEXT NOT NULL,
                    signature TEXT NOT NULL
                );
                CREATE INDEX audit_by_time ON audit_events(time_ms);
                CREATE INDEX audit_by_actor ON audit_events(actor, seq);
                CREATE INDEX audit_by_subject ON audit_events(subject, seq);
                """)
        }
        m.registerMigration("v3-advisories") { db in
            try db.execute(sql: """
                CREATE TABLE advisories (
                    id TEXT PRIMARY KEY NOT NULL,
                    modified TEXT NOT NULL,
                    record TEXT NOT NULL,
                    packages TEXT NOT NULL,
                    imported_at INTEGER NOT NULL
                );
                CREATE TABLE advisory_findings (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    advisory_id TEXT NOT NULL,
                    ecosystem TEXT NOT NULL,
                    package TEXT NOT NULL,
                    finding TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    found_at INTEGER NOT NULL,
                    PRIMARY KEY (name, version, advisory_id, ecosystem, package)
                );
                """)
        }
        m.registerMigration("v4-audit-payloads") { db in
            try db.execute(sql: """
                CREATE TABLE audit_payloads (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    request_id TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    input BLOB NOT NULL,
                    output BLOB
                );
                CREATE INDEX audit_payloads_by_time ON audit_payloads(time_ms);
                """)
        }
        m.registerMigration("v5-check-results") { db in
            try db.execute(sql: """
                CREATE TABLE check_results (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    check_name TEXT NOT NULL,
                    result TEXT NOT NULL,
                    ran_at INTEGER NOT NULL,
                    PRIMARY KEY (name, version, check_name)
                );
                """)
        }
        m.registerMigration("v7-oauth-clients") { db in
            // Client secrets are stored only as digests. Used client-assertion ids are kept until their assertion
            // expires, so a replayed private_key_jwt assertion is refused by every instance sharing the database.
            try db.execute(sql: """
                CREATE TABLE oauth_clients (
                    id TEXT PRIMARY KEY NOT NULL,
                    principal_id TEXT NOT NULL REFERENCES principals(id),
                    label TEXT NOT NULL,
                    auth_method TEXT NOT NULL,
                    scopes TEXT NOT NULL,
                    secret_digest TEXT,
                    jwks TEXT,
                    created_at INTEGER NOT NULL,
                    created_by TEXT NOT NULL,
                    secret_rotated_at INTEGER,
                    revoked_at INTEGER
                );
                CREATE INDEX oauth_clients_by_principal ON oauth_clients(principal_id);
                CREATE TABLE oauth_client_assertions (
                    client_id TEXT NOT NULL,
                    jti TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    PRIMARY KEY (client_id, jti)
                );
                CREATE INDEX oauth_client_assertions_by_expiry ON oauth_client_assertions(expires_at);
                """)
        }
        m.registerMigration("v8-agents") { db in
            // The agent registry: versions as tools have them, and lifecycle records in tables of the same shape.
            try db.execute(sql: """
                CREATE TABLE agent_versions (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    digest TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    card TEXT NOT NULL,
                    card_pin TEXT NOT NULL,
                    state TEXT NOT NULL,
                    proposer TEXT NOT NULL,
                    proposed_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    decision TEXT,
                    review_due_at INTEGER,
                    PRIMARY KEY (name, version)
                );
                CREATE UNIQUE INDEX one_serving_agent_version ON agent_versions(name)
                    WHERE state IN ('active', 'suspended', 'deprecated');
                CREATE TABLE agent_reviews (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    reviewer TEXT NOT NULL,
                    filed_at INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    FOREIGN KEY (name, version) REFERENCES agent_versions(name, version)
                );
                CREATE INDEX agent_reviews_by_version ON agent_reviews(name, version);
                CREATE TABLE agent_approvals (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    approver TEXT NOT NULL,
                    approve INTEGER NOT NULL,
                    comment TEXT,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (name, version, approver),
                    FOREIGN KEY (name, version) REFERENCES agent_versions(name, version)
                );
                CREATE TABLE agent_transitions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    event TEXT NOT NULL,
                    from_state TEXT NOT NULL,
                    to_state TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    reason TEXT,
                    at INTEGER NOT NULL
                );
                CREATE INDEX agent_transitions_by_agent ON agent_transitions(name);
                """)
        }
        return m
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await SQLiteStore.mapping { try await self.pool.read { db in try body(SQLiteTransaction(db: db)) } }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        let observer = auditObserver.withLock { $0 }
        return try await SQLiteStore.mapping {
            try await self.pool.write { db in try body(SQLiteTransaction(db: db, auditObserver: observer)) }
        }
    }

    /// Synchronous write, for command-line tools and start-up work.
    public func writeNow<T>(_ body: (any StoreWriter) throws -> T) throws -> T {
        let observer = auditObserver.withLock { $0 }
        return try SQLiteStore.mappingNow { try pool.write { db in try body(SQLiteTransaction(db: db, auditObserver: observer)) } }
    }

    public func observeCommittedAudit(_ observer: @escaping @Sendable ([AuditEvent]) -> Void) {
        auditObserver.withLock { $0 = observer }
    }

    public func ping() async throws {
        try await SQLiteStore.mapping { try await self.pool.read { db in _ = try Int.fetchOne(db, sql: "SELECT 1") } }
    }

    public func verifyAuditChain(keys: [AuditPublicKey]?) async throws -> AuditChain.Report {
        try await SQLiteStore.mapping { try await self.pool.read { db in try SQLiteStore.verify(db, keys: keys) } }
    }

    /// Verifies the chain and its checkpoints synchronously (for `warden audit verify`).
    /// - Parameter keys: trusted checkpoint keys; nil compares checkpoint hashes without checking signatures.
    public func verifyAuditChainNow(keys: [AuditPublicKey]? = nil) throws -> AuditChain.Report {
        try SQLiteStore.mappingNow { try pool.read { db in try SQLiteStore.verify(db, keys: keys) } }
    }

    static func verify(_ db: Database, keys: [AuditPublicKey]?) throws -> AuditChain.Report {
        let checkpoints = try SQLiteTransaction(db: db).auditCheckpoints(afterSeq: 0, limit: Int.max)
        var verifier = AuditChain.Verifier(checkpoints: checkpoints, keys: keys)
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(SQLiteTransaction.auditColumns) FROM audit_events ORDER BY rowid")
        while let row = try cursor.next() {
            let event: AuditEvent
            do { event = try SQLiteTransaction.auditEventByIndex(row) } catch {
                // An undecodable row is tampering too: report it at its place in the chain.
                var broken = AuditEvent(seq: row[0], timeMs: 0, actor: "", action: "", subject: "", requestID: "", outcome: .failed,
                                        bodyDigest: nil, detail: ["unreadable": "\(error)"], prevHash: "", hash: "")
                broken.hash = "unreadable"
                verifier.check(broken)
                break
            }
            verifier.check(event)
            if verifier.failed { break }
        }
        let head = try SQLiteTransaction(db: db).recordedHead()
        // A missing head row with events present is itself tampering: compare against the empty chain.
        return verifier.report(recordedHead: head ?? .genesis)
    }

    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw translate(error) }
    }

    static func mappingNow<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw translate(error) }
    }

    static func translate(_ error: Error) -> Error {
        if error is WardenError || error is CancellationError { return error }
        if let db = error as? DatabaseError {
            if db.resultCode == .SQLITE_CONSTRAINT {
                return WardenError.conflict("the record exists already or conflicts with another one")
            }
            return WardenError(.upstreamUnavailable, "the database failed: \(db.resultCode); check disk space and file permissions, then retry")
        }
        return WardenError(.internal, "storage error: \(error)")
    }
}
