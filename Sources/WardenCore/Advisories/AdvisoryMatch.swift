/// One advisory that applies to one dependency.
public struct AdvisoryMatch: Sendable, Equatable {
    /// The advisory's `id`.
    public var advisoryID: String
    /// The advisory's `aliases` (CVE ids and the like).
    public var aliases: [String]
    /// The advisory's `summary`.
    public var summary: String?
    /// The most severe level among the advisory's `affected` entries that matched.
    public var severity: AdvisorySeverity
    /// The dependency the advisory applies to.
    public var dependency: PackageDependency
    /// The versions that end the affected range the dependency is in (upgrading to one of them leaves
    /// that range), in the advisory's order; empty when the advisory names no fix (for example a
    /// `last_affected` bound or an exact `versions` list only).
    public var fixedVersions: [String]

    /// A match from its fields.
    public init(advisoryID: String, aliases: [String], summary: String?, severity: AdvisorySeverity,
                dependency: PackageDependency, fixedVersions: [String]) {
        self.advisoryID = advisoryID
        self.aliases = aliases
        self.summary = summary
        self.severity = severity
        self.dependency = dependency
        self.fixedVersions = fixedVersions
    }
}

/// Something that kept an advisory from being checked fully against a dependency: the dependency's
/// version or a range's event version did not parse, so only what could be checked was.
public struct AdvisoryMatchProblem: Sendable, Equatable, CustomStringConvertible {
    /// The advisory that could not be checked fully.
    public var advisoryID: String
    /// The dependency it was checked against.
    public var dependency: PackageDependency
    /// What went wrong, for a person.
    public var message: String

    /// A problem from its fields.
    public init(advisoryID: String, dependency: PackageDependency, message: String) {
        self.advisoryID = advisoryID
        self.dependency = dependency
        self.message = message
    }

    public var description: String { "\(advisoryID) vs \(dependency): \(message)" }
}

/// The outcome of matching dependencies against advisories.
public struct AdvisoryMatchReport: Sendable, Equatable {
    /// One entry per (dependency, advisory) pair that applies, in dependency order, then advisory order.
    public var matches: [AdvisoryMatch]
    /// Checks that could not be completed; a dependency with a problem may still be affected.
    public var problems: [AdvisoryMatchProblem]

    /// A report from its parts.
    public init(matches: [AdvisoryMatch], problems: [AdvisoryMatchProblem]) {
        self.matches = matches
        self.problems = problems
    }
}
