/// A SemVer 2.0 version ordered by precedence (semver.org section 11), as OSV's `SEMVER` ranges and the
/// npm, crates.io, Go and SwiftURL ecosystems order versions.
///
/// Unlike ``SemanticVersion``'s own `<`, build metadata is ignored entirely: `1.0.0+a == 1.0.0+b`.
/// A leading `v` (Go modules, Git tags such as `v2.1.0`) is accepted and dropped; Go's `+incompatible`
/// suffix is build metadata and so ignored too.
public struct SemanticVersionOrder: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The parsed version, build metadata included.
    public let version: SemanticVersion

    /// Parses `text` as SemVer 2.0, allowing one leading `v`.
    /// - Throws: ``AdvisoryError/invalidVersion(_:scheme:reason:)``.
    public init(_ text: String) throws {
        var core = Substring(text)
        if core.first == "v" || core.first == "V" { core = core.dropFirst() }
        guard let parsed = SemanticVersion(String(core)) else {
            throw AdvisoryError.invalidVersion(text, scheme: VersionScheme.semver.rawValue, reason: SemanticVersionOrder.explain(core))
        }
        version = parsed
    }

    public var description: String { version.description }

    public static func == (a: SemanticVersionOrder, b: SemanticVersionOrder) -> Bool {
        let x = a.version, y = b.version
        return x.major == y.major && x.minor == y.minor && x.patch == y.patch && x.prerelease == y.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(version.major)
        hasher.combine(version.minor)
        hasher.combine(version.patch)
        hasher.combine(version.prerelease)
    }

    public static func < (a: SemanticVersionOrder, b: SemanticVersionOrder) -> Bool {
        let x = a.version, y = b.version
        if x.major != y.major { return x.major < y.major }
        if x.minor != y.minor { return x.minor < y.minor }
        if x.patch != y.patch { return x.patch < y.patch }
        switch (x.prerelease.isEmpty, y.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (p, q) in zip(x.prerelease, y.prerelease) where p != q {
            // Numeric identifiers compare numerically and sort below alphanumeric ones.
            switch (VersionNumber(p), VersionNumber(q)) {
            case let (np?, nq?): return np < nq
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return p.utf8.lexicographicallyPrecedes(q.utf8)
            }
        }
        return x.prerelease.count < y.prerelease.count
    }

    /// A reason a person can act on, for text ``SemanticVersion`` rejected.
    private static func explain(_ text: Substring) -> String {
        if text.isEmpty { return "it is empty" }
        if text.utf8.count > 128 { return "it is longer than 128 characters" }
        let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let core = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count != 3 { return "expected MAJOR.MINOR.PATCH (three numbers, e.g. 1.4.2), found \(parts.count) part(s)" }
        for part in parts {
            if part.isEmpty || !part.utf8.allSatisfy(\.isASCIIDigitByte) { return "'\(part)' is not a number" }
            if part.count > 1, part.first == "0" { return "'\(part)' has a leading zero" }
            if UInt64(part) == nil { return "'\(part)' is too large" }
        }
        return "the pre-release or build part must be dot-separated [0-9A-Za-z-] identifiers, none empty and numeric ones without leading zeros"
    }
}
