import Foundation
import Hummingbird
import WardenCore
import WardenRuntime

/// The console's forms: each reads its fields into the admin API's request type and calls the same service method;
/// a refusal shows the form again with the service's message and what was typed.
extension ConsoleEndpoint {
    func fileReview(_ subject: ConsoleSubject, _ form: ConsoleForm, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        try await submit(subject, "review", schema: "ReviewSubmission", form, context, s, build: ConsoleReviewForm.submission,
                         tool: { _ = try await service.fileReview($0, name: $1, version: $2, $3) },
                         agent: { _ = try await service.fileAgentReview($0, name: $1, version: $2, $3) })
    }

    func vote(_ subject: ConsoleSubject, _ form: ConsoleForm, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        try await submit(subject, "vote", schema: "ApprovalRequest", form, context, s, build: { f in
            guard let choice = f["approve"], ["yes", "no"].contains(choice) else { throw WardenError.invalidInput("vote: choose yes or no") }
            return ApprovalRequest(approve: choice == "yes", comment: f["comment"])
        }, tool: { _ = try await service.vote($0, name: $1, version: $2, $3) },
           agent: { _ = try await service.voteAgent($0, name: $1, version: $2, $3) })
    }

    func decide(_ subject: ConsoleSubject, _ form: ConsoleForm, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        try await submit(subject, "decision", schema: "DecisionRequest", form, context, s, build: ConsoleDecisionForm.request,
                         tool: { _ = try await service.decide($0, name: $1, version: $2, $3) },
                         agent: { _ = try await service.decideAgent($0, name: $1, version: $2, $3) })
    }

    /// Builds the admin API's request from the form, checks it against that request's schema, and calls the tool's or
    /// the agent's service method for the version in the path. On success back to the version's page; on a refusal the
    /// page again with the error on form `formName` (status as the admin API would answer) and the input kept.
    private func submit<Body: Encodable>(
        _ subject: ConsoleSubject, _ formName: String, schema: String, _ form: ConsoleForm, _ context: WardenRequestContext,
        _ s: Signed, build: (ConsoleForm) throws -> Body,
        tool: (CallContext, String, SemanticVersion, Body) async throws -> Void,
        agent: (CallContext, String, SemanticVersion, Body) async throws -> Void
    ) async throws -> Response {
        let name = try param(context, "name"), version = try versionParam(context)
        do {
            let request = try build(form)
            let ctx = s.ctx(body: try body.check(request, schema: schema))
            switch subject {
            case .tool: try await tool(ctx, name, version, request)
            case .agent: try await agent(ctx, name, version, request)
            }
        } catch {
            var values = form.values
            values["csrf"] = nil
            let failure = ConsoleFormFailure(form: formName, error: RequestEnvelopeMiddleware.wardenError(error), values: values)
            return try await versionPage(s, subject: subject, name: name, version: version, failure: failure)
        }
        return ConsoleResponse.redirect("\(subject.base(name))/versions/\(version)?done=\(formName)")
    }
}

extension ConsoleEndpoint.Signed {
    /// The call context of a form, carrying the digest of the request it built (as the audit event of an API call does).
    func ctx(body digest: String) -> CallContext {
        CallContext(principal: ctx.principal, requestID: ctx.requestID, bodyDigest: digest)
    }
}

