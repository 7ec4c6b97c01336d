import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden agent show`.
struct AgentShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an agent's versions and history, or one version with its reviews and approval status.")

    @Argument(help: "The agent's name.") var name: String
    @Argument(help: "A version, to see its reviews, votes and what the approval rule still needs.") var version: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            if let version {
                let v = try VersionArgument.parse(version)
                let (d, raw) = try await api.get(AgentVersionDetail.self, ["v1", "agents", name, "versions", v.description])
                if client.json { return try Output.printJSON(raw) }
                print("\(d.record.name) \(d.record.version): \(d.record.state.rawValue), \(d.effectiveDefinition.trustLevel.rawValue), card pin \(d.record.cardPin.prefix(16))…")
                for r in d.reviews { print("  review \(r.submission.kind.rawValue) by \(r.reviewer): \(r.submission.verdict.rawValue)") }
                for a in d.approvals { print("  vote by \(a.approver): \(a.approve ? "approve" : "reject")") }
                if let decision = d.record.decision {
                    print("  decision: \(decision.outcome.rawValue) by \(decision.decidedBy)")
                } else if !d.approvalStatus.unmet.isEmpty {
                    print("  still needed: " + d.approvalStatus.unmet.joined(separator: "; "))
                }
                return
            }
            let (d, raw) = try await api.get(AgentDetail.self, ["v1", "agents", name])
            if client.json { return try Output.printJSON(raw) }
            let s = d.summary
            print("\(s.name): \(s.state.rawValue), \(s.trustLevel.rawValue), region \(s.region ?? "unknown"), clearance \(s.clearance.rawValue)\(s.piiCleared ? " with PII" : "")")
            print("skills: " + (s.skills.isEmpty ? "none" : s.skills.map { $0.id + ($0.tags.isEmpty ? "" : " [\($0.tags.joined(separator: ", "))]") }.joined(separator: "; ")))
            Output.printTable(["VERSION", "STATE", "PROPOSER", "CARD PIN"],
                              d.versions.map { [$0.version.description, $0.state.rawValue, $0.proposer, String($0.cardPin.prefix(16))] })
            for t in d.transitions {
                print("  \(Output.date(t.at)) \(t.version) \(t.event.rawValue): \(t.from.rawValue) → \(t.to.rawValue) by \(t.actor)" + (t.reason.map { " (\($0))" } ?? ""))
            }
        }
    }
}
