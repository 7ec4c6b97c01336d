import Foundation
import WardenCore

/// Persistence for governance records and the audit log. One protocol, two engines: SQLite, the embedded
/// default (``SQLiteStore``), and PostgreSQL for several instances on one database (``PostgresStore``). Work runs in transactions: everything written in one `write` call, audit events
/// included, commits together or not at all.
public protocol GovernanceStore: Sendable {
    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T
    /// Runs `body` in a write transaction; it commits when `body` returns and rolls back when it throws.
    /// Writers are serialized, so a read-check-write inside `body` is race-free.
    func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T
    /// Throws when the store cannot be reached.
    func ping() async throws
    /// Walks the whole audit chain, compares it with the signed checkpoints and reports the first break.
    /// - Parameter keys: the trusted checkpoint keys; nil compares checkpoint hashes without checking signatures.
    func verifyAuditChain(keys: [AuditPublicKey]?) async throws -> AuditChain.Report
    /// Has `observer` told of every audit event once its transaction commits, in commit (so sequence) order, on the
    /// writer's own thread: it must only hand the events on, never block or write. Replaces an earlier observer.
    func observeCommittedAudit(_ observer: @escaping @Sendable ([AuditEvent]) -> Void)
    /// Has `observer` told of what other instances sharing the database changed, and of how many instances are live
    /// (a store one instance owns tells nothing). Replaces an earlier observer.
    func observeSharedChanges(_ observer: @escaping @Sendable (SharedStoreEvent) -> Void)
}

/// What a store shared by several instances tells each of them.
public enum SharedStoreEvent: Sendable, Equatable {
    /// Another instance committed changes of these kinds, or a resynchronisation is due (every kind).
    case changed(Set<StoreChange>)
    /// This many instances (this one included) are live on the database.
    case liveInstances(Int)
}

extension GovernanceStore {
    /// A store that cannot observe its commits tells nobody (a live event stream over it stays silent).
    public func observeCommittedAudit(_ observer: @escaping @Sendable ([AuditEvent]) -> Void) {}

    /// A store one instance owns has nothing to tell.
    public func observeSharedChanges(_ observer: @escaping @Sendable (SharedStoreEvent) -> Void) {}

    /// Verifies the chain and the checkpoints' hashes, without checking signatures.
    public func verifyAuditChain() async throws -> AuditChain.Report { try await verifyAuditChain(keys: nil) }
}

/// Reads inside a transaction.
public protocol StoreReader {
    func principal(id: String) throws -> Principal?
    func principals() throws -> [Principal]
    func principalCount() throws -> Int
    /// The key record and the stored digest of the key.
    func apiKey(id: String) throws -> (record: APIKeyRecord, digest: String)?
    func apiKeys(principalID: String) throws -> [APIKeyRecord]
    func toolVersion(name: String, version: SemanticVersion) throws -> ToolVersionRecord?
    /// Every version of a tool, oldest version first.
    func toolVersions(name: String) throws -> [ToolVersionRecord]
    /// Every version of every tool, by name then version.
    func allToolVersions() throws -> [ToolVersionRecord]
    func reviews(name: String, version: SemanticVersion) throws -> [Review]
    func approvals(name: String, version: SemanticVersion) throws -> [Approval]
    func transitions(name: String) throws -> [TransitionRecord]
    /// Events with `seq > afterSeq`, oldest first, at most `limit`.
    func auditEvents(afterSeq: Int64, limit: Int) throws -> [AuditEvent]
    /// Events matching `query`, oldest first, from `query.afterSeq`, at most `query.limit`.
    func auditEvents(matching query: AuditQuery) throws -> [AuditEvent]
    /// The head recorded beside the log.
    func auditHead() throws -> AuditChain.Head
    /// Signed checkpoints with `seq > afterSeq`, oldest first, at most `limit`.
    func auditCheckpoints(afterSeq: Int64, limit: Int) throws -> [AuditCheckpoint]
    /// The newest checkpoint.
    func latestAuditCheckpoint() throws -> AuditCheckpoint?
    /// Every imported advisory's id and `modified` time.
    func advisoryVersions() throws -> [String: String]
    /// The stored records (OSV JSON) of the advisories that name one of `packages` (`ecosystem:normalized name`),
    /// or of every advisory when `packages` is nil.
    func advisoryRecords(affecting packages: Set<String>?) throws -> [String]
    /// Findings, of one tool when `toolName` is given, by tool, version and advisory.
    func advisoryFindings(toolName: String?) throws -> [AdvisoryFinding]
    /// The sealed payload of audit event `seq`, when the secure payload log kept one.
    func auditPayload(seq: Int64) throws -> StoredAuditPayload?
    /// The latest result of each automated onboarding check on a version, by check name.
    func checkResults(name: String, version: SemanticVersion) throws -> [CheckResult]
    /// An OAuth client and the digest of its secret (nil for `private_key_jwt` clients).
    func oauthClient(id: String) throws -> (client: OAuthClient, secretDigest: String?)?
    /// Every OAuth client, revoked ones included, by id.
    func oauthClients() throws -> [OAuthClient]
    /// One agent version.
    func agentVersion(name: String, version: SemanticVersion) throws -> AgentVersionRecord?
    /// An agent's versions, oldest first.
    func agentVersions(name: String) throws -> [AgentVersionRecord]
    /// Every agent version, by name then version.
    func allAgentVersions() throws -> [AgentVersionRecord]
    /// The reviews of an agent version (`Review.toolName` holds the agent's name).
    func agentReviews(name: String, version: SemanticVersion) throws -> [Review]
    func agentApprovals(name: String, version: SemanticVersion) throws -> [Approval]
    /// An agent's transitions (`TransitionRecord.toolName` holds the agent's name), oldest first.
    func agentTransitions(name: String) throws -> [TransitionRecord]
}

