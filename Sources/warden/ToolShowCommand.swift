import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden tool show`.
struct ToolShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a tool's versions and history, or one version's reviews, votes and decision.",
        discussion: """
            Without --version: the tool at a glance, every version with its state, and the lifecycle history. \
            With --version: that version's definition as served (conditions applied), its reviews, the board's \
            votes, the decision, and what the approval rule still needs.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Option(help: "Show this version in detail.") var version: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            if let text = version {
                let v = try VersionArgument.parse(text)
                let (d, raw) = try await api.get(ToolVersionDetail.self, ["v1", "tools", name, "versions", v.description])
                if client.json { return try Output.printJSON(raw) }
                printVersion(d)
            } else {
                let (d, raw) = try await api.get(ToolDetail.self, ["v1", "tools", name])
                if client.json { return try Output.printJSON(raw) }
                printTool(d)
            }
        }
    }

    func printTool(_ d: ToolDetail) {
        let s = d.summary
        print("\(s.name): \(s.title)")
        print("state:      \(s.state.rawValue)")
        print("active:     \(s.activeVersion?.description ?? "none")")
        print("latest:     \(s.latestVersion)")
        print("owner:      \(s.owner)")
        print("role:       \(s.requiredRole.rawValue)")
        print("review due: \(s.reviewDueAt.map(Output.date) ?? "-")")
        print("")
        print("versions:")
        let rows = d.versions.sorted { $0.version < $1.version }.map { r in
            [r.version.description, r.state.rawValue, r.proposer, Output.date(r.proposedAt),
             r.decision.map { "\($0.outcome.rawValue) by \($0.decidedBy)" } ?? "-", String(r.digest.prefix(12))]
        }
        Output.printTable(["VERSION", "STATE", "PROPOSER", "PROPOSED", "DECISION", "DIGEST"], rows, indent: "  ")
        if !d.transitions.isEmpty {
            print("")
            print("history:")
            let rows = d.transitions.map { t in
                [Output.date(t.at), t.version.description, t.event.rawValue, "\(t.from.rawValue) → \(t.to.rawValue)", t.actor,
                 t.reason ?? ""]
            }
            Output.printTable(["AT", "VERSION", "EVENT", "STATE", "ACTOR", "REASON"], rows, indent: "  ")
        }
    }

    func printVersion(_ d: ToolVersionDetail) {
        let r = d.record, def = d.effectiveDefinition
        print("\(r.name) \(r.version): \(def.title)")
        print("state:       \(r.state.rawValue)")
        print("proposer:    \(r.proposer) at \(Output.date(r.proposedAt))")
        print("digest:      \(r.digest)")
        print("owner:       \(def.owner)")
        print("provider:    \(def.provider.kind.rawValue) (\(def.provider.origin.rawValue)\(def.provider.vendor.map { ", \($0)" } ?? ""))")
        print("role:        \(def.requiredRole.rawValue)")
        print("timeout:     \(def.timeoutMs) ms")
        print("rate limit:  \(def.rateLimit.map { "\($0.requests) per \($0.perSeconds)s" } ?? "none")")
        print("data:        reads \(def.dataRequirements.reads.map(\.rawValue).joined(separator: ", ")); returns \(def.dataRequirements.returns.map(\.rawValue).joined(separator: ", "))")
        if let due = r.reviewDueAt { print("review due:  \(Output.date(due))") }
        print("description: \(def.description)")
        print("")
        if d.reviews.isEmpty {
            print("reviews: none yet")
        } else {
            print("reviews:")
            let rows = d.reviews.map { v in
                [v.submission.kind.rawValue, v.submission.verdict.rawValue, v.reviewer, Output.date(v.filedAt),
                 "\(v.submission.findings.count)", v.submission.summary.replacingOccurrences(of: "\n", with: " ")]
            }
            Output.printTable(["KIND", "VERDICT", "REVIEWER", "FILED", "FINDINGS", "SUMMARY"], rows, indent: "  ")
        }
        if d.approvals.isEmpty {
            print("votes: none yet")
        } else {
            print("votes:")
            let rows = d.approvals.map { a in
                [a.approver, a.approve ? "approve" : "reject", Output.date(a.at), a.comment ?? ""]
            }
            Output.printTable(["APPROVER", "VOTE", "AT", "COMMENT"], rows, indent: "  ")
        }
        if let dec = r.decision {
            print("decision: \(dec.outcome.rawValue) by \(dec.decidedBy) at \(Output.date(dec.decidedAt)); approvers \(dec.approvers.joined(separator: ", "))")
            print("  reasons: \(dec.reasons)")
            if let c = dec.conditions, !c.isEmpty, let text = try? JSONValue.encoding(c).canonicalString {
                print("  conditions: \(text)")
            }
        } else {
            ToolStatusCommand.printStatus(d.approvalStatus, name: r.name, version: r.version.description)
        }
    }
}
