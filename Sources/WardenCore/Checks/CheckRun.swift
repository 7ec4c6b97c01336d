import Foundation

/// One background run of the onboarding checks that exercise the real tool (contract, load, static analysis) on
/// one version, with its progress, as the API and the CLI show it.
public struct CheckRun: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        case queued, running, completed
        /// Warden stopped before the run finished; its checks have no new results.
        case interrupted
    }

    public var id: String
    public var toolName: String
    public var version: SemanticVersion
    public var state: State
    /// Who asked for it: the proposer, or the reviewer who re-ran the checks.
    public var requestedBy: String
    /// The checks of this run, in the order they run.
    public var checks: [String]
    /// The check running now.
    public var currentCheck: String?
    /// Steps done and in all (a step is an example call, a load-test call or a scanner run).
    public var completedSteps: Int
    public var totalSteps: Int
    public var queuedAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The results of the checks finished so far.
    public var results: [CheckResult]

    public init(id: String, toolName: String, version: SemanticVersion, requestedBy: String, checks: [String], queuedAt: Date) {
        self.id = id
        self.toolName = toolName
        self.version = version
        self.state = .queued
        self.requestedBy = requestedBy
        self.checks = checks
        self.currentCheck = nil
        self.completedSteps = 0
        self.totalSteps = 0
        self.queuedAt = queuedAt
        self.results = []
    }

    /// Progress from 0 to 1 (1 once completed).
    public var fraction: Double {
        if state == .completed { return 1 }
        return totalSteps == 0 ? 0 : min(1, Double(completedSteps) / Double(totalSteps))
    }
}
