import Foundation

/// An exact decimal number `±digits × 10^exponent`, used for numbers a `Double` cannot hold
/// exactly and for exact `multipleOf`.
struct ExactDecimal: Sendable, Hashable {
    /// Sign of a non-zero value.
    var negative: Bool
    /// Decimal digit values (0–9), most significant first, with no leading or trailing zeros;
    /// empty for zero.
    var digits: [UInt8]
    /// Power of ten the digits are scaled by.
    var exponent: Int

    /// Exponents beyond this are clamped: such numbers are far outside anything comparable anyway,
    /// and clamping keeps the arithmetic below from overflowing.
    static let exponentLimit = 1_000_000_000

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var d = digits
        var e = exponent
        var lead = 0
        while lead < d.count, d[lead] == 0 { lead += 1 }
        if lead > 0 { d.removeFirst(lead) }
        while let last = d.last, last == 0 {
            d.removeLast()
            e += 1
        }
        self.negative = d.isEmpty ? false : negative
        self.digits = d
        self.exponent = d.isEmpty ? 0 : max(-Self.exponentLimit, min(Self.exponentLimit, e))
    }

    /// Parses text already known to follow the JSON number grammar.
    init(jsonText bytes: some Collection<UInt8>) {
        var negative = false
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count)
        var exponent = 0
        var fractionDigits = 0
        var inFraction = false
        var expValue = 0
        var expNegative = false
        var inExponent = false
        for b in bytes {
            switch b {
            case UInt8(ascii: "-"):
                if inExponent { expNegative = true } else { negative = true }
            case UInt8(ascii: "+"): break
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            default:
                let v = Int(b &- UInt8(ascii: "0"))
                if inExponent {
                    if expValue < Self.exponentLimit * 2 { expValue = expValue * 10 + v }
                } else {
                    digits.append(UInt8(v))
                    if inFraction { fractionDigits += 1 }
                }
            }
        }
        exponent = (expNegative ? -expValue : expValue) - fractionDigits
        self.init(negative: negative, digits: digits, exponent: exponent)
    }

    init(_ value: Int64) {
        let magnitude = value.magnitude
        self.init(negative: value < 0, digits: String(magnitude).utf8.map { $0 - UInt8(ascii: "0") }, exponent: 0)
    }

    /// The exact decimal of the shortest text that round-trips `value` (what a JSON literal of it said).
    init(_ value: Double) {
        if !value.isFinite {
            self.init(negative: value < 0, digits: [9], exponent: Self.exponentLimit)
            return
        }
        self.init(jsonText: Array("\(value)".utf8))
    }

    var isZero: Bool { digits.isEmpty }
    var isInteger: Bool { exponent >= 0 }

    /// Position of the most significant digit: value magnitude is in [10^(m-1), 10^m).
    private var magnitudeOrder: Int { digits.count + exponent }

    /// -1, 0 or 1 as `a` is less than, equal to or greater than `b`.
    static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.isZero && b.isZero { return 0 }
        if a.isZero { return b.negative ? 1 : -1 }
        if b.isZero { return a.negative ? -1 : 1 }
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        let mag = compareMagnitude(a, b)
        return a.negative ? -mag : mag
    }

    private static func compareMagnitude(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.magnitudeOrder != b.magnitudeOrder { return a.magnitudeOrder < b.magnitudeOrder ? -1 : 1 }
        let n = max(a.digits.count, b.digits.count)
        for i in 0..<n {
            let x = i < a.digits.count ? a.digits[i] : 0
            let y = i < b.digits.count ? b.digits[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// Whether `self` is an integer multiple of `divisor` (which must be non-zero), computed exactly
    /// whenever the divisor's digits fit in 64 bits.
    func isMultiple(of divisor: ExactDecimal) -> Bool {
        if divisor.isZero { return false }
        if isZero { return true }
        let e = min(exponent, divisor.exponent)
        // divisor scaled to an integer: B × 10^(eb - e)
        var d: UInt64 = 0
        var fits = true
        for digit in divisor.digits {
            let (m, o1) = d.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { fits = false; break }
            d = s
        }
        if fits {
            var shift = divisor.exponent - e
            while shift > 0, fits {
                let (m, o) = d.multipliedReportingOverflow(by: 10)
                if o { fits = false } else { d = m }
                shift -= 1
            }
        }
        guard fits else {
            if Self.compareMagnitude(self, divisor) < 0 { return false }
            let q = doubleValue / divisor.doubleValue
            return q.isFinite && q.rounded() == q
        }
        var r: UInt64 = 0
        for digit in digits {
            r = Self.mulMod(r, 10, d)
            r = (r + UInt64(digit)) % d
        }
        r = Self.mulMod(r, Self.powMod(10, UInt64(exponent - e), d), d)
        return r == 0
    }

    private static func mulMod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let full = (a % m).multipliedFullWidth(by: b % m)
        return m.dividingFullWidth(full).remainder
    }

    private static func powMod(_ base: UInt64, _ exp: UInt64, _ m: UInt64) -> UInt64 {
        if m == 1 { return 0 }
        var result: UInt64 = 1
        var b = base % m
        var e = exp
        while e > 0 {
            if e & 1 == 1 { result = mulMod(result, b, m) }
            b = mulMod(b, b, m)
            e >>= 1
        }
        return result
    }

    /// The nearest `Double` (infinite when out of range).
    var doubleValue: Double { Double(text) ?? (negative ? -.infinity : .infinity) }

    /// Exact text: plain digits for moderate exponents, scientific notation otherwise.
    var text: String {
        if isZero { return "0" }
        var s = negative ? "-" : ""
        let ds = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        if exponent >= 0 && exponent <= 21 {
            s += ds + String(repeating: "0", count: exponent)
        } else if exponent < 0 && -exponent < digits.count {
            let cut = digits.count + exponent
            s += ds.prefix(cut) + "." + ds.dropFirst(cut)
        } else if exponent < 0 && digits.count - exponent <= 24 {
            s += "0." + String(repeating: "0", count: -exponent - digits.count) + ds
        } else {
            let adjusted = exponent + digits.count - 1
            s += ds.prefix(1)
            if digits.count > 1 { s += "." + ds.dropFirst() }
            s += "e" + (adjusted >= 0 ? "+" : "") + String(adjusted)
        }
        return s
    }
}
