/// Finds telephone numbers: E.164 (`+` and 8 to 15 digits, grouped or not) and national formats whose
/// digit groups are separated by spaces, dashes, dots, slashes or parentheses (`(555) 123-4567`,
/// `06 12 34 56 78`, `030/1234567`, `555.123.4567`, `+44 (0)20 7946 0958`).
///
/// Not phone numbers: fewer than 8 or more than 15 digits; a plain run of digits without `+` (order
/// numbers, amounts, Unix timestamps); dates (`2024-01-15`, `15.01.2024`, `01/15/2024`, `1999-2024`) and
/// the ISO 8601 timestamps built on them; times (`10:30`); version numbers and IPv4 addresses
/// (`10.0.19041.1`, `192.168.100.200`); decimals (`3.14159265`, `12.345.678,90`); digits glued to letters.
enum PhoneScanner {
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into out: inout [PIIFinding]) {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            let opens = ASCII.isDigit(c) || ((c == ASCII.plus || c == ASCII.openParen) && i + 1 < n && ASCII.isDigit(b[i + 1]))
            guard opens, startBoundary(b, i) else {
                i += 1
                continue
            }
            if ASCII.isDigit(c), let date = DateShape.length(b, at: i) {
                i += date
                continue
            }
            let run = PhoneRun(b, from: i, limit: n)
            if let end = span(of: run, in: b, from: i) { out.append(PIIFinding(kind: .phone, utf8Range: i..<end)) }
            i = max(run.end, i + 1)
        }
    }

    /// The end of the phone number `run` is, or `nil` when it is not one.
    private static func span(of run: PhoneRun, in b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let n = b.count
        let e = run.end
        if e < n {
            let c = b[e]
            if ASCII.isAlphanumeric(c) || c == ASCII.at || c == ASCII.underscore { return nil }
            if e + 1 < n && ASCII.isDigit(b[e + 1]) {
                if c == ASCII.comma { return nil }
                // "... 4567 10:30": the last group is the hour of a time, not part of the number.
                if c == ASCII.colon {
                    guard run.groups > 1 else { return nil }
                    let trimmed = PhoneRun(b, from: start, limit: run.previousGroupEnd)
                    return trimmed.isPhone ? trimmed.end : nil
                }
            }
        }
        return run.isPhone ? e : nil
    }

    /// Whether a number may start at `i`: not inside a word, a number, a version or a time.
    private static func startBoundary(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let p = b[i - 1]
        if ASCII.isAlphanumeric(p) { return false }
        switch p {
        case ASCII.at, UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), ASCII.underscore, ASCII.plus:
            return false
        case ASCII.comma, ASCII.colon:
            // "10:30 ...", "1,234": a time or a number goes on; "Tel:+49 ..." starts one.
            return i < 2 || !ASCII.isDigit(b[i - 2])
        case ASCII.dot, ASCII.minus, ASCII.slash:
            return i < 2 || !ASCII.isAlphanumeric(b[i - 2])
        default:
            return true
        }
    }
}

/// One maximal run of digit groups and separators, with what the phone rules need to know about it.
struct PhoneRun {
    /// Just after the last complete group.
    var end: Int
    /// Just after the group before the last one (where the run ends without its last group).
    var previousGroupEnd: Int
    var digits = 0
    var groups = 0
    var hasPlus = false
    var hasParentheses = false
    var separators: UInt8 = 0
    var shortestGroup = Int.max
    var lastGroup = 0
    /// Every group has at most 3 digits and a value of at most 255 (the shape of an IPv4 address).
    var allOctets = true

    static let space: UInt8 = 1, dash: UInt8 = 2, dot: UInt8 = 4, slash: UInt8 = 8

