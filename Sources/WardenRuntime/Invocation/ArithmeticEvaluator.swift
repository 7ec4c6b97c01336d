import Foundation

/// A recursive-descent evaluator for arithmetic: `+ - * / %`, `^` (power, right-associative and binding
/// tighter than unary minus, so `-2^2` is `-4`), unary `-` and `+`, parentheses, and decimal numbers
/// with an optional exponent (`1.5`, `.5`, `2e3`). Nothing else: no names, no functions, no code.
///
/// Bounded: at most ``maxLength`` characters and ``maxDepth`` levels of nesting (parentheses, unary signs
/// and powers all count), and every intermediate result must be a finite real number.
struct ArithmeticEvaluator {
    static let maxLength = 1000
    static let maxDepth = 64

    /// Why an expression has no value, in words for the caller.
    struct Failure: Error, Equatable {
        var message: String
    }

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ expression: String) { bytes = Array(expression.utf8) }

    /// The value of `expression`.
    /// - Throws: ``Failure`` saying what is wrong and, for syntax, where (1-based character position).
    static func evaluate(_ expression: String) throws(Failure) -> Double {
        guard expression.unicodeScalars.count <= maxLength else {
            throw Failure(message: "the expression is longer than \(maxLength) characters")
        }
        var parser = ArithmeticEvaluator(expression)
        parser.skipSpace()
        guard parser.position < parser.bytes.count else { throw Failure(message: "the expression is empty") }
        let value = try parser.sum()
        guard parser.position == parser.bytes.count else { throw parser.unexpected() }
        return value
    }

    private mutating func sum() throws(Failure) -> Double {
        var value = try product()
        while let op = peek(), op == UInt8(ascii: "+") || op == UInt8(ascii: "-") {
            advance()
            let rhs = try product()
            value = try finite(op == UInt8(ascii: "+") ? value + rhs : value - rhs, op == UInt8(ascii: "+") ? "+" : "-")
        }
        return value
    }

    private mutating func product() throws(Failure) -> Double {
        var value = try unary()
        while let op = peek(), op == UInt8(ascii: "*") || op == UInt8(ascii: "/") || op == UInt8(ascii: "%") {
            advance()
            let rhs = try unary()
            switch op {
            case UInt8(ascii: "*"):
                value = try finite(value * rhs, "*")
            case UInt8(ascii: "/"):
                guard rhs != 0 else { throw Failure(message: "division by zero") }
                value = try finite(value / rhs, "/")
            default:
                guard rhs != 0 else { throw Failure(message: "modulo by zero") }
                value = try finite(value.truncatingRemainder(dividingBy: rhs), "%")
            }
        }
        return value
    }

    private mutating func unary() throws(Failure) -> Double {
        guard let c = peek(), c == UInt8(ascii: "-") || c == UInt8(ascii: "+") else { return try power() }
        advance()
        try enter()
        defer { depth -= 1 }
        let operand = try unary()
        return c == UInt8(ascii: "-") ? -operand : operand
    }

    private mutating func power() throws(Failure) -> Double {
        let base = try primary()
        guard peek() == UInt8(ascii: "^") else { return base }
        advance()
        try enter()
        defer { depth -= 1 }
        // The exponent may carry a sign (`2^-1`); `unary` recurses back here, giving right associativity.
        let exponent = try unary()
        if base == 0 && exponent < 0 { throw Failure(message: "division by zero (0 raised to a negative power)") }
        let value = pow(base, exponent)
        if value.isNaN { throw Failure(message: "the result of ^ is not a real number (a negative base needs a whole exponent)") }
        return try finite(value, "^")
    }

    private mutating func primary() throws(Failure) -> Double {
        guard let c = peek() else { throw Failure(message: "the expression ends where a number or '(' was expected") }
        if c == UInt8(ascii: "(") {
            advance()
            try enter()
            defer { depth -= 1 }
            let value = try sum()
            guard peek() == UInt8(ascii: ")") else {
                throw position < bytes.count ? unexpected(expecting: "')'") : Failure(message: "a '(' is never closed")
            }
            advance()
            return value
        }
        guard isDigit(c) || c == UInt8(ascii: ".") else { throw unexpected(expecting: "a number or '('") }
        return try number()
    }

    private mutating func number() throws(Failure) -> Double {
        let start = position
        var digits = 0
        while position < bytes.count, isDigit(bytes[position]) { position += 1; digits += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            while position < bytes.count, isDigit(bytes[position]) { position += 1; digits += 1 }
        }
        guard digits > 0 else { throw Failure(message: "a lone '.' at position \(start + 1) is not a number") }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            var end = position + 1
            if end < bytes.count, bytes[end] == UInt8(ascii: "+") || bytes[end] == UInt8(ascii: "-") { end += 1 }
            let exponentStart = end
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            guard end > exponentStart else { throw Failure(message: "the exponent of the number at position \(start + 1) has no digits") }
            position = end
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text) else { throw Failure(message: "'\(text.prefix(40))' is not a number") }
        guard value.isFinite else { throw Failure(message: "the number at position \(start + 1) is too large") }
        skipSpace()
        return value
    }

    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw Failure(message: "the expression nests deeper than \(Self.maxDepth) levels")
        }
    }

    private func finite(_ value: Double, _ op: String) throws(Failure) -> Double {
        guard value.isFinite else { throw Failure(message: "the result of \(op) is too large (overflow)") }
        return value
    }

    private func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func advance() {
        position += 1
        skipSpace()
    }

    private mutating func skipSpace() {
        while position < bytes.count,
              bytes[position] == 0x20 || bytes[position] == 0x09 || bytes[position] == 0x0A || bytes[position] == 0x0D {
            position += 1
        }
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private func unexpected(expecting: String? = nil) -> Failure {
        // Position in characters, which for a valid expression (ASCII) equals the byte offset.
        let column = String(decoding: bytes[..<position], as: UTF8.self).count + 1
        let rest = String(decoding: bytes[position...], as: UTF8.self)
        let found = rest.first.map { "'\($0)'" } ?? "the end"
        return Failure(message: "unexpected \(found) at position \(column)" + (expecting.map { "; expected \($0)" } ?? ""))
    }
}