/// The review form's fields as a ``ReviewSubmission``; the service validates it as it validates the admin API's.
enum ConsoleReviewForm {
    /// - Throws: `invalid_input` naming the field that cannot be read.
    static func submission(_ f: ConsoleForm) throws -> ReviewSubmission {
        guard let kind = f["kind"].flatMap(ReviewKind.init(rawValue:)) else {
            throw WardenError.invalidInput("kind: choose security, functional, compliance or risk")
        }
        guard let verdict = f["verdict"].flatMap(Verdict.init(rawValue:)) else {
            throw WardenError.invalidInput("verdict: choose pass, concerns or fail")
        }
        var s = ReviewSubmission(kind: kind, verdict: verdict, summary: f["summary"] ?? "", findings: try findings(f.lines("findings")))
        func required(_ field: String) throws -> String {
            guard let v = f[field] else { throw WardenError.invalidInput("\(field): required for a \(kind.rawValue) review") }
            return v
        }
        switch kind {
        case .security:
            s.security = SecurityAssessment(sourceAnalysis: try required("sourceAnalysis"), permissions: try required("permissions"),
                                            inputOutputValidation: try required("inputOutputValidation"),
                                            dependencies: try required("dependencies"), vendorTrust: f["vendorTrust"])
        case .functional:
            s.functional = FunctionalAssessment(performance: try required("performance"), reliability: try required("reliability"),
                                                accuracy: try required("accuracy"), businessFit: try required("businessFit"))
        case .compliance:
            s.compliance = ComplianceAssessment(dataHandling: try required("dataHandling"),
                                                regulations: (f["regulations"] ?? "").split(separator: ",")
                                                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                                                biasAndMisuse: try required("biasAndMisuse"), transparency: try required("transparency"))
        case .risk:
            s.risks = try risks(f.lines("risks"))
        }
        return s
    }

    /// `severity: title` or `severity: title | detail`, one a line.
    static func findings(_ lines: [String]) throws -> [Finding] {
        try lines.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let severity = Severity(rawValue: parts[0].lowercased()) else {
                throw WardenError.invalidInput("findings: '\(line.prefix(60))' should read 'severity: title | detail' "
                    + "(severity info, low, medium, high or critical)")
            }
            let rest = parts[1].split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return Finding(severity: severity, title: rest.first ?? "", detail: rest.count > 1 ? rest[1] : nil)
        }
    }

    /// `category | severity | description | mitigation`, one a line.
    static func risks(_ lines: [String]) throws -> [Risk] {
        try lines.map { line in
            let p = line.split(separator: "|", maxSplits: 3).map { $0.trimmingCharacters(in: .whitespaces) }
            guard p.count == 4, let category = Risk.Category(rawValue: p[0].lowercased()), let severity = Severity(rawValue: p[1].lowercased())
            else {
                throw WardenError.invalidInput("risks: '\(line.prefix(60))' should read 'category | severity | description | mitigation'")
            }
            return Risk(category: category, description: p[2], severity: severity, mitigation: p[3])
        }
    }
}

/// The decision form's fields as a ``DecisionRequest``; the service validates it as it validates the admin API's.
enum ConsoleDecisionForm {
    /// - Throws: `invalid_input` naming the field that cannot be read.
    static func request(_ f: ConsoleForm) throws -> DecisionRequest {
        guard let outcome = f["outcome"].flatMap(Decision.Outcome.init(rawValue:)) else {
            throw WardenError.invalidInput("outcome: choose approved, approved_with_conditions or rejected")
        }
        func number(_ field: String) throws -> Int? {
            guard let raw = f[field] else { return nil }
            guard let n = Int(raw) else { throw WardenError.invalidInput("\(field): must be a whole number") }
            return n
        }
        var conditions = ApprovalConditions(requiredRole: f["requiredRole"].map(Role.init(rawValue:)), timeoutMs: try number("timeoutMs"),
                                            reviewIntervalDays: try number("reviewIntervalDays"))
        let notes = f.lines("notes")
        if !notes.isEmpty { conditions.notes = notes }
        switch (try number("rateRequests"), try number("ratePerSeconds")) {
        case let (requests?, per?): conditions.rateLimit = ToolDefinition.RateLimit(requests: requests, perSeconds: per)
        case (nil, nil): break
        default: throw WardenError.invalidInput("conditions.rateLimit: give both requests and seconds")
        }
        var waiver: FindingWaiver?
        if let codes = f["waiverCodes"] {
            waiver = FindingWaiver(codes: codes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                                   reason: f["waiverReason"] ?? "")
        }
        return DecisionRequest(outcome: outcome, reasons: f["reasons"] ?? "", conditions: conditions.isEmpty ? nil : conditions,
                               waiver: waiver)
    }
}
