import Foundation
import WardenCore

/// Which store a `database` setting selects: a file path or `sqlite:PATH` is SQLite, a `postgres://` URL is PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// - Throws: `invalid_input` for an empty setting or a malformed PostgreSQL URL (never echoing its password).
    public init(_ setting: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if PostgresLocation.isPostgres(setting) {
            self = .postgres(try PostgresLocation(url: setting, environment: environment))
            return
        }
        let path = setting.hasPrefix("sqlite:") ? String(setting.dropFirst("sqlite:".count)) : setting
        guard !path.isEmpty else {
            throw WardenError.invalidInput("the database setting is empty: give a SQLite file path or a postgres:// URL")
        }
        self = .sqlite(path: path)
    }

    /// The setting without any password, for logs, messages and the audit log.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// The engine's name, as `/health` reports it.
    public var engine: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// Where key files default to when not configured: beside the SQLite file, or in the working directory.
    public var keyFileBase: String {
        switch self {
        case .sqlite(let path): path
        case .postgres: "./warden"
        }
    }

    /// Opens the store (creating and migrating it when needed).
    /// - Parameter readOnly: SQLite only: open an existing file without writing (PostgreSQL reads are always safe).
    /// - Parameter postgres: the pool and shared-state settings; command-line tools pass `servesAsInstance: false`.
    /// - Throws: `WardenError` when the store cannot be opened or reached.
    public func open(readOnly: Bool = false, postgres options: PostgresStore.Options = .init()) async throws -> any GovernanceStore {
        switch self {
        case .sqlite(let path): try SQLiteStore(path: path, readOnly: readOnly)
        case .postgres(let location): try await PostgresStore(location: location, options: options)
        }
    }
}

extension PostgresStore.Options {
    /// The options of a command-line tool: no listener, no heartbeat.
    public static var commandLine: Self {
        var o = Self()
        o.servesAsInstance = false
        return o
    }
}
