/// Gathers a check's findings up to a limit, so a hostile definition cannot make a result of unbounded size.
/// When full, a new finding replaces the latest one of lower severity, so a flood of minor findings cannot
/// hide a serious one.
struct FindingCollector {
    /// The most findings one check reports, the last of them saying how many were dropped
    /// (the same limit as a human review's findings).
    static let limit = 200

    private(set) var findings: [CheckFinding] = []
    private var dropped = 0

    mutating func add(_ finding: CheckFinding) {
        guard findings.count >= FindingCollector.limit - 1 else {
            findings.append(finding)
            return
        }
        dropped += 1
        guard let lowest = findings.map(\.severity).min(), lowest < finding.severity,
              let i = findings.lastIndex(where: { $0.severity == lowest }) else { return }
        findings.remove(at: i)
        findings.append(finding)
    }

    mutating func add(_ code: CheckFindingCode, _ severity: Severity, _ title: String, detail: String? = nil,
                      pointer: String? = nil, span: String? = nil) {
        add(CheckFinding(code: code, severity: severity, title: title, detail: detail, pointer: pointer, span: span))
    }

    /// The result for `check`: every finding kept and, when some were dropped, one saying how many.
    func result(of check: some OnboardingCheck) -> CheckResult {
        var all = findings
        if dropped > 0 {
            all.append(CheckFinding(code: .findingsTruncated, severity: .info,
                                    title: "\(dropped) more findings were not recorded",
                                    detail: "A check records at most \(FindingCollector.limit) findings; fix these and run it again."))
        }
        return CheckResult(check: check.name, version: check.version, findings: all)
    }
}
