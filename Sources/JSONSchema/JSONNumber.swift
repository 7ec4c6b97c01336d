import Foundation

/// A JSON number that keeps its exact value.
///
/// Integers that fit in 64 bits are stored exactly; other numbers as `Double`.
/// Equality is numeric: `1` equals `1.0`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case integer(Int64)
        case double(Double)
    }

    let storage: Storage

    public init(_ value: Int) { storage = .integer(Int64(value)) }
    public init(_ value: Int64) { storage = .integer(value) }
    public init(_ value: Double) {
        if value.rounded() == value, let i = Int64(exactly: value) {
            storage = .integer(i)
        } else {
            storage = .double(value)
        }
    }

    /// The value as a `Double` (possibly rounded for very large integers).
    public var doubleValue: Double {
        switch storage {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        }
    }

    /// The value as an `Int64` when it is a whole number that fits; otherwise `nil`.
    public var int64Value: Int64? {
        switch storage {
        case .integer(let i): return i
        case .double(let d): return d.rounded() == d ? Int64(exactly: d) : nil
        }
    }

    /// The value as an `Int` when it is a whole number that fits; otherwise `nil`.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// Whether the value is mathematically an integer (`1.0` is).
    public var isInteger: Bool {
        switch storage {
        case .integer: return true
        case .double(let d): return d.isFinite && d.rounded() == d
        }
    }

    /// The number's text in canonical JSON.
    public var canonicalText: String {
        switch storage {
        case .integer(let i): return String(i)
        case .double(let d):
            if d.isFinite && d.rounded() == d && abs(d) < 1e21 {
                return String(format: "%.0f", d)
            }
            return "\(d)"
        }
    }

    public var description: String { canonicalText }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.integer(let a), .integer(let b)): return a == b
        default: return lhs.doubleValue == rhs.doubleValue
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}
