import Foundation

/// An ECMA-262 regular expression compiled once (on ICU via `NSRegularExpression`), matched with a
/// wall-clock budget so a catastrophic pattern cannot hang validation.
final class PatternRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to use from several threads.
    enum Outcome { case match, noMatch, tooCostly }

    let source: String
    private let regex: NSRegularExpression
    private let budgetSeconds: Double
    /// Set when the pattern is in the subset matched in linear time without ICU.
    private let linear: LinearRegex?

    /// - Throws: a message when the pattern is not a valid regular expression.
    init(_ source: String, budget: Duration) throws(PatternError) {
        self.source = source
        let c = budget.components
        budgetSeconds = Double(c.seconds) + Double(c.attoseconds) / 1e18
        do {
            regex = try NSRegularExpression(pattern: PatternRegex.translate(source), options: [])
        } catch {
            throw PatternError(message: "invalid regular expression \(source)")
        }
        linear = LinearRegex(source)
    }

    /// Whether `string` contains a match (JSON Schema patterns are not implicitly anchored).
    func matches(_ string: String) -> Outcome {
        if let linear, let matched = linear.matches(string) { return matched ? .match : .noMatch }
        let ns = string as NSString
        let range = NSRange(location: 0, length: ns.length)
        let start = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(budgetSeconds * 1e9)
        var found = false
        var timedOut = false
        regex.enumerateMatches(in: string, options: [.reportProgress], range: range) { result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if DispatchTime.now().uptimeNanoseconds - start > limit {
                timedOut = true
                stop.pointee = true
            }
        }
        if found { return .match }
        return timedOut ? .tooCostly : .noMatch
    }

    /// Rewrites the ECMA-262 constructs whose meaning differs in ICU. ICU also needs lookbehind to
    /// have a bounded length, so unbounded quantifiers inside one are capped.
    static func translate(_ pattern: String) -> String {
        var out = ""
        var inClass = false
        var groups: [Bool] = []  // true for a lookbehind group
        var lookbehinds = 0
        var chars = pattern.makeIterator()
        while let ch = chars.next() {
            if ch == "\\" {
                guard let e = chars.next() else {
                    out.append("\\")
                    break
                }
                switch e {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "D": out += inClass ? "\\D" : "[^0-9]"
                case "w": out += inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]"
                case "W": out += inClass ? "\\W" : "[^a-zA-Z0-9_]"
                case "s": out += inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"
                case "S": out += inClass ? "\\S" : "[^\\s\\x{FEFF}]"
                case "c":
                    if let letter = chars.next() {
                        if let v = letter.asciiValue, letter.isLetter {
                            out += String(format: "\\x{%02X}", Int(v & 0x1F))
                        } else {
                            out += "\\\\c"
                            out.append(letter)
                        }
                    } else {
                        out += "\\\\c"
                    }
                default:
                    out.append("\\")
                    out.append(e)
                }
                continue
            }
            if inClass {
                if ch == "]" { inClass = false }
                if ch == "[" { out += "\\[" ; continue }
                out.append(ch)
                continue
            }
            switch ch {
            case "[":
                inClass = true
                out.append(ch)
                var peek = chars
                if peek.next() == "^" {
                    out.append("^")
                    chars = peek
                }
                var peek2 = chars
                if peek2.next() == "]" {
                    // ECMA `[]` matches nothing and `[^]` everything; `]` is not a literal there.
                    out += "\\x{0}&&[^\\x{0}]]"
                    inClass = false
                    chars = peek2
                }
            case "$": out += "(?!(?s:.))"
            case "(":
                out.append(ch)
                var peek = chars
                let isLookbehind = peek.next() == "?" && peek.next() == "<" && { let c = peek.next(); return c == "=" || c == "!" }()
                groups.append(isLookbehind)
                if isLookbehind { lookbehinds += 1 }
            case ")":
                out.append(ch)
                if let last = groups.popLast(), last { lookbehinds -= 1 }
            case "*" where lookbehinds > 0: out += "{0,255}"
            case "+" where lookbehinds > 0: out += "{1,255}"
            default: out.append(ch)
            }
        }
        return out
    }
}

struct PatternError: Error { var message: String }
