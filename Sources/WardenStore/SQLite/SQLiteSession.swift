import Foundation
import GRDB

/// A ``SQLSession`` on one GRDB connection inside a transaction. Statements are prepared once per connection
/// and kept (GRDB's statement cache), which keeps the audit append, run for every call, cheap.
struct SQLiteSession: SQLSession {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ arguments: [any SQLArgument]) throws -> Int {
        let statement = try db.cachedStatement(sql: sql)
        try statement.execute(arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func query(_ sql: String, _ arguments: [any SQLArgument]) throws -> [SQLRow] {
        let statement = try db.cachedStatement(sql: sql)
        var columns: [String: Int] = [:]
        for (i, name) in statement.columnNames.enumerated() where columns[name] == nil { columns[name] = i }
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var rows: [SQLRow] = []
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for i in 0..<row.count { values.append(Self.value(row[i] as DatabaseValue)) }
            rows.append(SQLRow(columns: columns, values: values))
        }
        return rows
    }

    func insert(_ sql: String, rows: [[any SQLArgument]]) throws {
        let statement = try db.cachedStatement(sql: sql)
        for row in rows { try statement.execute(arguments: Self.arguments(row)) }
    }

    func forEachRow(_ sql: String, _ arguments: [any SQLArgument], _ body: (SQLRow) throws -> Bool) throws {
        let statement = try db.cachedStatement(sql: sql)
        var columns: [String: Int] = [:]
        for (i, name) in statement.columnNames.enumerated() where columns[name] == nil { columns[name] = i }
        let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(arguments))
        var values: [SQLValue] = []
        while let row = try cursor.next() {
            // One buffer for every row: verification reads a million of them.
            values.removeAll(keepingCapacity: true)
            for i in 0..<row.count { values.append(Self.value(row[i] as DatabaseValue)) }
            let sqlRow = SQLRow(columns: columns, values: values)
            guard try body(sqlRow) else { return }
        }
    }

    func afterCommit(_ action: @escaping @Sendable () -> Void) {
        db.afterNextTransaction(onCommit: { _ in action() })
    }

    /// One SQLite file serves one instance: there is nobody to tell.
    func announce(_ change: StoreChange) {}

    static func arguments(_ arguments: [any SQLArgument]) -> StatementArguments {
        StatementArguments(arguments.map { a -> DatabaseValue in
            switch a.sqlValue {
            case .null: .null
            case .int(let i): i.databaseValue
            case .real(let d): d.databaseValue
            case .text(let s): s.databaseValue
            case .blob(let d): d.databaseValue
            }
        })
    }

    static func value(_ v: DatabaseValue) -> SQLValue {
        switch v.storage {
        case .null: .null
        case .int64(let i): .int(i)
        case .double(let d): .real(d)
        case .string(let s): .text(s)
        case .blob(let d): .blob(d)
        }
    }
}
