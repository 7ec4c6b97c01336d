/// A Python package version under PEP 440, ordered as `pip` and `packaging.version.Version` order it.
///
/// Accepts every spelling PEP 440 normalizes: a leading `v`, case-insensitivity, surrounding
/// whitespace, `alpha`/`beta`/`c`/`pre`/`preview` for `a`/`b`/`rc`, `-`, `_` or `.` separators (or none)
/// before pre, post and dev segments, implicit numbers (`1.0a` = `1.0a0`), `rev`/`r` and `-N` post
/// releases, and local labels with any separator. ``description`` is the normalized form.
///
/// Comparison follows PEP 440: epoch, then release (trailing zeros ignored: `1.0 == 1.0.0`), then
/// dev-only releases before pre-releases before the final release, post releases after it, dev releases
/// before their non-dev counterpart, and local labels after the public version (numeric parts above
/// alphanumeric ones).
public struct PEP440Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// A pre-release phase; `a < b < rc`.
    public enum PreReleasePhase: String, Sendable, Comparable, CaseIterable {
        case alpha = "a"
        case beta = "b"
        case releaseCandidate = "rc"

        private var rank: Int {
            switch self {
            case .alpha: return 0
            case .beta: return 1
            case .releaseCandidate: return 2
            }
        }

        public static func < (a: PreReleasePhase, b: PreReleasePhase) -> Bool { a.rank < b.rank }
    }

    /// One dot-separated part of a local label; numbers sort above words.
    enum LocalPart: Sendable, Hashable, Comparable, CustomStringConvertible {
        case word(String)
        case number(VersionNumber)

        var description: String {
            switch self {
            case .word(let w): return w
            case .number(let n): return n.description
            }
        }

        static func < (a: LocalPart, b: LocalPart) -> Bool {
            switch (a, b) {
            case (.word(let x), .word(let y)): return x < y
            case (.number(let x), .number(let y)): return x < y
            case (.word, .number): return true
            case (.number, .word): return false
            }
        }
    }

    let epoch: VersionNumber
    let release: [VersionNumber]
    let pre: (phase: PreReleasePhase, number: VersionNumber)?
    let post: VersionNumber?
    let dev: VersionNumber?
    let local: [LocalPart]?

    /// Parses `text` as a PEP 440 version.
    /// - Throws: ``AdvisoryError/invalidVersion(_:scheme:reason:)`` saying what was wrong and where.
    public init(_ text: String) throws {
        func fail(_ reason: String) -> AdvisoryError { .invalidVersion(text, scheme: VersionScheme.pep440.rawValue, reason: reason) }
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw fail("it is empty") }
        guard trimmed.utf8.count <= 256 else { throw fail("it is longer than 256 characters") }
        guard trimmed.utf8.allSatisfy({ $0 < 0x80 }) else { throw fail("it contains non-ASCII characters") }
        var s = VersionScanner(Array(trimmed.lowercased().utf8))

        s.skip("v")
        guard let first = s.number() else {
            throw fail("expected a release number such as 1.0 at \(s.positionDescription)")
        }
        var epoch = VersionNumber.zero
        var leading = first
        if s.skip("!") {
            epoch = first
            guard let afterEpoch = s.number() else { throw fail("expected a release number after the epoch '\(first)!'") }
            leading = afterEpoch
        }
        var release = [leading]
        while s.peek == UInt8(ascii: "."), s.peek(1)?.isASCIIDigitByte == true {
            s.advance()
            if let n = s.number() { release.append(n) }
        }

        var pre: (PreReleasePhase, VersionNumber)?
        let beforePre = s.position
        s.skipSeparator()
        if let label = s.match(["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"]) {
            let phase: PreReleasePhase
            switch label {
            case "alpha", "a": phase = .alpha
            case "beta", "b": phase = .beta
            default: phase = .releaseCandidate
            }
            s.skipSeparator()
            pre = (phase, s.number() ?? .zero)
        } else {
            s.position = beforePre
        }

        var post: VersionNumber?
        let beforePost = s.position
        if s.peek == UInt8(ascii: "-"), s.peek(1)?.isASCIIDigitByte == true {
            s.advance()
            post = s.number()
        } else {
            s.skipSeparator()
            if s.match(["post", "rev", "r"]) != nil {
                s.skipSeparator()
                post = s.number() ?? .zero
            } else {
                s.position = beforePost
            }
        }

        var dev: VersionNumber?
        let beforeDev = s.position
        s.skipSeparator()
        if s.match(["dev"]) != nil {
            s.skipSeparator()
            dev = s.number() ?? .zero
        } else {
            s.position = beforeDev
        }

        var local: [LocalPart]?
        if s.skip("+") {
            var parts: [LocalPart] = []
            repeat {
                let word = s.take(while: { $0.isASCIIDigitByte || $0.isASCIILowerLetterByte })
                guard !word.isEmpty else {
                    throw fail("a local label needs letters or digits between its separators (at \(s.positionDescription))")
                }
                let w = String(decoding: word, as: UTF8.self)
                parts.append(VersionNumber(w).map(LocalPart.number) ?? .word(w))
            } while s.skipSeparator()
            local = parts
        }

        guard s.isAtEnd else {
            throw fail("unexpected '\(s.rest)' at \(s.positionDescription)")
        }
        self.epoch = epoch
        self.release = release
        self.pre = pre
        self.post = post
        self.dev = dev
        self.local = local
    }

    /// The normalized spelling, e.g. `1!2.0rc1.post2.dev3+ubuntu.1` for `1!2.0-C1-r2-DEV3+Ubuntu-1`.
    public var description: String {
        var s = epoch.isZero ? "" : "\(epoch)!"
        s += release.map(\.description).joined(separator: ".")
        if let pre { s += pre.phase.rawValue + pre.number.description }
        if let post { s += ".post\(post)" }
        if let dev { s += ".dev\(dev)" }
        if let local { s += "+" + local.map(\.description).joined(separator: ".") }
        return s
    }

    /// True for pre-releases and dev releases (which `pip` skips unless asked).
    public var isPrerelease: Bool { pre != nil || dev != nil }

    /// True when the version has a post-release segment.
    public var isPostRelease: Bool { post != nil }

    /// The local label (`ubuntu.1` in `1.0+ubuntu.1`), normalized, or `nil`.
    public var localLabel: String? { local.map { $0.map(\.description).joined(separator: ".") } }

    // MARK: Ordering

    /// The release with trailing zeros dropped: `1.0.0` and `1` are the same release.
    private var significantRelease: ArraySlice<VersionNumber> {
        var end = release.endIndex
        while end > release.startIndex, release[end - 1].isZero { end -= 1 }
        return release[release.startIndex..<end]
    }

    private var preKey: Extended<PreReleaseKey> {
        // A dev release of a final version (1.0.dev1) sorts before its pre-releases (1.0a1).
        if pre == nil, post == nil, dev != nil { return .below }
        guard let pre else { return .above }
        return .value(PreReleaseKey(phase: pre.phase, number: pre.number))
    }

    private var postKey: Extended<VersionNumber> { post.map(Extended.value) ?? .below }
    private var devKey: Extended<VersionNumber> { dev.map(Extended.value) ?? .above }
    private var localKey: Extended<LexicographicParts> { local.map { .value(LexicographicParts(parts: $0)) } ?? .below }

    public static func == (a: PEP440Version, b: PEP440Version) -> Bool {
        a.epoch == b.epoch && a.significantRelease.elementsEqual(b.significantRelease) && a.preKey == b.preKey
            && a.postKey == b.postKey && a.devKey == b.devKey && a.localKey == b.localKey
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(epoch)
        hasher.combine(Array(significantRelease))
        hasher.combine(preKey)
        hasher.combine(postKey)
        hasher.combine(devKey)
        hasher.combine(localKey)
    }

    public static func < (a: PEP440Version, b: PEP440Version) -> Bool {
        if a.epoch != b.epoch { return a.epoch < b.epoch }
        let ra = a.significantRelease, rb = b.significantRelease
        if !ra.elementsEqual(rb) { return ra.lexicographicallyPrecedes(rb) }
        if a.preKey != b.preKey { return a.preKey < b.preKey }
        if a.postKey != b.postKey { return a.postKey < b.postKey }
        if a.devKey != b.devKey { return a.devKey < b.devKey }
        return a.localKey < b.localKey
    }

    struct PreReleaseKey: Sendable, Hashable, Comparable {
        let phase: PreReleasePhase
        let number: VersionNumber
        static func < (a: PreReleaseKey, b: PreReleaseKey) -> Bool {
            a.phase != b.phase ? a.phase < b.phase : a.number < b.number
        }
    }

    struct LexicographicParts: Sendable, Hashable, Comparable {
        let parts: [LocalPart]
        static func < (a: LexicographicParts, b: LexicographicParts) -> Bool {
            a.parts.lexicographicallyPrecedes(b.parts)
        }
    }
}

