import Foundation

/// The kinds of review a proposal goes through, each filed by the roles allowed to.
public enum ReviewKind: String, Sendable, Codable, CaseIterable {
    case security
    case functional
    case compliance
    case risk

    /// The permission needed to file this kind.
    public var permission: Permission {
        switch self {
        case .security: .reviewSecurity
        case .functional: .reviewFunctional
        case .compliance: .reviewCompliance
        case .risk: .reviewRisk
        }
    }
}

public enum Verdict: String, Sendable, Codable, CaseIterable {
    case pass
    case concerns
    case fail
}

public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    private var rank: Int { Severity.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One observation in a review.
public struct Finding: Sendable, Codable, Equatable {
    public var severity: Severity
    public var title: String
    public var detail: String?

    public init(severity: Severity, title: String, detail: String? = nil) {
        self.severity = severity
        self.title = title
        self.detail = detail
    }
}

/// What a security review looked at (section 2a.2).
public struct SecurityAssessment: Sendable, Codable, Equatable {
    /// Source code analysis: SAST results and manual review notes.
    public var sourceAnalysis: String
    /// Permissions and least-privilege analysis.
    public var permissions: String
    /// How inputs and outputs are validated.
    public var inputOutputValidation: String
    /// Dependency scan results.
    public var dependencies: String
    /// For external tools: vendor reputation, certifications, API security, data residency.
    public var vendorTrust: String?

    public init(sourceAnalysis: String, permissions: String, inputOutputValidation: String, dependencies: String,
                vendorTrust: String? = nil) {
        self.sourceAnalysis = sourceAnalysis
        self.permissions = permissions
        self.inputOutputValidation = inputOutputValidation
        self.dependencies = dependencies
        self.vendorTrust = vendorTrust
    }
}

/// What a functional review looked at (section 2a.3).
public struct FunctionalAssessment: Sendable, Codable, Equatable {
    public var performance: String
    public var reliability: String
    public var accuracy: String
    public var businessFit: String

    public init(performance: String, reliability: String, accuracy: String, businessFit: String) {
        self.performance = performance
        self.reliability = reliability
        self.accuracy = accuracy
        self.businessFit = businessFit
    }
}

/// What a compliance and ethics review looked at (section 2a.4).
public struct ComplianceAssessment: Sendable, Codable, Equatable {
    public var dataHandling: String
    /// Regulations considered, e.g. GDPR, CCPA, HIPAA.
    public var regulations: [String]
    public var biasAndMisuse: String
    public var transparency: String

    public init(dataHandling: String, regulations: [String], biasAndMisuse: String, transparency: String) {
        self.dataHandling = dataHandling
        self.regulations = regulations
        self.biasAndMisuse = biasAndMisuse
        self.transparency = transparency
    }
}

/// One risk of a risk assessment (section 2a.5).
public struct Risk: Sendable, Codable, Equatable {
    public enum Category: String, Sendable, Codable, CaseIterable { case security, functional, compliance, ethical, operational }
    public var category: Category
    public var description: String
    public var severity: Severity
    public var mitigation: String

    public init(category: Category, description: String, severity: Severity, mitigation: String) {
        self.category = category
        self.description = description
        self.severity = severity
        self.mitigation = mitigation
    }
}

/// A review as filed. Exactly the assessment section matching `kind` is present.
public struct ReviewSubmission: Sendable, Codable, Equatable {
    public var kind: ReviewKind
    public var verdict: Verdict
    public var summary: String
    public var findings: [Finding]
    public var security: SecurityAssessment?
    public var functional: FunctionalAssessment?
    public var compliance: ComplianceAssessment?
    public var risks: [Risk]?

    public init(kind: ReviewKind, verdict: Verdict, summary: String, findings: [Finding] = [],
                security: SecurityAssessment? = nil, functional: FunctionalAssessment? = nil,
                compliance: ComplianceAssessment? = nil, risks: [Risk]? = nil) {
        self.kind = kind
        self.verdict = verdict
        self.summary = summary
        self.findings = findings
        self.security = security
        self.functional = functional
        self.compliance = compliance
        self.risks = risks
    }

    /// Throws `invalid_input` when the submission is incomplete or inconsistent.
    public func validate() throws {
        var problems: [String] = []
        if summary.trimmingCharacters(in: .whitespaces).isEmpty || summary.count > 8000 {
            problems.append("summary: must be 1 to 8000 characters")
        }
        if findings.count > 200 { problems.append("findings: at most 200") }
        if findings.contains(where: { $0.title.isEmpty || $0.title.count > 500 || ($0.detail?.count ?? 0) > 8000 }) {
            problems.append("findings: each needs a title of 1 to 500 characters and a detail of at most 8000")
        }
        let present: [ReviewKind] = [security != nil ? .security : nil, functional != nil ? .functional : nil,
                                     compliance != nil ? .compliance : nil, risks != nil ? .risk : nil].compactMap { $0 }
        if present != [kind] {
            let section = kind == .risk ? "risks" : kind.rawValue
            problems.append("a \(kind.rawValue) review carries its '\(section)' section and no other")
        }
        if kind == .risk, let r = risks {
            if r.isEmpty { problems.append("risks: list at least one risk, each with its mitigation") }
            if r.count > 200 { problems.append("risks: at most 200") }
            if r.contains(where: { $0.description.isEmpty || $0.mitigation.isEmpty }) {
                problems.append("risks: each risk needs a description and a mitigation")
            }
        }
        if verdict == .pass, findings.contains(where: { $0.severity >= .high }) {
            problems.append("verdict: a review with high or critical findings cannot pass; use 'concerns' or 'fail'")
        }
        guard problems.isEmpty else {
            throw WardenError(.invalidInput, "the review is not acceptable: " + problems.joined(separator: "; "))
        }
    }
}

/// A filed review, on record.
public struct Review: Sendable, Codable, Equatable {
    public var id: String
    public var toolName: String
    public var version: SemanticVersion
    public var reviewer: String
    public var filedAt: Date
    public var submission: ReviewSubmission

    public init(id: String, toolName: String, version: SemanticVersion, reviewer: String, filedAt: Date,
                submission: ReviewSubmission) {
        self.id = id
        self.toolName = toolName
        self.version = version
        self.reviewer = reviewer
        self.filedAt = filedAt
        self.submission = submission
    }
}
