import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// The agent lifecycle commands (`agent activate`, `suspend`, `resume`, `decommission`): each sends one
/// ``TransitionRequest``.
struct AgentTransitionOptions: ParsableArguments {
    @Argument(help: "The agent's name.") var name: String
    @Option(help: "The version to act on (default: the serving version; to activate, the newest approved one).") var version: String?
    @Option(help: "Why, for the record.") var reason: String?
    @OptionGroup var client: ClientOptions

    func perform(_ action: TransitionRequest.Action) async throws {
        try await client.run { api in
            let v = try version.map { try VersionArgument.parse($0) }
            let (record, raw) = try await api.post(AgentVersionRecord.self, ["v1", "agents", name, "transitions"],
                                                   json: TransitionRequest(action: action, version: v, reason: reason))
            if client.json { return try Output.printJSON(raw) }
            var line = "Agent \(record.name) \(record.version) is now \(record.state.rawValue)"
            if action == .activate, let due = record.reviewDueAt { line += "; its periodic review is due \(Output.date(due))" }
            print(line + ".")
        }
    }
}

struct AgentActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Start calling an approved agent version.")
    @OptionGroup var options: AgentTransitionOptions
    func run() async throws { try await options.perform(.activate) }
}

struct AgentSuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Stop calling an agent for now; `agent resume` calls it again.")
    @OptionGroup var options: AgentTransitionOptions
    func run() async throws { try await options.perform(.suspend) }
}

struct AgentResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Call a suspended agent version again.")
    @OptionGroup var options: AgentTransitionOptions
    func run() async throws { try await options.perform(.resume) }
}

struct AgentDecommissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decommission", abstract: "Remove an agent for good; Warden never calls that version again.")
    @OptionGroup var options: AgentTransitionOptions
    func run() async throws { try await options.perform(.decommission) }
}

/// `warden agent refresh`.
struct AgentRefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch an agent's card now; a card whose skills, schemas or interfaces changed quarantines the agent.")

    @Argument(help: "The agent's name.") var name: String
    @OptionGroup var client: ClientOptions

    struct Report: Decodable {
        var agent: String
        var outcome: String
        var changed: [String]?
        var proposedVersion: String?
        var reason: String?
    }

    func run() async throws {
        try await client.run { api in
            let (r, raw) = try await api.call(Report.self, .POST, ["v1", "agents", name, "refresh"])
            if client.json { return try Output.printJSON(raw) }
            switch r.outcome {
            case "unchanged": print("The card of \(r.agent) is as reviewed.")
            case "inline": print("\(r.agent) has an inline card; register a new version to change it.")
            case "unreachable": print("The card of \(r.agent) could not be fetched: \(r.reason ?? "unknown"). The agent keeps serving; try again later.")
            default:
                print("The card of \(r.agent) changed (\((r.changed ?? []).joined(separator: ", "))): the agent is suspended, and version \(r.proposedVersion ?? "?") with the new card waits for review.")
            }
        }
    }
}
