import Foundation

/// A JSON number that keeps its exact value.
///
/// Integers that fit in 64 bits are stored exactly, numbers a `Double` holds faithfully as `Double`,
/// and anything else (big integers, long decimals) as an exact decimal, so comparisons and
/// `multipleOf` are exact. Equality is numeric: `1` equals `1.0`.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case integer(Int64)
        case double(Double)
        case decimal(ExactDecimal, Double)
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

    init(decimal: ExactDecimal) {
        if decimal.isInteger, decimal.digits.count + decimal.exponent <= 18 {
            var v: Int64 = 0
            for d in decimal.digits { v = v * 10 + Int64(d) }
            for _ in 0..<decimal.exponent { v *= 10 }
            storage = .integer(decimal.negative ? -v : v)
        } else {
            storage = .decimal(decimal, decimal.doubleValue)
        }
    }

    /// Parses a JSON number literal exactly.
    /// - Returns: `nil` when `text` is not a JSON number.
    public init?(jsonText text: String) {
        let bytes = Array(text.utf8)
        guard JSONParser.isNumberLiteral(bytes) else { return nil }
        self = JSONNumber.fromLiteral(bytes[...])
    }

    /// Builds the number from bytes already known to follow the JSON number grammar.
    static func fromLiteral(_ bytes: ArraySlice<UInt8>) -> JSONNumber {
        var significant = 0
        var plainInteger = true
        var seenNonZero = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if b != UInt8(ascii: "0") { seenNonZero = true }
                if seenNonZero { significant += 1 }
            case UInt8(ascii: "-"): break
            default: plainInteger = false
            }
        }
        if plainInteger && significant <= 18 {
            var v: Int64 = 0
            var negative = false
            for b in bytes {
                if b == UInt8(ascii: "-") { negative = true } else { v = v * 10 + Int64(b &- UInt8(ascii: "0")) }
            }
            return JSONNumber(negative ? -v : v)
        }
        // Up to 15 significant digits survive a trip through Double unchanged, so such numbers
        // compare exactly as Doubles.
        if significant <= 15, let d = Double(String(decoding: bytes, as: UTF8.self)), d.isFinite,
            d == 0 || abs(d) >= 1e-300
        {
            return JSONNumber(d)
        }
        return JSONNumber(decimal: ExactDecimal(jsonText: bytes))
    }

    /// The value as a `Double` (possibly rounded for very large integers or long decimals).
    public var doubleValue: Double {
        switch storage {
        case .integer(let i): return Double(i)
        case .double(let d): return d
        case .decimal(_, let d): return d
        }
    }

    /// The value as an `Int64` when it is a whole number that fits; otherwise `nil`.
    public var int64Value: Int64? {
        switch storage {
        case .integer(let i): return i
        case .double(let d): return d.rounded() == d ? Int64(exactly: d) : nil
        case .decimal: return nil
        }
    }

    /// The value as an `Int` when it is a whole number that fits; otherwise `nil`.
    public var intValue: Int? { int64Value.flatMap { Int(exactly: $0) } }

    /// Whether the value is mathematically an integer (`1.0` is).
    public var isInteger: Bool {
        switch storage {
        case .integer: return true
        case .double(let d): return d.isFinite && d.rounded() == d
        case .decimal(let x, _): return x.isInteger
        }
    }

    /// The exact decimal form of the value.
    var exactDecimal: ExactDecimal {
        switch storage {
        case .integer(let i): return ExactDecimal(i)
        case .double(let d): return ExactDecimal(d)
        case .decimal(let x, _): return x
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
        case .decimal(let x, _): return x.text
        }
    }

    public var description: String { canonicalText }

    /// Appends ``canonicalText`` as UTF-8 to `out` (integers without an intermediate string).
    public func writeCanonical(into out: inout [UInt8]) {
        guard case .integer(let i) = storage else {
            out.append(contentsOf: canonicalText.utf8)
            return
        }
        if i == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        if i < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = i.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            while magnitude > 0 {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[k]) }
        }
    }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`, compared exactly.
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        switch (a.storage, b.storage) {
        case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.double(let x), .double(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.integer(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .integer(let y)): return -compare(y, x)
        default: return ExactDecimal.compare(a.exactDecimal, b.exactDecimal)
        }
    }

    private static func compare(_ i: Int64, _ d: Double) -> Int {
        if d.isNaN { return 0 }
        if d >= 9_223_372_036_854_775_808.0 { return -1 }
        if d < -9_223_372_036_854_775_808.0 { return 1 }
        let f = d.rounded(.down)
        let fi = Int64(f)
        if i < fi { return -1 }
        if i > fi { return 1 }
        return d == f ? 0 : -1
    }

    /// Whether `self` is an integer multiple of `divisor`, exactly.
    func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .integer(let a) = storage, case .integer(let b) = divisor.storage, b != 0 {
            return b == -1 || a % b == 0
        }
        return exactDecimal.isMultiple(of: divisor.exactDecimal)
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        compare(lhs, rhs) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(doubleValue)
    }
}
