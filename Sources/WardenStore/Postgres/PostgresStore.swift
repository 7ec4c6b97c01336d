import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import WardenCore

/// The store on PostgreSQL, for several Warden instances sharing one registry and one audit log.
///
/// Every write transaction first takes one transaction-scoped advisory lock, so writers are serialized across all
/// instances exactly as SQLite serializes them in one: a read-check-write inside a transaction (a decision, a
/// transition) is race-free, and audit appends never fork the chain. Changes to tools, agents and principals are
/// announced with `NOTIFY` in the same transaction (delivered only if it commits); each instance listens and tells its
/// ``observeSharedChanges(_:)`` observer, and resynchronises everything every `resyncInterval` as a safety net.
/// Each instance also keeps a heartbeat row, from which it counts the live instances.
public final class PostgresStore: GovernanceStore {
    /// Options of the connection pool and the shared-state machinery.
    public struct Options: Sendable, Equatable {
        /// The most connections this instance opens (one of them listens for changes).
        public var maximumConnections: Int = 8
        /// How long a transaction may wait for a connection (and a statement for its answer) before failing with
        /// `upstream_unavailable`.
        public var requestTimeout: Duration = .seconds(5)
        /// How often the live registries are reloaded even without a notification.
        public var resyncInterval: Duration = .seconds(30)
        /// How often this instance writes its heartbeat and counts the live instances.
        public var heartbeatInterval: Duration = .seconds(5)
        /// Whether this process serves (listens for the others' changes, beats, counts); command-line tools that
        /// only read or bootstrap do not.
        public var servesAsInstance = true

        public init() {}
    }

    static let writeLockKey: Int64 = 0x5741_5244_454E_0001   // "WARDEN" 1
    static let migrationLockKey: Int64 = 0x5741_5244_454E_0002
    static let changeChannel = "warden_changes"

    public let location: PostgresLocation
    /// This process's id in the heartbeat table and in its notifications (which it then ignores).
    public let instanceID: String
    let options: Options
    let client: PostgresClient
    let threads: NIOThreadPool
    let logger: Logger
    private let writeGate = AsyncSerialGate()
    private let auditObserver = Mutex<(@Sendable ([AuditEvent]) -> Void)?>(nil)
    private let sharedObserver = Mutex<(@Sendable (SharedStoreEvent) -> Void)?>(nil)
    private let background = Mutex<[Task<Void, Never>]>([])
    /// The connection pool's own task (`PostgresClient.run()`), stopped last.
    private let poolTask = Mutex<Task<Void, Never>?>(nil)