/// Writes inside a transaction.
public protocol StoreWriter: StoreReader {
    func insertPrincipal(_ p: Principal) throws
    func updatePrincipal(_ p: Principal) throws
    func insertAPIKey(_ record: APIKeyRecord, digest: String) throws
    func revokeAPIKey(id: String, at: Date) throws
    /// - Throws: `conflict` when the version exists already.
    func insertToolVersion(_ record: ToolVersionRecord) throws
    func updateToolVersion(_ record: ToolVersionRecord) throws
    func insertReview(_ review: Review) throws
    /// Records a board member's vote, replacing an earlier vote of theirs.
    func putApproval(name: String, version: SemanticVersion, _ approval: Approval) throws
    func insertTransition(_ t: TransitionRecord) throws
    /// Appends an event to the chain and returns it sealed.
    @discardableResult
    func appendAudit(_ draft: AuditDraft, at time: Date) throws -> AuditEvent
    /// Appends events to the chain in order and returns them sealed (one head update for all).
    @discardableResult
    func appendAudit(_ drafts: [(draft: AuditDraft, time: Date)]) throws -> [AuditEvent]
    /// Stores a signed checkpoint. - Throws: `conflict` when one exists for its sequence number.
    func insertAuditCheckpoint(_ checkpoint: AuditCheckpoint) throws
    /// Stores an advisory record, replacing an earlier one with the same id; `packages` are the
    /// `ecosystem:normalized name` keys it affects.
    func putAdvisoryRecord(id: String, modified: String, record: String, packages: Set<String>, at: Date) throws
    /// Records a finding unless the same one is on record; returns whether it is new.
    func insertAdvisoryFinding(_ finding: AdvisoryFinding) throws -> Bool
    /// Deletes sealed payloads older than `cutoff` (the retention period); returns how many.
    func deleteAuditPayloads(before cutoff: Date) throws -> Int
    /// Stores a check's result on a version, replacing that check's earlier result.
    func putCheckResult(name: String, version: SemanticVersion, _ result: CheckResult, at: Date) throws
    /// - Throws: `conflict` when a client with that id exists.
    func insertOAuthClient(_ client: OAuthClient, secretDigest: String?) throws
    /// Replaces a client's secret digest and records when.
    func replaceOAuthClientSecret(id: String, digest: String, at: Date) throws
    func revokeOAuthClient(id: String, at: Date) throws
    /// Records that a client assertion with `jti` was used, unless one with the same `jti` from the same client is still
    /// within its lifetime; returns whether it was new. Forgets identifiers whose assertions expired before `now`.
    func recordClientAssertion(clientID: String, jti: String, expiresAt: Date, now: Date) throws -> Bool
    /// Records a new agent version. Throws `conflict` when it exists.
    func insertAgentVersion(_ record: AgentVersionRecord) throws
    /// Updates an agent version's state, decision and review date (its definition and card are immutable).
    func updateAgentVersion(_ record: AgentVersionRecord) throws
    func insertAgentReview(_ review: Review) throws
    func putAgentApproval(name: String, version: SemanticVersion, _ approval: Approval) throws
    func insertAgentTransition(_ t: TransitionRecord) throws
}
