import Foundation

/// An ECMA-262 regular-expression matcher for the constructs JSON Schema patterns mostly use —
/// literals, classes, `.`, groups, alternation, quantifiers and `^`/`$` — compiled to an NFA and
/// run as a Pike VM: time linear in the input, no backtracking, and no heap allocation per match
/// for ordinary sizes. Patterns with anything else (backreferences, lookaround, `\b`, `\p{…}`)
/// are left to ICU.
struct LinearRegex: Sendable {
    struct CharClass: Sendable {
        var ranges: [ClosedRange<UInt32>] = []
        var whitespace = false
        var notWhitespace = false
        var notDigit = false
        var notWord = false
        var negated = false
        /// Membership of the 128 ASCII code points, precomputed by `finished()`.
        var asciiLow: UInt64 = 0
        var asciiHigh: UInt64 = 0

        func finished() -> CharClass {
            var c = self
            c.asciiLow = 0
            c.asciiHigh = 0
            for v in UInt32(0)..<128 where slowContains(v) {
                if v < 64 { c.asciiLow |= 1 << UInt64(v) } else { c.asciiHigh |= 1 << UInt64(v - 64) }
            }
            return c
        }

        @inline(__always) func contains(_ c: UInt32) -> Bool {
            if c < 64 { return asciiLow & (1 << UInt64(c)) != 0 }
            if c < 128 { return asciiHigh & (1 << UInt64(c - 64)) != 0 }
            return slowContains(c)
        }

        static func single(_ c: UInt32) -> CharClass { CharClass(ranges: [c...c]) }
        static let digit = CharClass(ranges: [0x30...0x39])
        static let word = CharClass(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
        /// `.`: anything but a line terminator.
        static let dot = CharClass(ranges: [0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029], negated: true)

        func slowContains(_ c: UInt32) -> Bool {
            var hit = false
            for r in ranges where r.contains(c) {
                hit = true
                break
            }
            if !hit {
                if whitespace && LinearRegex.isWhitespace(c) { hit = true }
                else if notWhitespace && !LinearRegex.isWhitespace(c) { hit = true }
                else if notDigit && !(0x30...0x39).contains(c) { hit = true }
                else if notWord && !CharClass.word.ranges.contains(where: { $0.contains(c) }) { hit = true }
            }
            return hit != negated
        }
    }

    enum Instruction: Sendable {
        case char(Int)
        case split(Int, Int)
        case jump(Int)
        case assertStart
        case assertEnd
        case match
    }

    indirect enum Node {
        case empty
        case set(CharClass)
        case concat([Node])
        case alternation([Node])
        case repetition(Node, Int, Int)
        case start
        case end
    }

    let program: [Instruction]
    let classes: [CharClass]
    static let maxInstructions = 20_000
    /// Above this many steps (input length × program size) a match is left to ICU with its time budget.
    static let maxWork = 50_000_000

    static func isWhitespace(_ c: UInt32) -> Bool {
        switch c {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return true
        default: return false
        }
    }

    /// Compiles `pattern`, or returns `nil` when it uses constructs outside the supported set.
    init?(_ pattern: String) {
        var parser = Parser(chars: Array(pattern.unicodeScalars).map(\.value))
        guard let ast = parser.parseAlternation(depth: 0), parser.pos == parser.chars.count else { return nil }
        var builder = Builder()
        guard builder.emit(ast) else { return nil }
        builder.program.append(.match)
        guard builder.program.count <= Self.maxInstructions else { return nil }
        program = builder.program
        classes = builder.classes
    }

    private struct Builder {
        var program: [Instruction] = []
        var classes: [CharClass] = []

