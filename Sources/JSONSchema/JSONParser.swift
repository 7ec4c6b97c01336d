import Foundation

/// Why a JSON text could not be parsed.
public struct JSONParseError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Byte offset in the input where the problem was found.
    public var offset: Int
    /// A readable explanation.
    public var message: String

    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

extension JSONValue {
    /// The default limit on array/object nesting for ``init(parsing:maxDepth:)``.
    public static let defaultMaxDepth = 512

    /// Parses JSON text (RFC 8259) exactly: numbers keep their exact value, strings must be valid UTF-8.
    ///
    /// Duplicate object keys are accepted and the last one wins.
    /// - Parameter maxDepth: the deepest array/object nesting accepted; deeper input is rejected
    ///   rather than risking the stack.
    /// - Throws: ``JSONParseError`` with the byte offset of the problem.
    public init(parsing data: Data, maxDepth: Int = JSONValue.defaultMaxDepth) throws {
        self = try data.withUnsafeBytes { raw in
            var parser = JSONParser(bytes: raw.bindMemory(to: UInt8.self), maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text given as bytes; see ``init(parsing:maxDepth:)``.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws {
        let array = Array(bytes)
        self = try array.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }

    /// Parses JSON text given as a string; see ``init(parsing:maxDepth:)``.
    public static func parse(_ string: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws -> JSONValue {
        var s = string
        return try s.withUTF8 { buffer in
            var parser = JSONParser(bytes: buffer, maxDepth: maxDepth)
            return try parser.parseDocument()
        }
    }
}

/// A recursive-descent JSON parser over UTF-8 bytes.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var pos = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if pos < bytes.count { throw fail("unexpected data after the JSON value") }
        return value
    }

    func fail(_ message: String) -> JSONParseError { JSONParseError(offset: pos, message: message) }

    @inline(__always) mutating func skipWhitespace() {
        while pos < bytes.count {
            switch bytes[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws -> JSONValue {
        guard pos < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw fail("unexpected character '\(Unicode.Scalar(bytes[pos]))'")
        }
    }

    mutating func expectWord(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        guard pos + n <= bytes.count else { throw fail("invalid literal") }
        let w = word.utf8Start
        for i in 0..<n where bytes[pos + i] != w[i] { throw fail("invalid literal") }
        pos += n
    }

    mutating func enter() throws {
        depth += 1
        if depth > maxDepth { throw fail("nesting deeper than \(maxDepth) levels") }
    }

    mutating func parseObject() throws -> JSONValue {
        try enter()
        pos += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: ":") else { throw fail("expected ':'") }
            pos += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unterminated object") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw fail("expected ',' or '}'")
        }
        depth -= 1
        return .object(members)
    }

    mutating func parseArray() throws -> JSONValue {
        try enter()
        pos += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if pos < bytes.count, bytes[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard pos < bytes.count else { throw fail("unterminated array") }
            if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if bytes[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw fail("expected ',' or ']'")
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseString() throws -> String {
        pos += 1
        let start = pos
        var simple = true
        while pos < bytes.count {
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { break }
            if b == UInt8(ascii: "\\") { simple = false; break }
            if b < 0x20 { throw fail("control character in string") }
            if b >= 0x80 { simple = false }
            pos += 1
        }
        guard pos < bytes.count else { throw fail("unterminated string") }
        if simple {
            let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<pos]), as: UTF8.self)
            pos += 1
            return s
        }
        pos = start
        var out: [UInt8] = []
        out.reserveCapacity(32)
        while true {
            guard pos < bytes.count else { throw fail("unterminated string") }
            let b = bytes[pos]
            if b == UInt8(ascii: "\"") { pos += 1; break }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                pos += 1
                continue
            }
            pos += 1
            guard pos < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[pos]
            pos += 1
            switch e {
            case UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "\\"): out.append(e)
            case UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    if pos + 1 < bytes.count, bytes[pos] == UInt8(ascii: "\\"), bytes[pos + 1] == UInt8(ascii: "u") {
                        pos += 2
                        let low = try parseHex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw fail("lone surrogate in string")
                    }
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("lone surrogate in string")
                }
                guard let u = Unicode.Scalar(scalar) else { throw fail("invalid escape") }
                out.append(contentsOf: String(Character(u)).utf8)
            default:
                pos -= 1
                throw fail("invalid escape")
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else {
            pos = start
            throw fail("string is not valid UTF-8")
        }
        return s
    }

    mutating func parseHex4() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw fail("invalid \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[pos]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v * 16 + d
            pos += 1
        }
        return v
    }

    mutating func parseNumber() throws -> JSONNumber {
        let start = pos
        let end = JSONParser.scanNumber(bytes, from: pos)
        guard end > start else { throw fail("invalid number") }
        pos = end
        let slice = ArraySlice(UnsafeBufferPointer(rebasing: bytes[start..<end]))
        return JSONNumber.fromLiteral(slice)
    }

    /// The end of the longest valid JSON number starting at `from`, or `from` when there is none.
    static func scanNumber(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var p = from
        let n = bytes.count
        func isDigit(_ i: Int) -> Bool { i < n && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9") }
        if p < n, bytes[p] == UInt8(ascii: "-") { p += 1 }
        guard isDigit(p) else { return from }
        if bytes[p] == UInt8(ascii: "0") {
            p += 1
            if isDigit(p) { return from }
        } else {
            while isDigit(p) { p += 1 }
        }
        if p < n, bytes[p] == UInt8(ascii: ".") {
            p += 1
            guard isDigit(p) else { return from }
            while isDigit(p) { p += 1 }
        }
        if p < n, bytes[p] == UInt8(ascii: "e") || bytes[p] == UInt8(ascii: "E") {
            p += 1
            if p < n, bytes[p] == UInt8(ascii: "+") || bytes[p] == UInt8(ascii: "-") { p += 1 }
            guard isDigit(p) else { return from }
            while isDigit(p) { p += 1 }
        }
        return p
    }

    static func isNumberLiteral(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in !b.isEmpty && scanNumber(b, from: 0) == b.count }
    }
}
