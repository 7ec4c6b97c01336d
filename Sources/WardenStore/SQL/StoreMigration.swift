import Foundation

/// Warden's schema as one list of migrations, each in both dialects. The SQLite text is the one applied since the
/// first release (it must never change for an applied migration); the PostgreSQL text is derived from it by
/// ``StoreMigration/postgres`` (the same tables, indexes and constraints) plus what only PostgreSQL needs.
struct StoreMigration: Sendable {
    let id: String
    let sqlite: String
    /// Statements PostgreSQL runs after the translated ones.
    var postgresExtra: String = ""

    /// The migration for PostgreSQL: 64-bit integers, BYTEA for blobs, identity columns for SQLite's AUTOINCREMENT,
    /// and text compared in the C collation (code point order, as SQLite compares), which the audit queries' prefix
    /// ranges rely on.
    var postgres: String {
        var s = sqlite
        s = s.replacingOccurrences(of: "INTEGER PRIMARY KEY AUTOINCREMENT", with: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
        s = s.replacingOccurrences(of: " INTEGER", with: " BIGINT")
        s = s.replacingOccurrences(of: " BLOB", with: " BYTEA")
        s = s.replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"")
        return s + postgresExtra
    }

    static let all: [StoreMigration] = [
        StoreMigration(id: "v1", sqlite: """
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
                """,
                       // Orders reviews filed in the same millisecond, as SQLite's rowid does.
                       postgresExtra: "\nALTER TABLE reviews ADD COLUMN ord BIGINT GENERATED ALWAYS AS IDENTITY;"),
        // Indexes for the auditors' query API: time is appended in order (cheap); actor and subject are the
        // filters that select few events out of many. Action and outcome are few-valued: a scan in seq order
        // finds them.
        StoreMigration(id: "v2-audit-checkpoints", sqlite: """
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
                """),
        StoreMigration(id: "v3-advisories", sqlite: """
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
                """),
        StoreMigration(id: "v4-audit-payloads", sqlite: """
                CREATE TABLE audit_payloads (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    request_id TEXT NOT NULL,
                    time_ms INTEGER NOT NULL,
                    input BLOB NOT NULL,
                    output BLOB
                );
                CREATE INDEX audit_payloads_by_time ON audit_payloads(time_ms);
                """),
        StoreMigration(id: "v5-check-results", sqlite: """
                CREATE TABLE check_results (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    check_name TEXT NOT NULL,
                    result TEXT NOT NULL,
                    ran_at INTEGER NOT NULL,
                    PRIMARY KEY (name, version, check_name)
                );
                """),
        // Client secrets are stored only as digests. Used client-assertion ids are kept until their assertion
        // expires, so a replayed private_key_jwt assertion is refused by every instance sharing the database.
        StoreMigration(id: "v7-oauth-clients", sqlite: """
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
                """),
        // The agent registry: versions as tools have them, and lifecycle records in tables of the same shape.
        StoreMigration(id: "v8-agents", sqlite: """
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
                """,
                       // Orders reviews filed in the same millisecond, as SQLite's rowid does.
                       postgresExtra: "\nALTER TABLE agent_reviews ADD COLUMN ord BIGINT GENERATED ALWAYS AS IDENTITY;"),
    ]
}