        mutating func emit(_ node: Node) -> Bool {
            guard program.count <= LinearRegex.maxInstructions else { return false }
            switch node {
            case .empty: return true
            case .set(let c):
                classes.append(c.finished())
                program.append(.char(classes.count - 1))
                return true
            case .start:
                program.append(.assertStart)
                return true
            case .end:
                program.append(.assertEnd)
                return true
            case .concat(let items):
                for item in items where !emit(item) { return false }
                return true
            case .alternation(let branches):
                var jumpsToEnd: [Int] = []
                for (i, branch) in branches.enumerated() {
                    if i < branches.count - 1 {
                        let split = program.count
                        program.append(.split(split + 1, -1))
                        guard emit(branch) else { return false }
                        jumpsToEnd.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(split + 1, program.count)
                    } else {
                        guard emit(branch) else { return false }
                    }
                }
                for j in jumpsToEnd { program[j] = .jump(program.count) }
                return true
            case .repetition(let inner, let min, let max):
                for _ in 0..<min where !emit(inner) { return false }
                if max == Int.max {
                    let loop = program.count
                    program.append(.split(loop + 1, -1))
                    guard emit(inner) else { return false }
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                } else if max > min {
                    var splits: [Int] = []
                    for _ in min..<max {
                        splits.append(program.count)
                        program.append(.split(program.count + 1, -1))
                        guard emit(inner) else { return false }
                    }
                    for s in splits { program[s] = .split(s + 1, program.count) }
                }
                return true
            }
        }
    }

    private struct Parser {
        let chars: [UInt32]
        var pos = 0

        init(chars: [UInt32]) { self.chars = chars }

        var peek: UInt32? { pos < chars.count ? chars[pos] : nil }

