/// Check 4, `dependencies`: the imported OSV advisories that affect the version's declared dependencies or SBOM.
/// The matching itself is the advisory matcher's, done when the version was proposed and whenever advisories are
/// imported; this check turns those matches into findings beside the other checks' so reviewers see one list.
public struct DependencyAdvisoryCheck: OnboardingCheck {
    public let name = "dependencies"
    public let version = "1"

    public init() {}

    public func run(_ definition: ToolDefinition, context: CheckContext) -> CheckResult {
        let deps = definition.allDependencies
        guard !deps.isEmpty else {
            return .notRun(check: name, version: version,
                           reason: "the definition declares no dependencies and no SBOM, so there is nothing to match advisories against")
        }
        let findings = context.advisoryFindings
            .filter { $0.toolName == definition.name && $0.version == definition.version }
            .sorted { (Self.severity($0.severity), $0.advisoryID) > (Self.severity($1.severity), $1.advisoryID) }
            .map { f in
                let pointer = (definition.dependencies ?? []).firstIndex(of: f.dependency).map { "/dependencies/\($0)" } ?? "/sbom"
                let fix = f.fixedVersions.isEmpty ? "no fixed version is named" : "fixed in \(f.fixedVersions.prefix(5).joined(separator: ", "))"
                return CheckFinding(code: .dependencyVulnerable, severity: Self.severity(f.severity),
                                    title: "\(f.advisoryID) (\(f.severity.rawValue)) affects \(f.dependency.name) \(f.dependency.version)",
                                    detail: [f.summary, fix].compactMap { $0 }.joined(separator: "; "), pointer: pointer)
            }
        return CheckResult(check: name, version: version, findings: findings)
    }

    /// An advisory's severity as a finding's; an unknown one is medium, since it may be anything.
    static func severity(_ s: AdvisorySeverity) -> Severity {
        switch s {
        case .critical: .critical
        case .high: .high
        case .moderate, .unknown: .medium
        case .low: .low
        }
    }
}