/// A value extended with a bottom and a top, for PEP 440's "absent sorts first/last" rules.
enum Extended<T: Comparable & Hashable & Sendable>: Comparable, Hashable, Sendable {
    case below
    case value(T)
    case above
}

/// A cursor over ASCII version bytes.
struct VersionScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }
    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    func peek(_ offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }
    var rest: String { String(decoding: bytes[min(position, bytes.count)...], as: UTF8.self) }
    var positionDescription: String { isAtEnd ? "the end" : "character \(position + 1)" }

    mutating func advance() { position += 1 }

    @discardableResult
    mutating func skip(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue, peek == ascii else { return false }
        position += 1
        return true
    }

    /// Skips one of PEP 440's separators `-`, `_`, `.`.
    @discardableResult
    mutating func skipSeparator() -> Bool {
        guard let c = peek, c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".") else { return false }
        position += 1
        return true
    }

    mutating func number() -> VersionNumber? {
        let digits = take(while: \.isASCIIDigitByte)
        return digits.isEmpty ? nil : VersionNumber(String(decoding: digits, as: UTF8.self))
    }

    mutating func take(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }

    /// Consumes the first of `words` found here (list longer words before their prefixes).
    mutating func match(_ words: [String]) -> String? {
        for word in words {
            let w = Array(word.utf8)
            if position + w.count <= bytes.count, bytes[position..<(position + w.count)].elementsEqual(w) {
                position += w.count
                return word
            }
        }
        return nil
    }
}
