import Foundation
import HTTPTypes
import Hummingbird
import WardenCore
import WardenRuntime

/// The console's pages: each asks ``GovernanceService`` (as the signed-in principal) and renders the answer.
extension ConsoleEndpoint {
    /// The states in which a version still awaits reviews, votes and a decision.
    static let openStates: Set<LifecycleState> = [.proposed, .inReview]

    func catalogPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        let tools = try await service.tools(s.ctx)
        let now = Date()
        let history = engine.pipeline.metrics.history
        let rows = tools.map { t -> [String: Any] in
            let w = history.window(tool: t.name, minutes: 15, now: now)
            var row: [String: Any] = ["name": t.name, "path": ConsoleFormat.path(t.name), "title": t.title, "state": t.state.rawValue,
                                      "owner": t.owner, "requiredRole": t.requiredRole.rawValue, "latestVersion": t.latestVersion.description,
                                      "calls": w.calls]
            if let v = t.activeVersion { row["activeVersion"] = v.description }
            if let d = t.reviewDueAt {
                row["reviewDue"] = ConsoleFormat.day(d)
                if d < now { row["overdue"] = true }
            }
            if let r = w.errorRate { row["errorRate"] = ConsoleFormat.percent(r) }
            if let l = w.latency {
                row["p50"] = ConsoleFormat.milliseconds(l.p50)
                row["p95"] = ConsoleFormat.milliseconds(l.p95)
            }
            return row
        }
        var view = layout(title: "Tools", signed: s, nav: "tools")
        view["tools"] = rows
        view["live"] = "tools"
        return render("catalog", view)
    }

    func toolPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        let name = try param(context, "name")
        let detail = try await service.tool(s.ctx, name: name)
        let versions = detail.versions.sorted { $0.version > $1.version }
        var versionViews: [[String: Any]] = []
        for record in versions {
            let v = try await service.toolVersion(s.ctx, name: name, version: record.version)
            versionViews.append(versionView(v))
        }
        var view = layout(title: name, signed: s, nav: "tools")
        view["name"] = name
        view["path"] = ConsoleFormat.path(name)
        view["summary"] = ["state": detail.summary.state.rawValue, "owner": detail.summary.owner, "title": detail.summary.title,
                           "requiredRole": detail.summary.requiredRole.rawValue,
                           "activeVersion": detail.summary.activeVersion?.description ?? "none"]
        view["versions"] = versionViews
        view["live"] = "tool:\(name)"
        view["plots"] = ConsolePlot.views(engine.pipeline.metrics.history.series(tool: name))
        let window = engine.pipeline.metrics.history.window(tool: name, minutes: 60)
        view["window"] = windowView(window)
        // The diff: ?from=&to=, by default the two newest versions.
        let q = request.uri.queryParameters
        let choices = versions.map(\.version)
        if choices.count >= 2 {
            let to = q.get("to").flatMap(SemanticVersion.init) ?? choices[0]
            let from = q.get("from").flatMap(SemanticVersion.init) ?? choices[1]
            let diff = try await service.diff(s.ctx, name: name, from: from, to: to)
            view["diff"] = [
                "from": from.description, "to": to.description,
                "changes": diff.changes.map { c -> [String: Any] in
                    ["kind": c.kind.rawValue, "path": c.path.isEmpty ? "/" : c.path, "old": ConsoleFormat.json(c.old),
                     "new": ConsoleFormat.json(c.new)]
                },
                "none": diff.changes.isEmpty,
                "fromOptions": choices.map { ["value": $0.description, "selected": $0 == from] },
                "toOptions": choices.map { ["value": $0.description, "selected": $0 == to] },
            ] as [String: Any]
        }
        let advisories = try await service.advisoryFindings(s.ctx, toolName: name)
        view["advisories"] = advisories.map { a -> [String: Any] in
            ["id": a.advisoryID, "version": a.version.description, "severity": a.severity.rawValue, "summary": a.summary ?? "",
             "dependency": a.dependency.description,
             "fixed": a.fixedVersions.joined(separator: ", "), "foundAt": ConsoleFormat.time(a.foundAt)]
        }
        if may(.auditRead, s) {
            let events = try await recentEvents(s, AuditQuery(subject: "tool:\(name)*"), keep: 50) {
                $0.subject == "tool:\(name)" || $0.subject.hasPrefix("tool:\(name)@")
            }
            view["events"] = events.reversed().map(eventView)
            view["auditReadable"] = true
        }
        return render("tool", view)
    }

    /// A version of a tool, with its reviews, votes, decision and conditions.
    func versionView(_ v: ToolVersionDetail) -> [String: Any] {
        let r = v.record, d = r.definition
        var view: [String: Any] = [
            "version": r.version.description, "state": r.state.rawValue, "proposer": r.proposer,
            "proposedAt": ConsoleFormat.time(r.proposedAt), "digest": String(r.digest.prefix(16)),
            "title": d.title, "description": d.description, "purpose": d.purpose, "justification": d.justification,
            "owner": d.owner, "requiredRole": d.requiredRole.rawValue, "timeoutMs": d.timeoutMs,
            "usageGuidelines": d.usageGuidelines, "limitations": d.limitations,
            "credentials": d.requiredCredentials.joined(separator: ", "),
            "open": Self.openStates.contains(r.state),
            "reviews": v.reviews.map(reviewView), "hasReviews": !v.reviews.isEmpty,
            "approvals": v.approvals.map { ["approver": $0.approver, "approve": $0.approve, "comment": $0.comment ?? "",
                                            "at": ConsoleFormat.time($0.at)] as [String: Any] },
            "unmet": v.approvalStatus.unmet, "satisfied": v.approvalStatus.satisfied,
        ]
        var fields: [(String, String)] = [("Title", d.title), ("Purpose", d.purpose), ("Justification", d.justification), ("Owner", d.owner),
                                          ("Required role", d.requiredRole.rawValue), ("Timeout", "\(d.timeoutMs) ms")]
        if let rl = d.rateLimit { fields.append(("Rate limit", "\(rl.requests) per \(rl.perSeconds) s")) }
        fields += [("Credentials", d.requiredCredentials.joined(separator: ", ")), ("Usage guidelines", d.usageGuidelines),
                   ("Limitations", d.limitations.joined(separator: "; ")), ("Proposed", "by \(r.proposer) at \(ConsoleFormat.time(r.proposedAt))")]
        view["fields"] = fields.map { ["label": $0.0, "value": $0.1] }
        if let due = r.reviewDueAt { view["reviewDue"] = ConsoleFormat.day(due) }
        if let decision = r.decision { view["decision"] = decisionView(decision) }
        return view
    }

    /// An agent's version, in the same shape as a tool's (``versionView(_:)``).
    func agentVersionView(_ v: AgentVersionDetail) -> [String: Any] {
        let r = v.record, d = r.definition
        var fields: [(String, String)] = [("Purpose", d.purpose), ("Owner", d.owner), ("Trust level", d.trustLevel.rawValue),
                                          ("Data clearance", d.clearance.rawValue + (d.piiCleared ? ", personal data" : "")),
                                          ("Region", d.region ?? "any"), ("Timeout", "\(d.timeoutMs) ms")]
        if let rl = d.rateLimit { fields.append(("Rate limit", "\(rl.requests) per \(rl.perSeconds) s")) }
        fields += [("Card", d.cardURL ?? "inline"), ("Card pin", String(r.cardPin.prefix(16)) + "…"),
                   ("Proposed", "by \(r.proposer) at \(ConsoleFormat.time(r.proposedAt))")]
        var view: [String: Any] = [
            "version": d.version.description, "state": r.state.rawValue, "description": d.description,
            "open": Self.openStates.contains(r.state), "reviews": v.reviews.map(reviewView), "hasReviews": !v.reviews.isEmpty,
            "approvals": v.approvals.map { ["approver": $0.approver, "approve": $0.approve, "comment": $0.comment ?? "",
                                            "at": ConsoleFormat.time($0.at)] as [String: Any] },
            "unmet": v.approvalStatus.unmet, "satisfied": v.approvalStatus.satisfied,
            "fields": fields.map { ["label": $0.0, "value": $0.1] },
        ]
        if let decision = r.decision { view["decision"] = decisionView(decision) }
        return view
    }

    func decisionView(_ decision: Decision) -> [String: Any] {
        var view: [String: Any] = ["outcome": decision.outcome.rawValue, "reasons": decision.reasons, "by": decision.decidedBy,
                                   "at": ConsoleFormat.time(decision.decidedAt), "approvers": decision.approvers.joined(separator: ", ")]
        if let c = decision.conditions {
            var conditions: [String] = []
            if let rl = c.rateLimit { conditions.append("rate limit \(rl.requests) per \(rl.perSeconds) s") }
            if let role = c.requiredRole { conditions.append("required role \(role.rawValue)") }
            if let t = c.timeoutMs { conditions.append("timeout \(t) ms") }
            if let days = c.reviewIntervalDays { conditions.append("review every \(days) days") }
            conditions += c.notes ?? []
            view["conditions"] = conditions
            view["hasConditions"] = !conditions.isEmpty
        }
        if let w = decision.waiver { view["waiver"] = "\(w.codes.joined(separator: ", ")): \(w.reason)" }
        return view
    }

    func reviewView(_ review: Review) -> [String: Any] {
        let s = review.submission
        var details: [String] = []
        if let a = s.security {
            details += ["source analysis: \(a.sourceAnalysis)", "permissions: \(a.permissions)",
                        "input/output validation: \(a.inputOutputValidation)", "dependencies: \(a.dependencies)"]
            if let v = a.vendorTrust { details.append("vendor trust: \(v)") }
        }
        if let a = s.functional {
            details += ["performance: \(a.performance)", "reliability: \(a.reliability)", "accuracy: \(a.accuracy)",
                        "business fit: \(a.businessFit)"]
        }
        if let a = s.compliance {
            details += ["data handling: \(a.dataHandling)", "regulations: \(a.regulations.joined(separator: ", "))",
                        "bias and misuse: \(a.biasAndMisuse)", "transparency: \(a.transparency)"]
        }
        for risk in s.risks ?? [] {
            details.append("risk (\(risk.category.rawValue), \(risk.severity.rawValue)): \(risk.description); mitigation: \(risk.mitigation)")
        }
        return ["kind": s.kind.rawValue, "verdict": s.verdict.rawValue, "summary": s.summary, "reviewer": review.reviewer,
                "filedAt": ConsoleFormat.time(review.filedAt), "details": details,
                "findings": s.findings.map { ["severity": $0.severity.rawValue, "title": $0.title, "detail": $0.detail ?? ""] }]
    }

    func windowView(_ w: WindowStats) -> [String: Any] {
        var view: [String: Any] = ["calls": w.calls, "errors": w.errors, "minutes": w.minutes]
        if let r = w.errorRate { view["errorRate"] = ConsoleFormat.percent(r) }
        if let l = w.latency {
            view["p50"] = ConsoleFormat.milliseconds(l.p50)
            view["p95"] = ConsoleFormat.milliseconds(l.p95)
            view["p99"] = ConsoleFormat.milliseconds(l.p99)
        }
        return view
    }

    /// One version's page: its definition, what the approval rule still needs, the automated checks, and the forms.
    func versionPage(_ s: Signed, subject: ConsoleSubject, name: String, version: SemanticVersion, done: String? = nil,
                     failure: ConsoleFormFailure? = nil) async throws -> Response {
        var view = layout(title: "\(name) \(version)", signed: s, nav: "proposals")
        view["name"] = name
        view["base"] = subject.base(name)
        view["home"] = subject == .tool ? subject.base(name) : "/console/agents"
        switch subject {
        case .tool:
            view["v"] = versionView(try await service.toolVersion(s.ctx, name: name, version: version))
            let checks = try await service.checkResults(s.ctx, name: name, version: version)
            view["checks"] = checks.checks.map { c -> [String: Any] in
                let status: String
                switch c.status {
                case .passed: status = "passed"
                case .findings: status = "findings"
                case .notRun(let reason): status = "not run: \(reason)"
                }
                return ["check": c.check, "status": status,
                        "findings": c.findings.map { ["code": $0.code.rawValue, "severity": $0.severity.rawValue, "title": $0.title] }]
            }
            if let run = checks.run {
                view["run"] = ["state": run.state.rawValue, "current": run.currentCheck ?? "", "checks": run.checks.joined(separator: ", ")]
            }
            view["checked"] = true
        case .agent:
            view["v"] = agentVersionView(try await service.agentVersion(s.ctx, name: name, version: version))
        }
        if let done { view["done_\(done.prefix(40))"] = true }
        let values = failure?.values ?? [:]
        view["form"] = values
        view["kinds"] = options(ReviewKind.allCases.map(\.rawValue), selected: values["kind"])
        view["verdicts"] = options(Verdict.allCases.map(\.rawValue), selected: values["verdict"])
        view["outcomes"] = options(Decision.Outcome.allCases.map(\.rawValue), selected: values["outcome"])
        view["votes"] = options(["yes", "no"], selected: values["approve"])
        view["rolesApply"] = subject == .tool
        if let failure {
            view["\(failure.form)Error"] = ["code": failure.error.code.rawValue, "message": failure.error.message]
        }
        let status = failure.map { RequestEnvelopeMiddleware.status(for: $0.error.code) } ?? .ok
        return render("version", view, status: status)
    }

    func options(_ values: [String], selected: String?) -> [[String: Any]] {
        values.map { ["value": $0, "selected": $0 == selected] }
    }

    func proposalsPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        var rows: [[String: Any]] = []
        for tool in try await service.tools(s.ctx) {
            for record in try await service.tool(s.ctx, name: tool.name).versions where Self.openStates.contains(record.state) {
                let status = try await service.approvalStatus(s.ctx, name: tool.name, version: record.version, outcome: .approved)
                var row: [String: Any] = ["kind": "tool", "name": tool.name, "base": ConsoleSubject.tool.base(tool.name),
                                          "version": record.version.description, "state": record.state.rawValue,
                                          "proposer": record.proposer, "proposedAt": ConsoleFormat.time(record.proposedAt),
                                          "unmet": status.unmet, "satisfied": status.satisfied]
                if let run = try await service.checkResults(s.ctx, name: tool.name, version: record.version).run {
                    row["run"] = run.state.rawValue + (run.currentCheck.map { " (\($0))" } ?? "")
                }
                rows.append(row)
            }
        }
        for agent in try await service.agents(s.ctx) {
            for record in try await service.agent(s.ctx, name: agent.name).versions where Self.openStates.contains(record.state) {
                let status = try await service.agentVersion(s.ctx, name: agent.name, version: record.definition.version).approvalStatus
                rows.append(["kind": "agent", "name": agent.name, "version": record.definition.version.description,
                             "base": ConsoleSubject.agent.base(agent.name),
                             "state": record.state.rawValue, "proposer": record.proposer,
                             "proposedAt": ConsoleFormat.time(record.proposedAt), "unmet": status.unmet, "satisfied": status.satisfied])
            }
        }
        var view = layout(title: "Proposals", signed: s, nav: "proposals")
        view["proposals"] = rows
        view["live"] = "tools"
        return render("proposals", view)
    }

    func agentsPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        let now = Date()
        let rows = try await service.agents(s.ctx).map { a -> [String: Any] in
            var row: [String: Any] = ["name": a.name, "description": a.description, "trust": a.trustLevel.rawValue,
                                      "clearance": a.clearance.rawValue, "state": a.state.rawValue, "owner": a.owner,
                                      "latestVersion": a.latestVersion.description, "region": a.region ?? "",
                                      "skills": a.skills.map(\.name).joined(separator: ", ")]
            if let v = a.activeVersion { row["activeVersion"] = v.description }
            if let d = a.reviewDueAt {
                row["reviewDue"] = ConsoleFormat.day(d)
                if d < now { row["overdue"] = true }
            }
            return row
        }
        var view = layout(title: "Agents", signed: s, nav: "agents")
        view["agents"] = rows
        return render("agents", view)
    }

    func auditPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        // The filter form sends every field; an empty one filters nothing.
        let given = request.uri.queryParameters.filter { !$0.value.isEmpty }
        let query = try AdminAPI.auditQuery(given.map { (key: $0.key, value: $0.value) })
        let events = try await recentEvents(s, query, keep: 200) { _ in true }
        var view = layout(title: "Audit log", signed: s, nav: "audit")
        view["events"] = events.reversed().map(eventView)
        view["filter"] = ["actor": query.actor ?? "", "action": query.action ?? "", "subject": query.subject ?? ""]
        view["outcomes"] = options(["success", "denied", "failed"], selected: query.outcome?.rawValue)
        return render("audit", view)
    }

    func verifyPage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        let report = try await service.verifyAudit(s.ctx)
        var view = layout(title: "Audit chain", signed: s, nav: "audit")
        var result: [String: Any] = ["ok": report.ok, "eventsChecked": report.eventsChecked, "checkpointsChecked": report.checkpointsChecked,
                                     "signaturesChecked": report.signaturesChecked, "provenThroughSeq": report.provenThroughSeq]
        if let bad = report.firstBadSeq { result["firstBadSeq"] = bad }
        if let problem = report.problem { result["problem"] = problem }
        view["report"] = result
        return render("verify", view)
    }

    func reviewsDuePage(_ request: Request, _ context: WardenRequestContext, _ s: Signed) async throws -> Response {
        let within = request.uri.queryParameters.get("within").flatMap { Int($0) } ?? 30
        let items = try await service.reviewsDue(s.ctx, withinDays: within)
        func rows(_ status: ReviewDueItem.Status) -> [[String: Any]] {
            items.filter { $0.status == status }.map {
                ["kind": $0.kind.rawValue, "name": $0.name, "path": ConsoleFormat.path($0.name), "version": $0.version.description,
                 "state": $0.state.rawValue, "owner": $0.owner, "due": ConsoleFormat.day($0.reviewDueAt),
                 "daysOverdue": $0.daysOverdue, "tool": $0.kind == .tool]
            }
        }
        var view = layout(title: "Reviews due", signed: s, nav: "reviews")
        view["overdue"] = rows(.overdue)
        view["due"] = rows(.due)
        view["within"] = within
        return render("reviews", view)
    }

    // MARK: audit helpers

    /// The newest `keep` events matching `query` and `include`, oldest first: the service pages from the oldest, so
    /// this reads forward (at most 50 pages of 1000) and keeps the tail.
    func recentEvents(_ s: Signed, _ query: AuditQuery, keep: Int, include: (AuditEvent) -> Bool) async throws -> [AuditEvent] {
        var q = query
        q.limit = 1000
        var kept: [AuditEvent] = []
        for _ in 0..<50 {
            let page = try await service.auditEvents(s.ctx, matching: q)
            kept += page.filter(include)
            if kept.count > keep { kept.removeFirst(kept.count - keep) }
            guard page.count == q.limit, let last = page.last?.seq else { break }
            q.afterSeq = last
        }
        return kept
    }

    func eventView(_ e: AuditEvent) -> [String: Any] {
        let detail = (e.detail ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return ["seq": e.seq, "time": ConsoleFormat.time(Date(timeIntervalSince1970: Double(e.timeMs) / 1000)), "actor": e.actor,
                "action": e.action, "subject": e.subject, "outcome": e.outcome.rawValue, "detail": detail,
                "denied": e.outcome != .success]
    }
}

/// What a version page is about: a tool or an agent (their pages, forms and service calls differ only in name).
enum ConsoleSubject: Sendable, Equatable {
    case tool, agent

    /// The console path of `name`'s pages.
    func base(_ name: String) -> String {
        (self == .tool ? "/console/tools/" : "/console/agents/") + ConsoleFormat.path(name)
    }
}

/// A form the service refused: which form, why, and what was typed (shown again).
struct ConsoleFormFailure: Sendable {
    var form: String
    var error: WardenError
    var values: [String: String]
}