    /// Connects, creates or migrates the schema (one instance at a time), and starts the listener and the heartbeat.
    /// - Throws: `upstream_unavailable` when the database cannot be reached within the request timeout, naming it
    ///   (without the password) and what to check; `internal` when a migration fails.
    public init(location: PostgresLocation, options: Options = Options(), logger: Logger = Logger(label: "warden.postgres"),
                instanceID: String = UUID().uuidString.lowercased()) async throws {
        self.location = location
        self.options = options
        self.logger = logger
        self.instanceID = instanceID
        var config = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: Self.tls(location.tls))
        config.options.maximumConnections = max(2, options.maximumConnections)
        config.options.minimumConnections = 1
        config.options.connectTimeout = options.requestTimeout
        let timeoutMs = options.requestTimeout.components.seconds * 1000 + 5000
        // A statement or lock wait never hangs a transaction thread for ever.
        config.options.additionalStartupParameters = [
            ("statement_timeout", String(timeoutMs)), ("lock_timeout", String(timeoutMs)),
            ("idle_in_transaction_session_timeout", String(timeoutMs * 2)), ("application_name", "warden"),
        ]
        // The pool logs every failed connection attempt at info; while the database is down that is a flood.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: config, backgroundLogger: poolLogger)
        self.client = client
        let threads = NIOThreadPool(numberOfThreads: max(2, options.maximumConnections))
        threads.start()
        self.threads = threads
        poolTask.withLock { $0 = Task { await client.run() } }
        do {
            // Unreachable fails within the request timeout; the migrations then get longer.
            try await ping()
            try await migrate()
        } catch {
            await close()
            throw error
        }
        if options.servesAsInstance {
            startListening()
            startHeartbeat()
        }
    }

    /// Stops the listener, the heartbeat and the connection pool.
    public func close() async {
        if options.servesAsInstance {
            let id = instanceID
            // Leaving: the others stop counting this instance at once rather than after three missed beats.
            _ = try? await transaction(.unlocked) { tx in try tx.session.execute("DELETE FROM warden_instances WHERE id = ?", [id]) }
        }
        // The listener and the heartbeat first, while the pool still serves their last transaction (a statement waiting
        // on a connection the pool has closed under it would wait for ever); then the pool; then the threads.
        let tasks = background.withLock { t -> [Task<Void, Never>] in defer { t = [] }; return t }
        for t in tasks { t.cancel() }
        for t in tasks { await t.value }
        if let pool = poolTask.withLock({ t -> Task<Void, Never>? in defer { t = nil }; return t }) {
            pool.cancel()
            await pool.value
        }
        try? await threads.shutdownGracefully()
    }

    /// How long a statement's answer is awaited: the server's statement timeout (request timeout + 5 s) and 5 s more.
    var answerTimeout: TimeInterval { Double(options.requestTimeout.components.seconds) + 10 }

    static func tls(_ mode: PostgresLocation.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    // MARK: transactions

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await transaction(.read) { tx in try body(tx) }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        try await writeGate.run { try await transaction(.write) { tx in try body(tx) } }
    }

    public func ping() async throws {
        _ = try await transaction(.read) { tx in try tx.session.execute("SELECT 1") }
    }

    public func verifyAuditChain(keys: [AuditPublicKey]?) async throws -> AuditChain.Report {
        try await transaction(.read) { tx in try tx.verifyAuditChain(keys: keys) }
    }

    public func observeCommittedAudit(_ observer: @escaping @Sendable ([AuditEvent]) -> Void) {
        auditObserver.withLock { $0 = observer }
    }

    public func observeSharedChanges(_ observer: @escaping @Sendable (SharedStoreEvent) -> Void) {
        sharedObserver.withLock { $0 = observer }
    }

    enum Mode {
        /// A consistent read-only snapshot.
        case read
        /// A write serialized with every other instance's writes by the advisory lock.
        case write
        /// A write of this instance's own rows (the heartbeat), which needs no lock.
        case unlocked
    }

    /// Runs `body` in a transaction on a leased connection, on a thread of the store's pool.
    func transaction<T: Sendable>(_ mode: Mode, _ body: @escaping @Sendable (StoreTransaction<PostgresSession>) throws -> T) async throws -> T {
        let write = mode == .write
        let answerTimeout = self.answerTimeout
        let observer = write ? auditObserver.withLock { $0 } : nil
        let logger = self.logger
        let threads = self.threads
        let instanceID = self.instanceID
        do {
            return try await leasing(within: options.requestTimeout) { connection in
                try await threads.runIfActive { () throws -> T in
                    let session = PostgresSession(connection: connection, logger: logger, answerTimeout: answerTimeout)
                    try session.execute(mode == .read ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
                    do {
                        if write { try session.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLockKey]) }
                        let result = try body(StoreTransaction(session: session, auditObserver: observer))
                        for change in session.announced.sorted(by: { $0.rawValue < $1.rawValue }) {
                            try session.execute("SELECT pg_notify(?, ?)", [Self.changeChannel, "\(change.rawValue) \(instanceID)"])
                        }
                        try session.execute("COMMIT")
                        for action in session.committedActions { action() }
                        return result
                    } catch {
                        _ = try? session.execute("ROLLBACK")
                        throw error
                    }
                }
            }
        } catch {
            throw Self.translate(error, location: location)
        }
    }

    /// Leases a connection and runs `body` on it, failing with `upstream_unavailable` when no connection was leased
    /// within `limit` (the pool waits for one while the database is down; a call must fail closed rather than hang).
    /// Only the wait is bounded: once `body` has started it runs to its end (its statements are bounded by the
    /// server's statement timeout), so a transaction is never reported failed while it goes on to commit.
    func leasing<T: Sendable>(within limit: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let lease = LeaseState()
        let location = self.location
        let client = self.client
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    let start = lease.state.withLock { l -> Bool in
                        guard l == .waiting else { return false }
                        l = .running
                        return true
                    }
                    guard start else { throw CancellationError() }
                    return try await body(connection)
                }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                let abandoned = lease.state.withLock { l -> Bool in
                    guard l == .waiting else { return false }
                    l = .abandoned
                    return true
                }
                if abandoned {
                    throw WardenError(.upstreamUnavailable,
                                      "the database at \(location) gave no connection within \(limit); check that PostgreSQL is running and reachable, then retry")
                }
                return nil
            }
            while let next = try await group.next() {
                if let value = next {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }

    static func translate(_ error: Error, location: PostgresLocation) -> Error {
        if error is WardenError || error is CancellationError { return error }
        if let e = error as? PSQLError {
            if let state = e.serverInfo?[.sqlState] {
                if state.hasPrefix("23") { return WardenError.conflict("the record exists already or conflicts with another one") }
                if state == "57014" || state == "55P03" {
                    return WardenError(.upstreamUnavailable, "the database at \(location) did not answer in time (\(state)); retry")
                }
                return WardenError(.upstreamUnavailable,
                                   "the database at \(location) refused a statement (SQLSTATE \(state): \(e.serverInfo?[.message] ?? "")); check the server log")
            }
            return WardenError(.upstreamUnavailable,
                               "the database at \(location) cannot be reached (\(e.code)); check that PostgreSQL is running and reachable, then retry")
        }
        if error is ChannelError || error is IOError {
            return WardenError(.upstreamUnavailable, "the database at \(location) cannot be reached; check that PostgreSQL is running, then retry")
        }
        return WardenError(.internal, "storage error: \(error)")
    }

    // MARK: schema

    /// Applies the migrations not yet recorded, each in its own transaction, under an advisory lock so that
    /// instances starting together migrate once.
    func migrate() async throws {
        let logger = self.logger
        let answerTimeout = self.answerTimeout * 4
        let location = self.location
        let threads = self.threads
        try await leasing(within: options.requestTimeout) { connection in
            try await threads.runIfActive {
                let session = PostgresSession(connection: connection, logger: logger, answerTimeout: answerTimeout)
                try session.execute("SELECT pg_advisory_lock(?)", [Self.migrationLockKey])
                defer { _ = try? session.execute("SELECT pg_advisory_unlock(?)", [Self.migrationLockKey]) }
                try session.execute("CREATE TABLE IF NOT EXISTS warden_migrations (id TEXT PRIMARY KEY NOT NULL, applied_at BIGINT NOT NULL)")
                let applied = Set(try session.query("SELECT id FROM warden_migrations").map { try $0[0] as String })
                for m in StoreMigration.all + Self.postgresOnly where !applied.contains(m.id) {
                    try session.execute("BEGIN")
                    do {
                        // One statement per query (the extended protocol); these have no parameters.
                        for statement in m.postgres.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                            try session.execute(String(statement))
                        }
                        try session.execute("INSERT INTO warden_migrations (id, applied_at) VALUES (?, ?)",
                                            [m.id, Date().millisecondsSince1970])
                        try session.execute("COMMIT")
                    } catch {
                        _ = try? session.execute("ROLLBACK")
                        throw WardenError(.internal, "the database migration \(m.id) failed: \(Self.translate(error, location: location))")
                    }
                }
            }
        }
    }

    /// Tables only a shared database needs.
    static let postgresOnly = [
        StoreMigration(id: "pg1-instances", sqlite: "", postgresExtra: """
            CREATE TABLE warden_instances (id TEXT PRIMARY KEY NOT NULL, seen_at BIGINT NOT NULL)
            """),
    ]

    // MARK: shared state

    private func tell(_ event: SharedStoreEvent) {
        sharedObserver.withLock { $0 }?(event)
    }

    /// Listens for the other instances' changes; after a lost connection it listens again and resynchronises
    /// everything (notifications sent meanwhile were missed). Also resynchronises every `resyncInterval`.
    private func startListening() {
        let listener = Task { [weak self] in
            var first = true
            while !Task.isCancelled {
                guard let self else { return }
                do {
                    try await self.client.withConnection { connection in
                        try await connection.listen(on: Self.changeChannel) { notifications in
                            if !first { self.tell(.changed(Set(StoreChange.allCases))) }
                            first = false
                            for try await n in notifications {
                                let parts = n.payload.split(separator: " ")
                                guard parts.count == 2, String(parts[1]) != self.instanceID,
                                      let change = StoreChange(rawValue: String(parts[0])) else { continue }
                                self.tell(.changed([change]))
                            }
                        }
                    }
                } catch {
                    if Task.isCancelled { return }
                    self.logger.warning("lost the database change listener; listening again", metadata: ["error": "\(String(describing: error).prefix(200))"])
                    first = false
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        let resync = Task { [weak self, interval = options.resyncInterval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                self.tell(.changed(Set(StoreChange.allCases)))
            }
        }
        background.withLock { $0 += [listener, resync] }
    }

    /// Writes this instance's heartbeat and tells the observer how many instances beat within three intervals.
    private func startHeartbeat() {
        let task = Task { [weak self, interval = options.heartbeatInterval] in
            while !Task.isCancelled {
                guard let self else { return }
                let id = self.instanceID
                let intervalMs = interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000
                if let live = try? await self.transaction(.unlocked, { tx -> Int in
                    let now = Date().millisecondsSince1970
                    // Outside the write lock: a heartbeat must not wait behind the audit log.
                    try tx.session.execute("""
                        INSERT INTO warden_instances (id, seen_at) VALUES (?, ?)
                        ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at
                        """, [id, now])
                    try tx.session.execute("DELETE FROM warden_instances WHERE seen_at < ?", [now - 60 * intervalMs])
                    return try tx.session.queryOne("SELECT COUNT(*) FROM warden_instances WHERE seen_at >= ?", [now - 3 * intervalMs])
                        .map { try $0[0] } ?? 1
                }) {
                    self.tell(.liveInstances(max(1, live)))
                }
                try? await Task.sleep(for: interval)
            }
        }
        background.withLock { $0.append(task) }
    }
}

/// Whether a transaction's connection lease is still awaited, was granted and started, or was given up on: exactly one
/// of "start the transaction" and "give up" happens.
private final class LeaseState: Sendable {
    enum Phase { case waiting, running, abandoned }
    let state = Mutex(Phase.waiting)
}
