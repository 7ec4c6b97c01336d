import Foundation
import WardenCore

/// A value bound to a statement or read from a result, the same for both engines.
enum SQLValue: Sendable, Equatable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift value that binds to a statement parameter.
protocol SQLArgument {
    var sqlValue: SQLValue { get }
}

extension String: SQLArgument { var sqlValue: SQLValue { .text(self) } }
extension Int64: SQLArgument { var sqlValue: SQLValue { .int(self) } }
extension Int: SQLArgument { var sqlValue: SQLValue { .int(Int64(self)) } }
// Booleans are stored as 0 and 1 in both engines, as SQLite always did.
extension Bool: SQLArgument { var sqlValue: SQLValue { .int(self ? 1 : 0) } }
extension Data: SQLArgument { var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLArgument where Wrapped: SQLArgument {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// A Swift value read from a result column.
protocol SQLColumnValue {
    /// - Throws: `internal` when the stored value has another type (a damaged or foreign database).
    init(sqlValue: SQLValue, column: String) throws
}

extension SQLValue {
    func mismatch(_ column: String, _ expected: String) -> WardenError {
        WardenError(.internal, "the database column \(column) holds \(kind) where \(expected) was expected")
    }

    var kind: String {
        switch self {
        case .null: "NULL"
        case .int: "an integer"
        case .real: "a real number"
        case .text: "text"
        case .blob: "a blob"
        }
    }
}

extension String: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        guard case .text(let s) = sqlValue else { throw sqlValue.mismatch(column, "text") }
        self = s
    }
}

extension Int64: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        guard case .int(let i) = sqlValue else { throw sqlValue.mismatch(column, "an integer") }
        self = i
    }
}

extension Int: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        guard case .int(let i) = sqlValue, let v = Int(exactly: i) else { throw sqlValue.mismatch(column, "an integer") }
        self = v
    }
}

extension Bool: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        guard case .int(let i) = sqlValue else { throw sqlValue.mismatch(column, "0 or 1") }
        self = i != 0
    }
}

extension Data: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        switch sqlValue {
        case .blob(let d): self = d
        case .text(let s): self = Data(s.utf8)
        default: throw sqlValue.mismatch(column, "a blob")
        }
    }
}

extension Optional: SQLColumnValue where Wrapped: SQLColumnValue {
    init(sqlValue: SQLValue, column: String) throws {
        if case .null = sqlValue { self = nil } else { self = try Wrapped(sqlValue: sqlValue, column: column) }
    }
}

/// One result row: values by position, and by column name through the result's shared index.
struct SQLRow {
    let columns: [String: Int]
    let values: [SQLValue]

    /// The value of column `name`.
    /// - Throws: `internal` when the result has no such column or its value has another type.
    subscript<T: SQLColumnValue>(_ name: String) -> T {
        get throws {
            guard let i = columns[name] else { throw WardenError(.internal, "the query has no column \(name)") }
            return try T(sqlValue: values[i], column: name)
        }
    }

    /// The value at position `index`.
    subscript<T: SQLColumnValue>(_ index: Int) -> T {
        get throws {
            guard values.indices.contains(index) else { throw WardenError(.internal, "the query has no column \(index)") }
            return try T(sqlValue: values[index], column: "#\(index)")
        }
    }
}
