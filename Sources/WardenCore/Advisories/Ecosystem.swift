/// A package ecosystem Warden can match advisories for, spelled as OSV spells it.
public enum Ecosystem: String, Sendable, Codable, CaseIterable {
    case pypi = "PyPI"
    case npm
    case go = "Go"
    case swift = "SwiftURL"
    case maven = "Maven"
    case crates = "crates.io"

    /// The ecosystem named `text`, compared case-insensitively (`pypi`, `PYPI` and `PyPI` all work).
    ///
    /// OSV allows a `:suffix` on some ecosystems (`Maven:https://maven.google.com`); the suffix names a
    /// repository, not another ecosystem, so it is ignored here.
    /// - Returns: `nil` for an ecosystem Warden does not match (Debian, RubyGems, ...).
    public init?(osvName text: String) {
        let base = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? text
        guard let found = Ecosystem.allCases.first(where: { $0.rawValue.lowercased() == base.lowercased() }) else {
            return nil
        }
        self = found
    }

    /// Decodes an OSV ecosystem string case-insensitively.
    /// - Throws: `DecodingError.dataCorrupted` naming the accepted spellings.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let found = Ecosystem(osvName: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription:
                "'\(AdvisoryError.clip(text))' is not a supported ecosystem (one of \(Ecosystem.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self = found
    }

    /// The version ordering this ecosystem's `ECOSYSTEM` ranges use.
    public var versionScheme: VersionScheme {
        switch self {
        case .pypi: return .pep440
        case .maven: return .maven
        case .npm, .go, .swift, .crates: return .semver
        }
    }

    /// `name` in the form OSV compares it in for this ecosystem.
    ///
    /// - PyPI: PEP 503 normalization (lowercase; runs of `-`, `_`, `.` become one `-`).
    /// - SwiftURL: OSV names a Swift package by its URL without scheme or `.git`
    ///   (`github.com/apple/swift-nio`), so `https://github.com/apple/swift-nio.git` is reduced to that.
    /// - npm, Go, Maven (`groupId:artifactId`), crates.io: compared exactly as given.
    public func normalizedName(_ name: String) -> String {
        switch self {
        case .pypi: return Ecosystem.pep503(name)
        case .swift: return Ecosystem.swiftURLName(name)
        case .npm, .go, .maven, .crates: return name
        }
    }

    /// PEP 503: `re.sub(r"[-_.]+", "-", name).lower()`.
    static func pep503(_ name: String) -> String {
        var out = ""
        var inSeparatorRun = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                if !inSeparatorRun { out.append("-") }
                inSeparatorRun = true
            } else {
                inSeparatorRun = false
                out.append(c)
            }
        }
        return out
    }

    static func swiftURLName(_ name: String) -> String {
        var s = Substring(name.trimmingWhitespace())
        for scheme in ["https://", "http://", "ssh://", "git://"] where s.lowercased().hasPrefix(scheme) {
            s = s.dropFirst(scheme.count)
            break
        }
        if s.hasPrefix("git@"), let colon = s.firstIndex(of: ":") {
            s = s[s.index(s.startIndex, offsetBy: 4)..<colon] + "/" + s[s.index(after: colon)...]
        }
        while s.hasSuffix("/") { s = s.dropLast() }
        if s.lowercased().hasSuffix(".git") { s = s.dropLast(4) }
        return String(s)
    }
}

/// How versions of a package are ordered.
public enum VersionScheme: String, Sendable, Codable, CaseIterable {
    /// Python's PEP 440 (``PEP440Version``).
    case pep440 = "PEP 440"
    /// SemVer 2.0 precedence (``SemanticVersionOrder``).
    case semver = "SemVer 2.0"
    /// Maven's ComparableVersion order (``MavenVersion``).
    case maven = "Maven"
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
