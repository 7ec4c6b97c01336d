/// An automated check that runs on a proposed tool version and gathers evidence for reviewers.
///
/// A check looks at the definition alone (and at the ``CheckContext`` it is given); it does no I/O, so it is
/// synchronous and cheap. It never throws: a rule it cannot apply is a finding or a ``CheckResult/Status/notRun(reason:)``,
/// never a silent pass. Checks that call the real tool (contract and load tests) get an asynchronous protocol of their own.
public protocol OnboardingCheck: Sendable {
    /// The check's stable name, e.g. `schema_lint`; findings carry it so reviewers know where they come from.
    var name: String { get }
    /// The version of the check's rules; a new rule or a changed severity is a new version.
    var version: String { get }
    /// Runs the check on `definition`. Bounded in time and memory for any input.
    func run(_ definition: ToolDefinition, context: CheckContext) -> CheckResult
}
