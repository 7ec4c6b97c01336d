import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden agent review`: files a review of an agent version, in the same format as a tool's.
struct AgentReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "File a security, functional, compliance or risk review of an agent version.",
        discussion: "The file has the format of `warden tool review` (see `warden tool review --help`). You may not review an agent you registered.")

    @Argument(help: "The agent's name.") var name: String
    @Argument(help: "The version reviewed.") var version: String
    @Option(help: ArgumentHelp("The review file (.yaml, .yml or .json).", valueName: "file")) var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            let json = try ToolReviewCommand.reviewJSON(file)
            let (review, raw) = try await api.call(Review.self, .POST, ["v1", "agents", name, "versions", v.description, "reviews"],
                                                   body: json.canonicalData)
            if client.json { return try Output.printJSON(raw) }
            print("Filed a \(review.submission.kind.rawValue) review of agent \(review.toolName) \(review.version): verdict \(review.submission.verdict.rawValue).")
        }
    }
}

/// `warden agent vote`.
struct AgentVoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Vote on an agent version as a governance board member (replaces your earlier vote).")

    @Argument(help: "The agent's name.") var name: String
    @Argument(help: "The version voted on.") var version: String
    @Flag(exclusivity: .exclusive, help: "Your vote.") var vote: VoteChoice
    @Option(help: "A comment for the record.") var comment: String?
    @OptionGroup var client: ClientOptions

    enum VoteChoice: EnumerableFlag { case approve, reject }

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            let (a, raw) = try await api.post(Approval.self, ["v1", "agents", name, "versions", v.description, "approvals"],
                                              json: ApprovalRequest(approve: vote == .approve, comment: comment))
            if client.json { return try Output.printJSON(raw) }
            print("Recorded \(a.approver)'s vote on agent \(name) \(v): \(a.approve ? "approve" : "reject").")
        }
    }
}

/// `warden agent decide`.
struct AgentDecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the governance board's decision on an agent version.",
        discussion: "The approval rule must be met (`warden agent show NAME VERSION` shows what is missing). Conditions (--conditions FILE) may lower the rate limit or the timeout, set reviewIntervalDays and add notes.")

    @Argument(help: "The agent's name.") var name: String
    @Argument(help: "The version decided on.") var version: String
    @Option(help: "approved, approved_with_conditions or rejected.") var outcome: DecisionOutcomeArgument
    @Option(help: "The reasons for the decision, for the record.") var reasons: String
    @Option(help: ArgumentHelp("The conditions file, for approved_with_conditions.", valueName: "file")) var conditions: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            var request = DecisionRequest(outcome: outcome.outcome, reasons: reasons)
            if let path = conditions {
                do throws(DocumentLoader.LoadError) {
                    request.conditions = try DocumentLoader.loadStrict(ApprovalConditions.self, path: path, what: "set of approval conditions").value
                } catch {
                    throw CLIFailure.usage(error.message)
                }
            }
            let (record, raw) = try await api.post(AgentVersionRecord.self, ["v1", "agents", name, "versions", v.description, "decision"],
                                                   json: request)
            if client.json { return try Output.printJSON(raw) }
            print("Recorded the decision on agent \(record.name) \(record.version): \(record.decision?.outcome.rawValue ?? outcome.rawValue); it is now \(record.state.rawValue).")
            if record.state == .approved { print("Next: `warden agent activate \(record.name)`.") }
        }
    }
}
