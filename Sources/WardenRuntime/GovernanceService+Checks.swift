import Foundation
import WardenCore
import WardenStore

extension GovernanceService {
    /// The automated onboarding checks every proposed version gets: schema lint, least privilege, description safety.
    /// (Dependency advisories are matched at proposal too; see ``importAdvisories(_:records:)``.)
    public static let onboardingChecks: [any OnboardingCheck] = [SchemaLintCheck(), LeastPrivilegeCheck(), DescriptionSafetyCheck()]

    /// Runs the checks on `definition` and stores their results, inside the caller's transaction.
    func runChecks(_ tx: any StoreWriter, _ definition: ToolDefinition, at now: Date) throws -> [CheckResult] {
        let others = try tx.allToolVersions().filter { $0.name != definition.name }.map(\.definition)
        let context = CheckContext(hostAllowList: policy.checkHostAllowList, otherTools: others, knownHosts: policy.checkKnownHosts)
        var results: [CheckResult] = []
        for check in Self.onboardingChecks {
            let result = check.run(definition, context: context)
            try tx.putCheckResult(name: definition.name, version: definition.version, result, at: now)
            results.append(result)
        }
        return results
    }

    /// Audit detail summing up check results: how many findings, the worst severity.
    static func checkSummary(_ results: [CheckResult]) -> [String: String] {
        let findings = results.flatMap(\.findings)
        var d = ["checkFindings": "\(findings.count)"]
        if let worst = findings.map(\.severity).max() { d["checkHighest"] = worst.rawValue }
        return d
    }

    /// The latest automated check results on a version. Needs `tool.read`.
    /// - Throws: `forbidden`; `not_found` for an unknown tool or version.
    public func checkResults(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> [CheckResult] {
        try await authorize(.toolRead, ctx)
        return try await store.read { tx in
            _ = try Self.version(tx, name, version)
            return try tx.checkResults(name: name, version: version)
        }
    }

    /// Runs the checks on a version again (after the allow-lists changed, say), replacing the stored results.
    /// Needs a review permission or `tool.propose`.
    /// - Throws: `forbidden`; `not_found`.
    public func rerunChecks(_ ctx: CallContext, name: String, version: SemanticVersion) async throws -> [CheckResult] {
        try await perform(ctx, action: "tool.checks", subject: "tool:\(name.prefix(64))@\(version)") { tx, now in
            let allowed: [Permission] = [.reviewSecurity, .reviewFunctional, .reviewCompliance, .reviewRisk, .toolPropose]
            guard allowed.contains(where: { self.policy.access.allows($0, roles: ctx.principal.roles) }) else {
                throw WardenError.forbidden("running onboarding checks needs a reviewer's role or tool.propose")
            }
            let record = try Self.version(tx, name, version)
            let results = try self.runChecks(tx, record.definition, at: now)
            return (results, Self.checkSummary(results))
        }
    }
}