    init(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) {
        var j = start
        if b[j] == ASCII.plus {
            hasPlus = true
            j += 1
        }
        end = j
        previousGroupEnd = j
        while j < limit {
            var k = j
            let parenthesized = b[k] == ASCII.openParen
            if parenthesized { k += 1 }
            let digitsStart = k
            var value = 0
            while k < limit && ASCII.isDigit(b[k]) {
                value = min(value * 10 + Int(b[k] &- 0x30), 1000)
                k += 1
            }
            let length = k - digitsStart
            if length == 0 { break }
            if parenthesized {
                guard k < limit && b[k] == ASCII.closeParen else { break }
                k += 1
                hasParentheses = true
            }
            // A date after some digits ends the run: "555 1234 2024-01-15" is not one number.
            if groups > 0 && !parenthesized && DateShape.length(b, at: digitsStart) != nil { break }
            groups += 1
            digits += length
            previousGroupEnd = end
            end = k
            lastGroup = length
            shortestGroup = min(shortestGroup, length)
            if length > 3 || value > 255 { allOctets = false }
            guard k < limit else { break }
            let s = b[k]
            if parenthesized && ASCII.isDigit(s) {
                j = k
                continue
            }
            guard k + 1 < limit else { break }
            let next = b[k + 1]
            let bit: UInt8
            switch s {
            case ASCII.space: bit = Self.space
            case ASCII.minus: bit = Self.dash
            case ASCII.dot: bit = Self.dot
            case ASCII.slash: bit = Self.slash
            default: bit = 0
            }
            guard bit != 0, ASCII.isDigit(next) || (next == ASCII.openParen && s == ASCII.space) else { break }
            separators |= bit
            j = k + 1
        }
    }

    var isPhone: Bool {
        guard (8...15).contains(digits), lastGroup >= 2 else { return false }
        if hasPlus { return true }
        // A plain run of digits is more often an identifier, an amount or a timestamp than a phone number.
        guard separators != 0 || hasParentheses else { return false }
        if separators == Self.dot && !hasParentheses {
            return groups >= 3 && shortestGroup >= 2 && !(groups == 4 && allOctets)
        }
        return true
    }
}

/// Recognizes calendar dates at a position, so that the phone scanner leaves them alone.
enum DateShape {
    /// The length of a date starting at `i` (`YYYY-MM-DD`, `DD.MM.YYYY`, `MM/DD/YYYY`, a year range
    /// `YYYY-YYYY`; one separator among `-./` used throughout), or `nil`.
    static func length(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let n = b.count
        let first = number(b, at: i)
        let afterFirst = i + first.length
        guard afterFirst + 1 < n else { return nil }
        let s = b[afterFirst]
        guard s == ASCII.minus || s == ASCII.dot || s == ASCII.slash else { return nil }
        let second = number(b, at: afterFirst + 1)
        let afterSecond = afterFirst + 1 + second.length
        if first.length == 4 && second.length == 4 && s == ASCII.minus && isYear(first.value) && isYear(second.value) {
            return endsHere(b, afterSecond) ? afterSecond - i : nil
        }
        guard second.length >= 1 && second.length <= 2, afterSecond + 1 < n, b[afterSecond] == s else { return nil }
        let third = number(b, at: afterSecond + 1)
        let end = afterSecond + 1 + third.length
        guard endsHere(b, end) else { return nil }
        if first.length == 4 && isYear(first.value) && (1...2).contains(third.length) {
            return (1...12).contains(second.value) && (1...31).contains(third.value) ? end - i : nil
        }
        if (1...2).contains(first.length) && third.length == 4 && isYear(third.value) {
            let a = first.value, m = second.value
            let plausible = (1...31).contains(a) && (1...31).contains(m) && (a <= 12 || m <= 12) && a > 0 && m > 0
            return plausible ? end - i : nil
        }
        return nil
    }

    private static func endsHere(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool { e >= b.count || !ASCII.isDigit(b[e]) }

    private static func isYear(_ v: Int) -> Bool { (1900...2099).contains(v) }

    /// Up to 5 digits at `i`: how many, and their value.
    private static func number(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, value: Int) {
        var k = i, value = 0
        while k < b.count && k - i < 5 && ASCII.isDigit(b[k]) {
            value = value * 10 + Int(b[k] &- 0x30)
            k += 1
        }
        return (k - i, value)
    }
}
