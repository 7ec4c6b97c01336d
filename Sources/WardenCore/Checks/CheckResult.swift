/// The outcome of one check on one tool version.
public struct CheckResult: Sendable, Equatable {
    /// Whether the check ran and what it found.
    public enum Status: Sendable, Equatable {
        /// The check ran and found nothing.
        case passed
        /// The check ran and found something (see ``CheckResult/findings``).
        case findings
        /// The check did not run; never counts as a pass.
        case notRun(reason: String)
    }

    /// The check's ``OnboardingCheck/name``.
    public var check: String
    /// The check's ``OnboardingCheck/version``.
    public var version: String
    public var status: Status
    public var findings: [CheckFinding]

    public init(check: String, version: String, status: Status, findings: [CheckFinding]) {
        self.check = check
        self.version = version
        self.status = status
        self.findings = findings
    }

    /// The result of a check that ran: `passed` when `findings` is empty, else `findings`.
    public init(check: String, version: String, findings: [CheckFinding]) {
        self.init(check: check, version: version, status: findings.isEmpty ? .passed : .findings, findings: findings)
    }

    /// The result of a check that did not run, saying why.
    public static func notRun(check: String, version: String, reason: String) -> CheckResult {
        CheckResult(check: check, version: version, status: .notRun(reason: reason), findings: [])
    }

    /// The most severe finding's severity, or `nil` when there is none.
    public var highestSeverity: Severity? { findings.map(\.severity).max() }
}

extension CheckResult: Codable {
    private enum CodingKeys: String, CodingKey { case check, version, status, reason, findings }

    /// Decodes `{"check", "version", "status": "passed" | "findings" | "not_run", "reason"?, "findings"}`.
    /// - Throws: `DecodingError` for a missing field or an unknown status.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        check = try c.decode(String.self, forKey: .check)
        version = try c.decode(String.self, forKey: .version)
        findings = try c.decodeIfPresent([CheckFinding].self, forKey: .findings) ?? []
        switch try c.decode(String.self, forKey: .status) {
        case "passed": status = .passed
        case "findings": status = .findings
        case "not_run": status = .notRun(reason: try c.decodeIfPresent(String.self, forKey: .reason) ?? "")
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .status, in: c,
                debugDescription: "unknown check status '\(other.prefix(40))'; expected passed, findings or not_run")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(check, forKey: .check)
        try c.encode(version, forKey: .version)
        try c.encode(findings, forKey: .findings)
        switch status {
        case .passed: try c.encode("passed", forKey: .status)
        case .findings: try c.encode("findings", forKey: .status)
        case .notRun(let reason):
            try c.encode("not_run", forKey: .status)
            try c.encode(reason, forKey: .reason)
        }
    }
}
