import ArgumentParser
import Foundation
import WardenCore

/// `warden tool status`.
struct ToolStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what the approval rule still needs before a decision can be recorded.",
        discussion: """
            Lists the missing or unaccepted reviews and the votes still needed for the given outcome (default \
            approved), and which board members' votes count. Exits 0 either way.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version.") var version: String
    @Option(help: "The decision to check: approved, approved_with_conditions or rejected.") var outcome: DecisionOutcomeArgument = .approved
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            let (status, raw) = try await api.get(ApprovalStatus.self, ["v1", "tools", name, "versions", v.description, "approval-status"],
                                                  query: [("outcome", outcome.rawValue)])
            if client.json { return try Output.printJSON(raw) }
            Self.printStatus(status, name: name, version: v.description)
        }
    }

    static func printStatus(_ s: ApprovalStatus, name: String, version: String) {
        if s.satisfied {
            print("\(name) \(version): ready for the decision '\(s.outcome.rawValue)'.")
        } else {
            print("\(name) \(version): not ready for the decision '\(s.outcome.rawValue)'; still needed:")
            for u in s.unmet { print("  - \(u)") }
        }
        print("counted votes: \(s.countedApprovers.isEmpty ? "none" : s.countedApprovers.joined(separator: ", "))")
    }
}

/// A decision outcome as a command-line value.
enum DecisionOutcomeArgument: String, ExpressibleByArgument, CaseIterable {
    case approved
    case approvedWithConditions = "approved_with_conditions"
    case rejected

    var outcome: Decision.Outcome {
        switch self {
        case .approved: .approved
        case .approvedWithConditions: .approvedWithConditions
        case .rejected: .rejected
        }
    }
}
