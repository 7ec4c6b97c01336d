import WardenCore

/// `text.redact`: replaces e-mail addresses with `[EMAIL]` and phone numbers with `[PHONE]`;
/// `{"text": "mail a@b.org"}` gives `{"text": "mail [EMAIL]", "redactions": 1}`.
///
/// Two linear scans over the UTF-8 bytes, no regular expressions:
/// - an e-mail address is `local@domain`, the local part of `A-Z a-z 0-9 . _ % + -`, the domain at least
///   two dot-separated labels of letters, digits and inner hyphens, ending in a top-level domain of two or
///   more letters (a sentence's final dot is not part of it). Internationalized addresses are not found.
/// - a phone number is a run of 7 to 15 digits (the E.164 maximum) in groups joined by spaces, `-`, `.`,
///   `/` or parentheses, standing alone (no letter or digit touching either end). It either starts with
///   `+` and a country code, or has separators, or is a bare run of at least 10 digits (a shorter bare
///   run is as likely an ordinary number). Calendar dates (`2024-01-15`, `15/01/2024`) and decimals
///   (`1234567.89`) are not taken for phone numbers.
public struct TextRedactTool: BuiltinTool {
    /// The tool's name, as in ``BuiltinTools``.
    public let name = "text.redact"
    /// The longest text accepted, in characters (Unicode scalars, as JSON Schema counts).
    public static let maxLength = 100_000

    /// The redactor; it holds no state.
    public init() {}

    /// - Throws: `invalid_input` when `text` is missing, not a string, or too long.
    public func call(_ arguments: JSONValue) async throws -> JSONValue {
        let args = try members(of: arguments, allowed: ["text"])
        guard let text = try string("text", in: args) else {
            throw WardenError.invalidInput("\(name): 'text' is required")
        }
        guard text.utf8.count <= Self.maxLength || text.unicodeScalars.count <= Self.maxLength else {
            throw WardenError.invalidInput("\(name): 'text' is longer than \(Self.maxLength) characters")
        }
        let (redacted, count) = Self.redact(text)
        return ["text": .string(redacted), "redactions": .number(JSONNumber(count))]
    }

    /// `text` with e-mail addresses and phone numbers replaced, and how many were replaced.
    public static func redact(_ text: String) -> (text: String, redactions: Int) {
        let (afterEmails, emails) = redactEmails(Array(text.utf8))
        let (afterPhones, phones) = redactPhones(afterEmails)
        guard emails + phones > 0 else { return (text, 0) }
        return (String(decoding: afterPhones, as: UTF8.self), emails + phones)
    }

    // MARK: E-mail addresses

    static let emailMarker = Array("[EMAIL]".utf8)
    static let phoneMarker = Array("[PHONE]".utf8)

    static func redactEmails(_ s: [UInt8]) -> ([UInt8], Int) {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var count = 0
        var i = 0
        // Bytes before `floor` were already emitted as part of a match and cannot start a local part.
        var floor = 0
        while i < s.count {
            guard s[i] == UInt8(ascii: "@") else {
                out.append(s[i])
                i += 1
                continue
            }
            var start = i
            while start > floor, isLocal(s[start - 1]) { start -= 1 }
            while start < i, s[start] == UInt8(ascii: ".") { start += 1 }
            if start < i, i - start <= 64, let end = domainEnd(s, from: i + 1) {
                out.removeLast(i - start)
                out.append(contentsOf: emailMarker)
                count += 1
                i = end
                floor = end
            } else {
                out.append(s[i])
                i += 1
                floor = i
            }
        }
        return (out, count)
    }

    /// Where a valid domain starting at `from` ends, or `nil` when there is none.
    static func domainEnd(_ s: [UInt8], from: Int) -> Int? {
        var end = from
        while end < s.count, isAlnum(s[end]) || s[end] == UInt8(ascii: ".") || s[end] == UInt8(ascii: "-") { end += 1 }
        // A sentence may end right after the address.
        while end > from, s[end - 1] == UInt8(ascii: ".") || s[end - 1] == UInt8(ascii: "-") { end -= 1 }
        guard end - from <= 253 else { return nil }
        var labels = 0
        var labelStart = from
        var lastLabelAlpha = true
        var k = from
        while k <= end {
            if k == end || s[k] == UInt8(ascii: ".") {
                let length = k - labelStart
                guard length >= 1, length <= 63, s[labelStart] != UInt8(ascii: "-"), s[k - 1] != UInt8(ascii: "-") else {
                    return nil
                }
                labels += 1
                lastLabelAlpha = length >= 2 && s[labelStart..<k].allSatisfy(isAlpha)
                labelStart = k + 1
            }
            k += 1
        }
        return labels >= 2 && lastLabelAlpha ? end : nil
    }

