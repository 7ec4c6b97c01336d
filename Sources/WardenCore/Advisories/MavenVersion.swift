/// A Maven artifact version, ordered by Maven's version order specification
/// (https://maven.apache.org/pom.html#version-order-specification) as OSV.dev implements it for the
/// `Maven` ecosystem (osv/ecosystems/maven.py in google/osv.dev), including the details it takes from
/// Maven's `ComparableVersion`: unknown qualifiers sort after known ones and alphabetically among
/// themselves, numbers sort after qualifiers, `release` is an alias of the release version.
///
/// The version is split into tokens at `.`, `-` and digit/non-digit transitions (a transition counts as
/// `-`), empty tokens become `0`, `cr` becomes `rc`, `ga`/`final`/`release` become the empty qualifier,
/// and `a`/`b`/`m` directly followed by a number become `alpha`/`beta`/`milestone`. Trailing "null"
/// tokens are trimmed from the end and before each remaining hyphen. Comparison pads the shorter token
/// list with nulls (`.0` or `-`), and orders tokens with different prefixes as
/// `.qualifier < -qualifier < -number < .number`; qualifiers as
/// `alpha < beta < milestone < rc < snapshot < "" < sp < (others, alphabetically)`.
///
/// Any non-empty text is a Maven version; only empty, over-long or whitespace/control-character text is
/// rejected.
///
/// Like the specification (and Maven before 3.9), this order is not transitive for a few mixes of `.`
/// and `-` qualifiers: `1-alpha-1 < 1 < 1.foo`, yet `1.foo < 1-alpha-1` (`.qualifier < -qualifier`).
/// Real advisory bounds do not mix them so; where they do, sorting such versions is arbitrary.
public struct MavenVersion: Sendable, Comparable, CustomStringConvertible {
    enum Prefix: Sendable, Equatable {
        case none, dot, hyphen

        var text: String {
            switch self {
            case .none: return ""
            case .dot: return "."
            case .hyphen: return "-"
            }
        }
    }

    struct Token: Sendable, Equatable {
        let prefix: Prefix
        let value: String
        /// A padding token made up during comparison; numbers beat qualifiers unless they are padding.
        var isPadding = false

        var isNumber: Bool { !value.isEmpty && value.utf8.allSatisfy(\.isASCIIDigitByte) }

        static func == (a: Token, b: Token) -> Bool { a.prefix == b.prefix && a.value == b.value }

        private static let keywordOrder = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"]

        static func < (a: Token, b: Token) -> Bool {
            guard a.prefix == b.prefix else { return a.prefixRank < b.prefixRank }
            if a.isNumber && b.isNumber {
                // Both are digit strings without leading zeros (parsing stripped them).
                return a.value.utf8.count != b.value.utf8.count
                    ? a.value.utf8.count < b.value.utf8.count
                    : a.value.utf8.lexicographicallyPrecedes(b.value.utf8)
            }
            if a.isNumber && !a.isPadding { return false }
            if b.isNumber && !b.isPadding { return true }
            let unknown = keywordOrder.count
            let ra = keywordOrder.firstIndex(of: a.value) ?? unknown
            let rb = keywordOrder.firstIndex(of: b.value) ?? unknown
            if ra == unknown && rb == unknown { return a.value.unicodeScalars.lexicographicallyPrecedes(b.value.unicodeScalars) }
            return ra < rb
        }

        /// `.qualifier < -qualifier < -number < .number`.
        private var prefixRank: Int {
            switch (isNumber, prefix) {
            case (false, .dot), (false, .none): return 0
            case (false, .hyphen): return 1
            case (true, .hyphen): return 2
            case (true, .dot), (true, .none): return 3
            }
        }
    }

    let tokens: [Token]

    /// Parses `text` as a Maven version.
    /// - Throws: ``AdvisoryError/invalidVersion(_:scheme:reason:)`` for empty, over-long (> 256
    ///   characters) or whitespace/control-character text.
    public init(_ text: String) throws {
        func fail(_ reason: String) -> AdvisoryError { .invalidVersion(text, scheme: VersionScheme.maven.rawValue, reason: reason) }
        guard !text.isEmpty else { throw fail("it is empty") }
        guard text.count <= 256 else { throw fail("it is longer than 256 characters") }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
            throw fail("it contains whitespace or control characters")
        }

        var tokens: [Token] = []
        var prefix = Prefix.none
        var piece = ""
        func flush() {
            Self.appendTokens(of: piece, prefix: prefix, to: &tokens)
            piece = ""
        }
        for c in text {
            if c == "." || c == "-" {
                flush()
                prefix = c == "." ? .dot : .hyphen
            } else {
                piece.append(c)
            }
        }
        flush()
        self.tokens = Self.trimmingNulls(tokens)
    }

    /// Splits one `.`/`-`-delimited piece at digit/non-digit transitions and normalizes each part.
    private static func appendTokens(of piece: String, prefix: Prefix, to tokens: inout [Token]) {
        var parts: [String] = []
        var current = ""
        var currentIsDigits: Bool?
        for c in piece {
            let isDigit = c.isASCII && c.isNumber
            if let wasDigits = currentIsDigits, wasDigits != isDigit {
                parts.append(current)
                current = ""
            }
            current.append(c)
            currentIsDigits = isDigit
        }
        parts.append(current)

        for (index, part) in parts.enumerated() {
            var value = part.lowercased()
            let followedByNumber = index < parts.count - 1
            if value.isEmpty { value = "0" }
            switch value {
            case "cr": value = "rc"
            case "ga", "final", "release": value = ""
            case "a" where followedByNumber: value = "alpha"
            case "b" where followedByNumber: value = "beta"
            case "m" where followedByNumber: value = "milestone"
            default: break
            }
            if let number = VersionNumber(value) { value = number.digits }
            tokens.append(Token(prefix: index == 0 ? prefix : .hyphen, value: value))
        }
    }

    /// Drops trailing null tokens (`0`, `""`) from the end, then again before each remaining hyphen.
    private static func trimmingNulls(_ input: [Token]) -> [Token] {
        var tokens = input
        var i = tokens.count - 1
        while i > 0 {
            if tokens[i].value == "0" || tokens[i].value.isEmpty {
                tokens.remove(at: i)
                i -= 1
                continue
            }
            while i >= 0 && tokens[i].prefix != .hyphen { i -= 1 }
            i -= 1
        }
        return tokens
    }

    /// The normalized tokens with their prefixes, e.g. `1-1.foo-bar-1-baz-0.1` for `1-1.foo-bar1baz-.1`.
    public var description: String { tokens.map { $0.prefix.text + $0.value }.joined() }

    public static func < (a: MavenVersion, b: MavenVersion) -> Bool {
        for i in 0..<max(a.tokens.count, b.tokens.count) {
            let left = i < a.tokens.count ? a.tokens[i] : padding(matching: b.tokens[i])
            let right = i < b.tokens.count ? b.tokens[i] : padding(matching: a.tokens[i])
            if left == right { continue }
            return left < right
        }
        return false
    }

    /// Versions are equal when neither sorts before the other (`1`, `1.0`, `1-ga` and `1.final` are one).
    public static func == (a: MavenVersion, b: MavenVersion) -> Bool { !(a < b) && !(b < a) }

    /// The null a shorter version is padded with: `0` opposite a `.` token, `""` opposite a `-` token.
    private static func padding(matching other: Token) -> Token {
        other.prefix == .hyphen ? Token(prefix: .hyphen, value: "", isPadding: true) : Token(prefix: .dot, value: "0", isPadding: true)
    }
}
