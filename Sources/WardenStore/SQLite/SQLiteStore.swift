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
        for migration in StoreMigration.all {
            m.registerMigration(migration.id) { db in try db.execute(sql: migration.sqlite) }
        }
        return m
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws -> T {
        try await SQLiteStore.mapping { try await self.pool.read { db in try body(StoreTransaction(session: SQLiteSession(db: db))) } }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreWriter) throws -> T) async throws -> T {
        let observer = auditObserver.withLock { $0 }
        return try await SQLiteStore.mapping {
            try await self.pool.write { db in try body(StoreTransaction(session: SQLiteSession(db: db), auditObserver: observer)) }
        }
    }

    /// Synchronous write, for command-line tools and start-up work.
    public func writeNow<T>(_ body: (any StoreWriter) throws -> T) throws -> T {
        let observer = auditObserver.withLock { $0 }
        return try SQLiteStore.mappingNow { try pool.write { db in try body(StoreTransaction(session: SQLiteSession(db: db), auditObserver: observer)) } }
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
        try StoreTransaction(session: SQLiteSession(db: db)).verifyAuditChain(keys: keys)
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