    // MARK: Phone numbers

    static let maxDigits = 15

    static func redactPhones(_ s: [UInt8]) -> ([UInt8], Int) {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var count = 0
        var i = 0
        while i < s.count {
            if canStartPhone(s, at: i), let end = phoneEnd(s, from: i) {
                out.append(contentsOf: phoneMarker)
                count += 1
                i = end
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return (out, count)
    }

    static func canStartPhone(_ s: [UInt8], at i: Int) -> Bool {
        let c = s[i]
        guard isDigit(c) || ((c == UInt8(ascii: "+") || c == UInt8(ascii: "(")) && i + 1 < s.count && isDigit(s[i + 1])) else {
            return false
        }
        guard i > 0 else { return true }
        let before = s[i - 1]
        return !isAlnum(before) && before != UInt8(ascii: "+") && before != UInt8(ascii: "_")
            && before != UInt8(ascii: ".") && before != UInt8(ascii: "-") && before != UInt8(ascii: "/")
    }

    /// Where a phone number starting at `from` ends, or `nil` when none starts there. Reads a bounded
    /// number of bytes (15 digits and their separators), so trying every start keeps the scan linear.
    static func phoneEnd(_ s: [UInt8], from: Int) -> Int? {
        let international = s[from] == UInt8(ascii: "+")
        var sawOpen = s[from] == UInt8(ascii: "(")
        var k = international || sawOpen ? from + 1 : from
        var digits = 0
        var shape = Shape()
        var end = from
        while k < s.count {
            let groupStart = k
            while k < s.count, isDigit(s[k]) { k += 1 }
            let length = k - groupStart
            guard length > 0 else { break }
            digits += length
            guard digits <= maxDigits else { return nil }
            shape.add(group: length)
            end = k
            // Up to three separator characters may join two groups, e.g. ") " or " (".
            var gap = k
            while gap < s.count, gap - k < 3, isPhoneSeparator(s[gap]) { gap += 1 }
            guard gap > k, gap < s.count, isDigit(s[gap]) else { break }
            for b in s[k..<gap] {
                if b == UInt8(ascii: "(") { sawOpen = true } else { shape.add(separator: b) }
            }
            k = gap
        }
        guard digits >= 7 else { return nil }
        // A closing parenthesis right after the last digit belongs to the number when it opened one.
        if sawOpen, end < s.count, s[end] == UInt8(ascii: ")") { end += 1 }
        if end < s.count, isAlnum(s[end]) || s[end] == UInt8(ascii: "_") || s[end] == UInt8(ascii: "@") { return nil }
        // A dot or comma followed by a digit continues a number, not a sentence.
        if end + 1 < s.count, s[end] == UInt8(ascii: ".") || s[end] == UInt8(ascii: ","), isDigit(s[end + 1]) { return nil }
        if international { return end }
        if shape.groups == 1 { return digits >= 10 ? end : nil }
        return shape.looksLikeDate || shape.looksLikeDecimal ? nil : end
    }

    /// The group lengths and separators of a digit run, enough to tell dates and decimals from phone numbers.
    struct Shape {
        var groups = 0
        var lengths: (Int, Int, Int) = (0, 0, 0)
        /// One bit per separator seen: space, `-`, `.`, `/`, `)`.
        var separators: UInt8 = 0

        mutating func add(group length: Int) {
            switch groups {
            case 0: lengths.0 = length
            case 1: lengths.1 = length
            case 2: lengths.2 = length
            default: break
            }
            groups += 1
        }

        mutating func add(separator b: UInt8) {
            switch b {
            case UInt8(ascii: " "): separators |= 1
            case UInt8(ascii: "-"): separators |= 2
            case UInt8(ascii: "."): separators |= 4
            case UInt8(ascii: "/"): separators |= 8
            default: separators |= 16
            }
        }

        /// `2024-01-15`, `15/01/2024`, `1.2.2024`: three groups joined by one kind of `-`, `.` or `/`.
        var looksLikeDate: Bool {
            guard groups == 3, separators == 2 || separators == 4 || separators == 8 else { return false }
            let (a, b, c) = lengths
            return (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && c == 4)
        }

        /// `1234567.89`: two groups joined by a dot.
        var looksLikeDecimal: Bool { groups == 2 && separators == 4 }
    }

    // MARK: Bytes

    static func isPhoneSeparator(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "/")
            || c == UInt8(ascii: "(") || c == UInt8(ascii: ")")
    }

    static func isLocal(_ c: UInt8) -> Bool {
        isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "%")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isAlpha(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isAlpha(c) }
}
