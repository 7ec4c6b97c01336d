import Foundation
import Metrics
import WardenCore
import WardenStore

extension GovernanceService {
    /// The most records one import takes.
    public static let maxAdvisoriesPerImport = 5000

    /// Imports OSV advisory records, then matches every advisory against every tool version that could still serve
    /// (not rejected, withdrawn or decommissioned). Each new match becomes a finding with an `advisory.matched`
    /// audit event; an active tool whose finding reaches the policy's `advisorySuspendSeverity` is suspended by
    /// `system` at once. A record is replaced only by one with a later `modified`. Needs `advisory.manage`.
    /// - Throws: `forbidden`; `invalid_input` naming the first record that is not OSV (nothing is imported then).
    public func importAdvisories(_ ctx: CallContext, records: [JSONValue]) async throws -> AdvisoryImportReport {
        // Permission first, so an unauthorized caller learns nothing about the records it sent.
        try await authorize(.advisoryManage, ctx)
        let parsed: [(OSVAdvisory, JSONValue)]
        do {
            guard records.count <= Self.maxAdvisoriesPerImport else {
                throw WardenError.invalidInput("at most \(Self.maxAdvisoriesPerImport) advisories per import; send them in batches")
            }
            parsed = try records.enumerated().map { i, json in
                do { return (try OSVAdvisory(json: json), json) } catch {
                    let id = json["id"]?.stringValue.map { " (\($0.prefix(64)))" } ?? ""
                    throw WardenError.invalidInput("advisory \(i + 1)\(id) is not an OSV record: \(error)")
                }
            }
        }
        let suspendAt = policy.advisorySuspendSeverity
        let report: AdvisoryImportReport = try await perform(ctx, action: "advisory.import", subject: "advisories") { tx, now in
            try self.require(.advisoryManage, ctx)
            var report = AdvisoryImportReport()
            let known = try tx.advisoryVersions()
            var changed: [OSVAdvisory] = []
            for (advisory, json) in parsed {
                switch known[advisory.id] {
                case nil: report.imported += 1
                case let m? where m < advisory.modified: report.updated += 1
                default: report.unchanged += 1; continue
                }
                try tx.putAdvisoryRecord(id: advisory.id, modified: advisory.modified, record: json.canonicalString,
                                         packages: Self.packageKeys(of: advisory), at: now)
                changed.append(advisory)
            }
            // Unchanged advisories were matched when they came (and every proposal since was matched against them):
            // only new and updated ones can find something new, which keeps the write transaction short.
            let versions = try tx.allToolVersions().filter { Self.mayServe($0.state) }
            (report.newFindings, report.suspended) = try self.recordFindings(tx, versions: versions, advisories: changed, ctx: ctx,
                                                                             suspendAt: suspendAt, now: now)
            return (report, ["imported": "\(report.imported)", "updated": "\(report.updated)", "unchanged": "\(report.unchanged)",
                             "newFindings": "\(report.newFindings.count)", "suspended": "\(report.suspended.count)"])
        }
        for f in report.newFindings { Counter(label: "warden_advisory_findings_total", dimensions: [("severity", f.severity.rawValue)]).increment() }
        if !report.suspended.isEmpty { await onServingChange() }
        return report
    }

    /// Findings on every tool, or on `toolName`. Needs `tool.read`.
    public func advisoryFindings(_ ctx: CallContext, toolName: String?) async throws -> [AdvisoryFinding] {
        try await authorize(.toolRead, ctx)
        return try await store.read { tx in try tx.advisoryFindings(toolName: toolName) }
    }

    static func mayServe(_ state: LifecycleState) -> Bool {
        switch state {
        case .rejected, .withdrawn, .decommissioned, .superseded: return false
        default: return true
        }
    }

    /// The stored advisories that name a package `dependencies` hold.
    static func storedAdvisories(_ tx: any StoreReader, for dependencies: [PackageDependency]) throws -> [OSVAdvisory] {
        let keys = Set(dependencies.map { "\($0.ecosystem.rawValue):\($0.normalizedName)" })
        // Records were validated when imported; one that no longer decodes (a newer format) is skipped, not fatal.
        return try tx.advisoryRecords(affecting: keys).compactMap { r in
            (try? JSONValue(parsing: Array(r.utf8))).flatMap { try? OSVAdvisory(json: $0) }
        }
    }

    /// `ecosystem:normalized name` of every package an advisory names, the keys it is found by.
    static func packageKeys(of advisory: OSVAdvisory) -> Set<String> {
        Set(advisory.affected.compactMap { a in
            a.package.flatMap { p in Ecosystem(osvName: p.ecosystem).map { "\($0.rawValue):\($0.normalizedName(p.name))" } }
        })
    }

    /// Matches `advisories` against `versions`, records the new findings with their audit events, and suspends the
    /// active versions the policy says to. Runs inside the caller's transaction.
    /// - Parameter renewCheck: whether a version with new findings gets its `dependencies` check result renewed (a
    ///   proposal runs all its checks right after, so it says no).
    func recordFindings(_ tx: any StoreWriter, versions: [ToolVersionRecord], advisories: [OSVAdvisory], ctx: CallContext,
                        suspendAt: AdvisorySeverity?, renewCheck: Bool = true, now: Date) throws -> ([AdvisoryFinding], [String]) {
        var found: [AdvisoryFinding] = []
        var suspended: [String] = []
        for record in versions {
            let deps = record.definition.allDependencies
            guard !deps.isEmpty else { continue }
            var worst: AdvisoryFinding?
            for match in AdvisoryMatcher.matches(deps, advisories) {
                let finding = AdvisoryFinding(toolName: record.name, version: record.version, match: match, foundAt: now)
                guard try tx.insertAdvisoryFinding(finding) else { continue }
                found.append(finding)
                if worst.map({ finding.severity > $0.severity }) ?? true { worst = finding }
                try tx.appendAudit(AuditDraft(actor: ctx.principal.id, action: "advisory.matched",
                                              subject: "tool:\(record.name)@\(record.version)", requestID: ctx.requestID,
                                              outcome: .success, detail: [
                                                "advisory": finding.advisoryID, "severity": finding.severity.rawValue,
                                                "package": "\(finding.dependency.ecosystem.rawValue):\(finding.dependency.name)@\(finding.dependency.version)",
                                              ]), at: now)
            }
            if worst != nil, renewCheck { try rerunDependencyCheck(tx, record.definition, at: now) }
            guard let worst, let threshold = suspendAt, worst.severity >= threshold, record.state == .active else { continue }
            let reason = "advisory \(worst.advisoryID) (\(worst.severity.rawValue)) affects \(worst.dependency.name) \(worst.dependency.version)"
            suspended.append(try Self.suspendBySystem(tx, record, reason: reason, policy: "advisorySuspendSeverity=\(threshold.rawValue)",
                                                      requestID: ctx.requestID, at: now))
        }
        return (found, suspended)
    }
}
