import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// The automated onboarding checks every proposed version gets at once, in its proposal's transaction: schema
    /// lint, least privilege, description safety and dependencies (the advisory matches of
    /// ``importAdvisories(_:records:)``). The checks that call the real tool run afterwards in the background
    /// (``CheckRunner``).
    public static let onboardingChecks: [any OnboardingCheck] = [
        SchemaLintCheck(), LeastPrivilegeCheck(), DescriptionSafetyCheck(), DependencyAdvisoryCheck(),
    ]

    /// Runs the checks on `definition` and stores their results, inside the caller's transaction.
    func runChecks(_ tx: any StoreWriter, _ definition: ToolDefinition, at now: Date) throws -> [CheckResult] {
        let others = try tx.allToolVersions().filter { $0.name != definition.name }.map(\.definition)
        let context = CheckContext(hostAllowList: policy.checkHostAllowList, otherTools: others, knownHosts: policy.checkKnownHosts,
                                   advisoryFindings: try tx.advisoryFindings(toolName: definition.name))
        var results: [CheckResult] = []
        for check in Self.onboardingChecks {
            let result = check.run(definition, context: context)
            try tx.putCheckResult(name: definition.name, version: definition.version, result, at: now)
            results.append(result)
        }
        return results
    }

    /// Runs the dependency check again on `definition` (after an advisory import found something new), inside the
    /// caller's transaction.
    func rerunDependencyCheck(_ tx: any StoreWriter, _ definition: ToolDefinition, at now: Date) throws {
        let context = CheckContext(advisoryFindings: try tx.advisoryFindings(toolName: definition.name))
        try tx.putCheckResult(name: definition.name, version: definition.version, DependencyAdvisoryCheck().run(definition, context: context), at: now)
    }

    /// Audit detail summing up check results: how many findings, the worst severity.
    static func checkSummary(_ results: [CheckResult]) -> [String: String] {
        let findings = results.flatMap(\.findings)
        var d = ["checkFindings": "\(findings.count)"]
        if let worst = findings.map(\.severity).max() { d["checkHighest"] = worst.rawValue }
        return d
    }

    /// The latest automated check results on a version, with the latest background run of its live checks (when
    /// this Warden still knows it). Needs `tool.read`.
    /// - Throws: `forbidden`; `not_found` for an unknown tool or version.
    public func checkResults(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> CheckReport {
        try await authorize(.toolRead, ctx)
        let results = try await store.read { tx in
            _ = try Self.version(tx, name, version)
            return try tx.checkResults(name: name, version: version)
        }
        return CheckReport(checks: results, run: checkRunner?.runs(name: name, version: version).last)
    }

    /// Runs the checks on a version again (after the allow-lists changed, say): the definition checks at once,
    /// replacing their stored results, and the live checks in the background (see ``CheckReport/run``).
    /// Needs a review permission or `tool.propose`.
    /// - Throws: `forbidden`; `not_found`.
    public func rerunChecks(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> CheckReport {
        let (results, record) = try await perform(ctx, action: "tool.checks", subject: "tool:\(name.prefix(64))@\(version)") { tx, now in
            let allowed: [Permission] = [.reviewSecurity, .reviewFunctional, .reviewCompliance, .reviewRisk, .toolPropose]
            guard allowed.contains(where: { self.policy.access.allows($0, roles: ctx.principal.roles) }) else {
                throw WardenError.forbidden("running onboarding checks needs a reviewer's role or tool.propose")
            }
            let record = try Self.version(tx, name, version)
            let results = try self.runChecks(tx, record.definition, at: now)
            return ((results, record), Self.checkSummary(results))
        }
        let run = checkRunner?.enqueue(record, requestedBy: ctx.principal.id)
        return CheckReport(checks: results, run: run)
    }

    /// A background run of the live checks, by id. Needs `tool.read`.
    /// - Throws: `forbidden`; `not_found` when no run has that id (runs are kept in memory, the last 500).
    public func checkRun(_ ctx: CallContext, id: String) async throws -> CheckRun {
        try await authorize(.toolRead, ctx)
        guard let run = checkRunner?.run(id: id) else {
            throw WardenError.notFound("no check run has the id '\(id.prefix(64))'; runs are kept while this Warden runs "
                + "(the stored results are at /v1/tools/{name}/versions/{version}/checks)")
        }
        return run
    }
}

/// A version's automated check results and the latest background run of its live checks.
public struct CheckReport: Sendable, Codable, Equatable {
    public var checks: [CheckResult]
    /// The latest run of the live checks this Warden knows of; `nil` after a restart or when none was queued.
    public var run: CheckRun?

    public init(checks: [CheckResult], run: CheckRun?) {
        self.checks = checks
        self.run = run
    }
}
