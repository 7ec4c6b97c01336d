import Foundation
import JSONSchema

/// One vulnerability record in the OSV format (https://ossf.github.io/osv-schema/), as published by
/// GitHub (GHSA), PyPA (PYSEC), the Go vulnerability database (GO), RustSec and OSV.dev.
///
/// Decoding keeps what matching and reporting need and ignores the rest (`references`, `credits`, ...).
/// Dates are kept as the RFC 3339 strings the record holds.
public struct OSVAdvisory: Sendable, Equatable {
    /// The OSV schema version the record declares (`1.4.0`), if any.
    public var schemaVersion: String?
    /// The record's identifier (`GHSA-xvch-5gv4-984h`, `PYSEC-2023-74`, `GO-2023-2102`).
    public var id: String
    /// When the record last changed (RFC 3339).
    public var modified: String
    /// When the record was first published (RFC 3339).
    public var published: String?
    /// When the record was withdrawn; a withdrawn advisory never matches.
    public var withdrawn: String?
    /// Other identifiers of the same vulnerability (`CVE-2021-44906`, other databases' ids).
    public var aliases: [String]
    /// Identifiers of related but different vulnerabilities.
    public var related: [String]
    /// A one-line summary.
    public var summary: String?
    /// The full description (often Markdown).
    public var details: String?
    /// The record's `severity` array as written.
    public var severityScores: [SeverityScore]
    /// The packages and versions the vulnerability is in.
    public var affected: [Affected]
    /// The record's `database_specific` object (GitHub puts `severity` and `cwe_ids` here).
    public var databaseSpecific: JSONValue?

    /// A record from its fields (decoding uses ``init(data:)`` or ``init(json:)``).
    public init(id: String, modified: String, published: String? = nil, withdrawn: String? = nil, aliases: [String] = [],
                related: [String] = [], summary: String? = nil, details: String? = nil, severityScores: [SeverityScore] = [],
                affected: [Affected] = [], databaseSpecific: JSONValue? = nil, schemaVersion: String? = nil) {
        self.schemaVersion = schemaVersion
        self.id = id
        self.modified = modified
        self.published = published
        self.withdrawn = withdrawn
        self.aliases = aliases
        self.related = related
        self.summary = summary
        self.details = details
        self.severityScores = severityScores
        self.affected = affected
        self.databaseSpecific = databaseSpecific
    }

    /// True when the record carries a `withdrawn` time.
    public var isWithdrawn: Bool { withdrawn != nil }

    /// The advisory's severity level.
    ///
    /// Taken from `database_specific.severity` when it holds a known label (GitHub's `CRITICAL`, `HIGH`,
    /// `MODERATE`, `LOW`); otherwise from the highest-scoring CVSS v3 vector in `severity` (CVSS v2 when
    /// there is no v3); otherwise from the most severe per-package `affected[].severity`; otherwise
    /// `unknown` (for example when only a CVSS v4 vector is given).
    public var severity: AdvisorySeverity {
        if let level = Self.labelledSeverity(databaseSpecific) { return level }
        if let level = Self.scoredSeverity(severityScores) { return level }
        return affected.compactMap { Self.scoredSeverity($0.severityScores) }.max() ?? .unknown
    }

    /// The severity that applies to one of this advisory's `affected` entries: the entry's own
    /// `database_specific.severity` or `severity` scores when it has them, else ``severity``.
    public func severity(of entry: Affected) -> AdvisorySeverity {
        Self.labelledSeverity(entry.databaseSpecific) ?? Self.scoredSeverity(entry.severityScores) ?? severity
    }

    static func labelledSeverity(_ databaseSpecific: JSONValue?) -> AdvisorySeverity? {
        databaseSpecific?["severity"]?.stringValue.flatMap(AdvisorySeverity.init(label:))
    }

    static func scoredSeverity(_ scores: [SeverityScore]) -> AdvisorySeverity? {
        for type in ["CVSS_V3", "CVSS_V2"] {
            let best = scores.filter { $0.type == type }.compactMap(\.baseScore).max()
            if let best { return AdvisorySeverity(score: best) }
        }
        return nil
    }
}

extension OSVAdvisory {
    /// One `severity` entry: a scoring method and its score.
    public struct SeverityScore: Sendable, Equatable {
        /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, ...
        public var type: String
        /// The vector (or label) as written.
        public var score: String