        mutating func parseAlternation(depth: Int) -> Node? {
            guard depth < 50 else { return nil }
            var branches: [Node] = []
            guard let first = parseConcat(depth: depth) else { return nil }
            branches.append(first)
            while peek == 0x7C {  // |
                pos += 1
                guard let next = parseConcat(depth: depth) else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseConcat(depth: Int) -> Node? {
            var items: [Node] = []
            while let c = peek, c != 0x7C, c != 0x29 {
                guard let atom = parseQuantified(depth: depth) else { return nil }
                items.append(atom)
            }
            return items.isEmpty ? .empty : (items.count == 1 ? items[0] : .concat(items))
        }

        mutating func parseQuantified(depth: Int) -> Node? {
            guard let atom = parseAtom(depth: depth) else { return nil }
            guard let c = peek else { return atom }
            var minCount: Int
            var maxCount: Int
            switch c {
            case 0x2A: minCount = 0; maxCount = Int.max; pos += 1  // *
            case 0x2B: minCount = 1; maxCount = Int.max; pos += 1  // +
            case 0x3F: minCount = 0; maxCount = 1; pos += 1  // ?
            case 0x7B:  // {
                guard let (lo, hi) = parseBraces() else { return nil }
                minCount = lo
                maxCount = hi
            default: return atom
            }
            if case .start = atom { return nil }
            if case .end = atom { return nil }
            if peek == 0x3F { pos += 1 }  // lazy: same set of matches
            if let c = peek, c == 0x2A || c == 0x2B || c == 0x3F || c == 0x7B { return nil }
            guard minCount <= 1000, maxCount == Int.max || maxCount <= 1000 else { return nil }
            return .repetition(atom, minCount, maxCount)
        }

        mutating func parseBraces() -> (Int, Int)? {
            var p = pos + 1
            func number() -> Int? {
                let start = p
                var v = 0
                while p < chars.count, (0x30...0x39).contains(chars[p]) {
                    v = v * 10 + Int(chars[p] - 0x30)
                    if v > 100_000 { return nil }
                    p += 1
                }
                return p > start ? v : nil
            }
            guard let lo = number() else { return nil }
            var hi = lo
            if p < chars.count, chars[p] == 0x2C {
                p += 1
                if p < chars.count, chars[p] == 0x7D { hi = Int.max } else {
                    guard let h = number(), h >= lo else { return nil }
                    hi = h
                }
            }
            guard p < chars.count, chars[p] == 0x7D else { return nil }
            pos = p + 1
            return (lo, hi)
        }

        mutating func parseAtom(depth: Int) -> Node? {
            guard let c = peek else { return nil }
            pos += 1
            switch c {
            case 0x28:  // (
                if peek == 0x3F {
                    guard pos + 1 < chars.count, chars[pos + 1] == 0x3A else { return nil }  // only (?:
                    pos += 2
                }
                guard let inner = parseAlternation(depth: depth + 1), peek == 0x29 else { return nil }
                pos += 1
                return inner
            case 0x5B: return parseClass().map(Node.set)
            case 0x2E: return .set(.dot)
            case 0x5E: return .start
            case 0x24: return .end
            case 0x5C:
                guard let e = parseEscape(inClass: false) else { return nil }
                return .set(e)
            case 0x29, 0x2A, 0x2B, 0x3F, 0x7B, 0x7C: return nil
            default: return .set(.single(c))
            }
        }

        mutating func parseHex(_ count: Int) -> UInt32? {
            guard pos + count <= chars.count else { return nil }
            var v: UInt32 = 0
            for i in 0..<count {
                let c = chars[pos + i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = c - 0x30
                case 0x41...0x46: d = c - 0x41 + 10
                case 0x61...0x66: d = c - 0x61 + 10
                default: return nil
                }
                v = v * 16 + d
            }
            pos += count
            return v
        }

        /// An escape after `\`, as a class.
        mutating func parseEscape(inClass: Bool) -> CharClass? {
            guard let e = peek else { return nil }
            pos += 1
            switch e {
            case 0x64: return .digit  // d
            case 0x44: return CharClass(notDigit: true)  // D
            case 0x77: return .word  // w
            case 0x57: return CharClass(notWord: true)  // W
            case 0x73: return CharClass(whitespace: true)  // s
            case 0x53: return CharClass(notWhitespace: true)  // S
            case 0x74: return .single(0x09)  // t
            case 0x6E: return .single(0x0A)  // n
            case 0x72: return .single(0x0D)  // r
            case 0x66: return .single(0x0C)  // f
            case 0x76: return .single(0x0B)  // v
            case 0x62: return inClass ? .single(0x08) : nil  // b: backspace in a class, word boundary outside
            case 0x30:  // \0 (not followed by a digit)
                if let n = peek, (0x30...0x39).contains(n) { return nil }
                return .single(0)
            case 0x78:  // xHH
                return parseHex(2).map(CharClass.single)
            case 0x75:  // uHHHH, possibly a surrogate pair
                guard let u = parseHex(4) else { return nil }
                if (0xD800...0xDBFF).contains(u), pos + 1 < chars.count, chars[pos] == 0x5C, chars[pos + 1] == 0x75 {
                    let save = pos
                    pos += 2
                    if let low = parseHex(4), (0xDC00...0xDFFF).contains(low) {
                        return .single(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00))
                    }
                    pos = save
                }
                if (0xD800...0xDFFF).contains(u) { return nil }
                return .single(u)
            case 0x63:  // cX
                guard let l = peek, (0x41...0x5A).contains(l) || (0x61...0x7A).contains(l) else { return nil }
                pos += 1
                return .single(l & 0x1F)
            default:
                // Escaped punctuation is literal; letters and digits we do not handle go to ICU.
                if e < 0x80, !((0x30...0x39).contains(e) || (0x41...0x5A).contains(e) || (0x61...0x7A).contains(e)) {
                    return .single(e)
                }
                return nil
            }
        }

        mutating func parseClass() -> CharClass? {
            var set = CharClass()
            if peek == 0x5E {
                set.negated = true
                pos += 1
            }
            if peek == 0x5D {
                pos += 1
                // `[]` matches nothing, `[^]` anything.
                return set
            }
            while true {
                guard let c = peek else { return nil }
                if c == 0x5D {
                    pos += 1
                    return set
                }
                pos += 1
                var low: UInt32
                if c == 0x5C {
                    guard let e = parseEscape(inClass: true) else { return nil }
                    if e.ranges.count == 1, e.ranges[0].count == 1, !e.whitespace, !e.notWhitespace, !e.notDigit, !e.notWord,
                        !e.negated
                    {
                        low = e.ranges[0].lowerBound
                    } else {
                        if peek == 0x2D, pos + 1 < chars.count, chars[pos + 1] != 0x5D { return nil }
                        set.ranges += e.ranges
                        set.whitespace = set.whitespace || e.whitespace
                        set.notWhitespace = set.notWhitespace || e.notWhitespace
                        set.notDigit = set.notDigit || e.notDigit
                        set.notWord = set.notWord || e.notWord
                        continue
                    }
                } else if c == 0x5B {
                    return nil
                } else {
                    low = c
                }
                if peek == 0x2D, pos + 1 < chars.count, chars[pos + 1] != 0x5D {
                    pos += 1
                    guard let h = peek else { return nil }
                    pos += 1
                    var high = h
                    if h == 0x5C {
                        guard let e = parseEscape(inClass: true), e.ranges.count == 1, e.ranges[0].count == 1,
                            !e.whitespace, !e.notWhitespace, !e.notDigit, !e.notWord
                        else { return nil }
                        high = e.ranges[0].lowerBound
                    } else if h == 0x5B {
                        return nil
                    }
                    guard low <= high else { return nil }
                    set.ranges.append(low...high)
                } else {
                    set.ranges.append(low...low)
                }
            }
        }
    }

