import Foundation
import GRDB
import PostgresTestSupport
import WardenCore
@testable import WardenStore

/// The engines the store suite runs on: SQLite always, PostgreSQL when a server is available or can be started
/// (`.ci/run` always starts one; `postgresAvailability` in StoreContractTests says when it is skipped and why).
enum StoreEngine: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgres

    static var available: [StoreEngine] { PostgresTestServer.available ? [.sqlite, .postgres] : [.sqlite] }

    var description: String { rawValue }

    /// A new, empty store with a way to change its tables behind its back.
    func make(options: PostgresStore.Options = .init()) async throws -> TestStore {
        switch self {
        case .sqlite:
            let path = temporaryDatabase()
            return TestStore(store: try SQLiteStore(path: path), location: path, tamperWith: { sql in try tamper(path, sql) })
        case .postgres:
            let url = try await PostgresTestServer.makeDatabase()
            let store = try await PostgresStore(location: try PostgresLocation(url: url), options: options)
            return TestStore(store: store, location: url, tamperWith: { sql in try await PostgresTestServer.execute(sql, on: url) })
        }
    }
}

/// A store under test, where it lives, and raw SQL on its tables (an attacker with database access).
struct TestStore: Sendable {
    let store: any GovernanceStore
    let location: String
    let tamperWith: @Sendable (String) async throws -> Void

    func tamper(_ sql: String) async throws { try await tamperWith(sql) }

    /// Another store on the same database (a second instance).
    func another(options: PostgresStore.Options = .init()) async throws -> any GovernanceStore {
        if PostgresLocation.isPostgres(location) {
            return try await PostgresStore(location: try PostgresLocation(url: location), options: options)
        }
        return try SQLiteStore(path: location)
    }

    func close() async { await (store as? PostgresStore)?.close() }
}