        /// A score from its fields.
        public init(type: String, score: String) {
            self.type = type
            self.score = score
        }

        /// The CVSS base score of a `CVSS_V2` or `CVSS_V3` entry, computed from its vector (a bare number
        /// such as `"7.5"` is also taken); `nil` when it cannot be scored.
        public var baseScore: Double? {
            guard type == "CVSS_V3" || type == "CVSS_V2" else { return nil }
            if let vector = try? CVSSVector(score) { return vector.baseScore }
            if let number = Double(score.trimmingWhitespace()), (0...10).contains(number) { return number }
            return nil
        }
    }

    /// One `affected` entry: a package and the versions of it the vulnerability is in.
    public struct Affected: Sendable, Equatable {
        /// `nil` for entries that name only Git commits (no package ecosystem).
        public var package: Package?
        /// Per-package severity, used instead of the record's when present.
        public var severityScores: [SeverityScore]
        /// Ranges of affected versions.
        public var ranges: [Range]
        /// Exact affected versions, in the ecosystem's syntax.
        public var versions: [String]
        /// Ecosystem-defined details (the Go database lists affected symbols here).
        public var ecosystemSpecific: JSONValue?
        /// Database-defined details (may carry a per-package `severity` label).
        public var databaseSpecific: JSONValue?

        /// An entry from its fields.
        public init(package: Package?, ranges: [Range] = [], versions: [String] = [], severityScores: [SeverityScore] = [],
                    ecosystemSpecific: JSONValue? = nil, databaseSpecific: JSONValue? = nil) {
            self.package = package
            self.severityScores = severityScores
            self.ranges = ranges
            self.versions = versions
            self.ecosystemSpecific = ecosystemSpecific
            self.databaseSpecific = databaseSpecific
        }
    }

    /// The package an `affected` entry is about.
    public struct Package: Sendable, Equatable {
        /// The ecosystem as written (`PyPI`, `npm`, `Maven:https://maven.google.com`, `Debian:12`, ...).
        public var ecosystem: String
        /// The package's name in its ecosystem (Maven as `groupId:artifactId`, Go as a module path).
        public var name: String
        /// The package URL without a version, if the record gives one.
        public var purl: String?

        /// A package from its fields.
        public init(ecosystem: String, name: String, purl: String? = nil) {
            self.ecosystem = ecosystem
            self.name = name
            self.purl = purl
        }

        /// The ecosystem when Warden matches it, else `nil`.
        public var knownEcosystem: Ecosystem? { Ecosystem(osvName: ecosystem) }
    }

    /// How a range's event versions are ordered.
    public enum RangeType: String, Sendable, Equatable, CaseIterable {
        /// SemVer 2.0 precedence, whatever the ecosystem.
        case semver = "SEMVER"
        /// The ecosystem's own ordering (PEP 440 for PyPI, ComparableVersion for Maven, ...).
        case ecosystem = "ECOSYSTEM"
        /// Git commits; needs the repository's history, so Warden ignores these ranges.
        case git = "GIT"
    }

    /// One range of affected versions: a timeline of events.
    public struct Range: Sendable, Equatable {
        /// How the event versions are ordered.
        public var type: RangeType
        /// The repository of a `GIT` range.
        public var repo: String?
        /// The timeline, as written (evaluation sorts it).
        public var events: [Event]
        /// Database-defined details; they do not affect evaluation.
        public var databaseSpecific: JSONValue?

        /// A range from its fields.
        public init(type: RangeType, events: [Event], repo: String? = nil, databaseSpecific: JSONValue? = nil) {
            self.type = type
            self.repo = repo
            self.events = events
            self.databaseSpecific = databaseSpecific
        }
    }

    /// One event of a range's timeline.
    public enum Event: Sendable, Equatable {
        /// The vulnerability is present from this version on (`"0"`: from the very first version).
        case introduced(String)
        /// This version no longer has it (exclusive upper bound).
        case fixed(String)
        /// The last version known to have it (inclusive upper bound).
        case lastAffected(String)
        /// Only versions below this are considered at all (`"*"`: no limit).
        case limit(String)

        /// The event's version string.
        public var version: String {
            switch self {
            case .introduced(let v), .fixed(let v), .lastAffected(let v), .limit(let v): return v
            }
        }
    }
}