    /// Whether `s` contains a match, or `nil` when the input is too large for this matcher.
    func matches(_ s: String) -> Bool? {
        let bytes = s.utf8.count
        let m = program.count
        guard bytes.multipliedReportingOverflow(by: m).partialValue <= Self.maxWork || bytes / 4 * m <= Self.maxWork else {
            return nil
        }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes + 1) { text in
            var n = 0
            for u in s.unicodeScalars {
                text[n] = u.value
                n += 1
            }
            guard n.multipliedReportingOverflow(by: m).partialValue <= Self.maxWork else { return nil }
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: 6 * m + 2) { buffer in
                run(UnsafeBufferPointer(rebasing: text[0..<n]), buffer)
            }
        }
    }

    private func run(_ text: UnsafeBufferPointer<UInt32>, _ buffer: UnsafeMutableBufferPointer<Int32>) -> Bool {
        program.withUnsafeBufferPointer { program in
            classes.withUnsafeBufferPointer { classes in
                run(text, buffer, program, classes)
            }
        }
    }

    private func run(
        _ text: UnsafeBufferPointer<UInt32>, _ buffer: UnsafeMutableBufferPointer<Int32>,
        _ program: UnsafeBufferPointer<Instruction>, _ classes: UnsafeBufferPointer<CharClass>
    ) -> Bool {
        let m = program.count
        let n = text.count
        // buffer: [current list | next list | marks | stack (2m+2)]
        let marks = m * 2
        let stackBase = m * 3
        for i in 0..<m { buffer[marks + i] = -1 }
        var currentBase = 0
        var nextBase = m
        var currentCount = 0
        var generation: Int32 = 0

        // Adds the thread at `pc` and everything reachable from it without input; true on a match.
        func add(_ pc: Int, _ position: Int, _ listBase: Int, _ count: inout Int, _ gen: Int32) -> Bool {
            var sp = 0
            buffer[stackBase] = Int32(pc)
            sp = 1
            while sp > 0 {
                sp -= 1
                let p = Int(buffer[stackBase + sp])
                if buffer[marks + p] == gen { continue }
                buffer[marks + p] = gen
                switch program[p] {
                case .char:
                    buffer[listBase + count] = Int32(p)
                    count += 1
                case .jump(let t):
                    buffer[stackBase + sp] = Int32(t)
                    sp += 1
                case .split(let a, let b):
                    buffer[stackBase + sp] = Int32(b)
                    buffer[stackBase + sp + 1] = Int32(a)
                    sp += 2
                case .assertStart:
                    if position == 0 {
                        buffer[stackBase + sp] = Int32(p + 1)
                        sp += 1
                    }
                case .assertEnd:
                    if position == n {
                        buffer[stackBase + sp] = Int32(p + 1)
                        sp += 1
                    }
                case .match:
                    return true
                }
            }
            return false
        }

        for i in 0...n {
            if add(0, i, currentBase, &currentCount, generation) { return true }
            if i == n { break }
            let c = text[i]
            generation += 1
            var nextCount = 0
            for k in 0..<currentCount {
                let pc = Int(buffer[currentBase + k])
                if case .char(let cls) = program[pc], classes[cls].contains(c) {
                    if add(pc + 1, i + 1, nextBase, &nextCount, generation) { return true }
                }
            }
            swap(&currentBase, &nextBase)
            currentCount = nextCount
        }
        return false
    }
}
