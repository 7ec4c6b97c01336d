import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden tool vote`.
struct ToolVoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Vote, as a governance board member, to approve or reject a proposed version.",
        discussion: """
            A later vote replaces your earlier one. Votes are taken until the decision is recorded; the \
            proposer's own vote never counts. `warden tool status NAME VERSION` shows how many votes are counted.
            """)

    enum Choice: String, EnumerableFlag {
        case approve, reject
        static func help(for value: Choice) -> ArgumentHelp? {
            value == .approve ? "Vote to approve." : "Vote to reject."
        }
    }

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version voted on.") var version: String
    @Flag var choice: Choice
    @Option(help: "A comment for the record.") var comment: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            let (vote, raw) = try await api.post(Approval.self, ["v1", "tools", name, "versions", v.description, "approvals"],
                                                 json: ApprovalRequest(approve: choice == .approve, comment: comment))
            if client.json { return try Output.printJSON(raw) }
            print("Recorded \(vote.approver)'s vote to \(vote.approve ? "approve" : "reject") \(name) \(v).")
        }
    }
}
