import Foundation

/// An imported advisory that affects a dependency of one tool version: a finding on that version, kept with the
/// tool's record and shown to reviewers and operators.
public struct AdvisoryFinding: Sendable, Codable, Equatable {
    public var toolName: String
    public var version: SemanticVersion
    public var advisoryID: String
    public var aliases: [String]
    public var summary: String?
    public var severity: AdvisorySeverity
    public var dependency: PackageDependency
    /// Versions that fix it, when the advisory names them.
    public var fixedVersions: [String]
    public var foundAt: Date

    public init(toolName: String, version: SemanticVersion, match: AdvisoryMatch, foundAt: Date) {
        self.toolName = toolName
        self.version = version
        advisoryID = match.advisoryID
        aliases = match.aliases
        summary = match.summary
        severity = match.severity
        dependency = match.dependency
        fixedVersions = match.fixedVersions
        self.foundAt = foundAt
    }
}

/// What an advisory import did.
public struct AdvisoryImportReport: Sendable, Codable, Equatable {
    /// Records new to this Warden.
    public var imported: Int
    /// Records replaced by a newer `modified`.
    public var updated: Int
    /// Records already known at this `modified` (or newer).
    public var unchanged: Int
    /// Findings this import added.
    public var newFindings: [AdvisoryFinding]
    /// Tools suspended by the advisory policy, as `name@version`.
    public var suspended: [String]

    public init(imported: Int = 0, updated: Int = 0, unchanged: Int = 0, newFindings: [AdvisoryFinding] = [], suspended: [String] = []) {
        self.imported = imported
        self.updated = updated
        self.unchanged = unchanged
        self.newFindings = newFindings
        self.suspended = suspended
    }
}
