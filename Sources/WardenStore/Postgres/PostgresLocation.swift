import Foundation
import WardenCore

/// Where a PostgreSQL database is: parsed from `postgres://user[:password]@host[:port]/database[?sslmode=…]`.
/// The password may also come from `PGPASSWORD`; it never appears in ``description``.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, user: String, password: String? = nil, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Whether `database` names PostgreSQL (a `postgres://` or `postgresql://` URL) rather than a SQLite file.
    public static func isPostgres(_ database: String) -> Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
    }

    /// - Throws: `invalid_input` naming what is wrong, never echoing a password.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(url), let c = URLComponents(string: url) else {
            throw WardenError.invalidInput("the database URL must look like postgres://user@host:5432/database")
        }
        guard let host = c.host, !host.isEmpty else {
            throw WardenError.invalidInput("the database URL names no host: use postgres://user@host:5432/database")
        }
        guard let user = c.user, !user.isEmpty else {
            throw WardenError.invalidInput("the database URL names no user: use postgres://user@\(host)/database")
        }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw WardenError.invalidInput("the database URL names no database: use postgres://\(user)@\(host)/database")
        }
        var tls = TLSMode.disable
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": tls = .disable
                case "prefer", "allow": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default:
                    throw WardenError.invalidInput("sslmode must be disable, prefer or require, not '\((item.value ?? "").prefix(20))'")
                }
            default:
                throw WardenError.invalidInput("the database URL has an unknown parameter '\(item.name.prefix(40))'; only sslmode is read")
            }
        }
        self.init(host: host, port: c.port ?? 5432, user: user,
                  password: c.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"],
                  database: database, tls: tls)
    }

    /// The URL without the password, for logs and messages.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
