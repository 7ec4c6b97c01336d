import Foundation
import Logging
import NIOCore
import PostgresNIO
import WardenCore

/// A ``SQLSession`` on one leased PostgreSQL connection inside a transaction. Store transactions are synchronous
/// (the same code serves SQLite), so each statement waits for its result; the store runs every transaction on a
/// thread of its own pool, never on an event loop or the cooperative pool.
final class PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger
    /// The longest a statement's answer is waited for before the connection is given up (closed) and the statement
    /// fails: a connection whose server went away without a word must not hold a transaction thread for ever.
    let answerTimeout: TimeInterval
    private(set) var announced: Set<StoreChange> = []
    private(set) var committedActions: [@Sendable () -> Void] = []

    init(connection: PostgresConnection, logger: Logger, answerTimeout: TimeInterval = 30) {
        self.connection = connection
        self.logger = logger
        self.answerTimeout = answerTimeout
    }

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func query(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let result = try run(sql, arguments)
        guard let first = result.rows.first else { return [] }
        var columns: [String: Int] = [:]
        for (i, cell) in first.enumerated() where columns[cell.columnName] == nil { columns[cell.columnName] = i }
        return try result.rows.map { row in
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for cell in row { values.append(try Self.value(cell)) }
            return SQLRow(columns: columns, values: values)
        }
    }

    func insert(_ sql: String, rows: [[any SQLArgument]]) throws {
        guard let values = sql.range(of: " VALUES ", options: .backwards) else {
            for row in rows { try execute(sql, row) }
            return
        }
        let head = String(sql[..<values.upperBound])
        let tuple = String(sql[values.upperBound...])
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(start + Self.rowsPerInsert, rows.count)]
            try execute(head + Array(repeating: tuple, count: chunk.count).joined(separator: ", "), Array(chunk.joined()))
            start += chunk.count
        }
    }

    /// Rows per multi-row INSERT (11 parameters each for audit events; PostgreSQL allows 65,535).
    static let rowsPerInsert = 100

    func forEachRow(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Bool) throws {
        for row in try query(sql, arguments) { guard try body(row) else { return } }
    }

    func afterCommit(_ action: @escaping @Sendable () -> Void) { committedActions.append(action) }

    func announce(_ change: StoreChange) { announced.insert(change) }

    func run(_ sql: String, _ arguments: [any SQLArgument]) throws -> PostgresQueryResult {
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a.sqlValue {
            case .null: binds.appendNull()
            case .int(let i): binds.append(i)
            case .real(let d): binds.append(d)
            case .text(let s): binds.append(s)
            case .blob(let d): binds.append(ByteBuffer(bytes: d))
            }
        }
        let query = PostgresQuery(unsafeSQL: Self.numberedParameters(sql), binds: binds)
        let answer = PendingAnswer()
        connection.query(query, logger: logger).whenComplete { answer.complete($0) }
        guard let result = answer.wait(seconds: answerTimeout) else {
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
            throw WardenError(.upstreamUnavailable,
                              "the database did not answer a statement within \(Int(answerTimeout)) s; the connection was closed, retry")
        }
        return try result.get()
    }

    /// `?` parameters as PostgreSQL's `$1`, `$2`, … (Warden's statements hold no `?` inside literals).
    static func numberedParameters(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        for ch in sql {
            if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }

    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .float8, .float4: return .real(try cell.decode(Double.self))
        case .bytea: return .blob(try cell.decode(Data.self))
        default: return .text(try cell.decode(String.self))
        }
    }
}

/// A statement's answer, awaited by a transaction thread with a deadline.
private final class PendingAnswer: @unchecked Sendable {
    private let lock = NSCondition()
    private var result: Result<PostgresQueryResult, any Error>?

    func complete(_ r: Result<PostgresQueryResult, any Error>) {
        lock.lock()
        result = r
        lock.signal()
        lock.unlock()
    }

    /// The answer, or nil when none came within `seconds`.
    func wait(seconds: TimeInterval) -> Result<PostgresQueryResult, any Error>? {
        let deadline = Date().addingTimeInterval(seconds)
        lock.lock()
        defer { lock.unlock() }
        while result == nil {
            if !lock.wait(until: deadline) { break }
        }
        return result
    }
}
