import Foundation

/// The two SQL engines and the few places where their SQL differs.
enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A column that orders rows of the review tables by insertion, for reviews filed in the same millisecond.
    var insertionOrder: String {
        switch self {
        case .sqlite: "rowid"
        case .postgres: "ord"
        }
    }
}

/// What a store transaction needs of a database connection inside a transaction: statements with `?` parameters,
/// rows back, and work to run once the transaction commits.
protocol SQLSession: SendableMetatype {
    var dialect: SQLDialect { get }
    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int
    /// Runs a query and returns its rows.
    func query(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow]
    /// Runs an `INSERT … VALUES (?, …)` of one row once per element of `rows`: SQLite reuses one prepared statement,
    /// PostgreSQL sends many rows per statement (each statement is a round trip).
    func insert(_ sql: String, rows: [[any SQLArgument]]) throws
    /// Calls `body` with each row of a query as it is read, until it returns false; the row is only valid during the call.
    func forEachRow(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Bool) throws
    /// Runs `action` after the transaction commits (never when it rolls back), in commit order.
    func afterCommit(_ action: @escaping @Sendable () -> Void)
    /// Tells the other instances sharing the database, once the transaction commits, that `change` happened.
    func announce(_ change: StoreChange)
}

extension SQLSession {
    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql, []) }
    func query(_ sql: String) throws -> [SQLRow] { try query(sql, []) }
    func queryOne(_ sql: String, _ arguments: [any SQLArgument] = []) throws -> SQLRow? { try query(sql, arguments).first }
}
