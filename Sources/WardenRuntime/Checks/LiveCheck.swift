import WardenCore

/// An onboarding check that exercises the real tool or runs an external program, so it is asynchronous and runs in
/// the background (``CheckRunner``) after the proposal has committed. Like ``OnboardingCheck`` it never throws:
/// what goes wrong is a finding, and nothing it does counts as a pass unless it ran.
public protocol LiveCheck: Sendable {
    var name: String { get }
    var version: String { get }
    /// How many progress steps ``run(_:context:)`` will report for `definition` (0 when it will not run).
    func steps(for definition: ToolVersionRecord, settings: LiveCheckSettings) -> Int
    /// Runs the check; reports each finished step with `context.advance()`. Must return soon after cancellation.
    func run(_ record: ToolVersionRecord, context: LiveCheckContext) async -> CheckResult
}

/// What a live check may use: a way to call the version under review, the configured limits, progress.
public struct LiveCheckContext: Sendable {
    /// Calls the version under review through the pipeline in review mode (see ``InvocationPipeline/reviewCall(_:version:)``).
    public var call: @Sendable (_ arguments: JSONValue, _ requestID: String) async throws -> ToolResult
    public var settings: LiveCheckSettings
    /// Reports one finished step.
    public var advance: @Sendable () -> Void

    public init(call: @escaping @Sendable (JSONValue, String) async throws -> ToolResult, settings: LiveCheckSettings,
                advance: @escaping @Sendable () -> Void) {
        self.call = call
        self.settings = settings
        self.advance = advance
    }
}

/// The operator's bounds on the live checks (configuration `governance.checks`).
public struct LiveCheckSettings: Sendable, Codable, Equatable {
    /// A load test makes at most this many calls, whatever the proposal asks.
    public var maxLoadCalls: Int
    /// And at most this many at a time.
    public var maxLoadConcurrency: Int
    /// How long one check may take in all before it is stopped with a `check.error` finding.
    public var checkTimeout: Duration
    /// The external scanner for internally built tools; `nil`: the static-analysis check does not run.
    public var staticAnalysis: StaticAnalysisSettings?

    public init(maxLoadCalls: Int = 500, maxLoadConcurrency: Int = 16, checkTimeout: Duration = .seconds(300),
                staticAnalysis: StaticAnalysisSettings? = nil) {
        self.maxLoadCalls = maxLoadCalls
        self.maxLoadConcurrency = maxLoadConcurrency
        self.checkTimeout = checkTimeout
        self.staticAnalysis = staticAnalysis
    }
}

/// The static-analysis hook: a command run with the tool's source location.
public struct StaticAnalysisSettings: Sendable, Codable, Equatable {
    /// The program and its arguments; `{source}` in an argument is replaced by the tool's `sourceLocation`, which is
    /// also in the environment as `WARDEN_SOURCE_LOCATION` (with `WARDEN_TOOL_NAME` and `WARDEN_TOOL_VERSION`).
    public var command: [String]
    /// How long the scanner may run before it is killed (a `check.error` finding).
    public var timeout: Duration
    /// How much of the scanner's output is kept in the finding (its last lines).
    public var maxOutputBytes: Int

    public init(command: [String], timeout: Duration = .seconds(120), maxOutputBytes: Int = 4000) {
        self.command = command
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
    }
}

extension CheckResult {
    /// The result of a live check that ran: `passed` when every finding is informational (the record of what was
    /// measured or passed), else `findings`.
    static func ran(check: String, version: String, findings: [CheckFinding]) -> CheckResult {
        CheckResult(check: check, version: version, status: findings.allSatisfy { $0.severity == .info } ? .passed : .findings,
                    findings: findings)
    }

    /// The result of a check that threw, crashed or timed out: a high `check.error` finding, never a pass.
    static func failedToRun(check: String, version: String, _ why: String) -> CheckResult {
        CheckResult(check: check, version: version, status: .findings, findings: [
            CheckFinding(code: .checkError, severity: .high, title: "the \(check) check could not finish: \(why)",
                         detail: "Nothing was proven. Fix the cause and run the checks again (`warden review checks NAME VERSION --rerun`)."),
        ])
    }
}
