import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// The lifecycle commands (`tool activate`, `suspend`, `resume`, `deprecate`, `decommission`, `withdraw`):
/// each sends one ``TransitionRequest``. The shared options and behaviour live here; the six commands
/// below only name their action and explain it.
struct ToolTransitionOptions: ParsableArguments {
    @Argument(help: "The tool's name.") var name: String
    @Option(help: "The version to act on (default: the serving version; to activate, the newest approved one).")
    var version: String?
    @Option(help: "Why, for the record.") var reason: String?
    @OptionGroup var client: ClientOptions

    func perform(_ action: TransitionRequest.Action) async throws {
        try await client.run { api in
            let v = try version.map { try VersionArgument.parse($0) }
            let (record, raw) = try await api.post(ToolVersionRecord.self, ["v1", "tools", name, "transitions"],
                                                   json: TransitionRequest(action: action, version: v, reason: reason))
            if client.json { return try Output.printJSON(raw) }
            var line = "\(record.name) \(record.version) is now \(record.state.rawValue)"
            if action == .activate, let due = record.reviewDueAt { line += "; its periodic review is due \(Output.date(due))" }
            print(line + ".")
        }
    }
}

struct ToolActivateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate",
        abstract: "Start serving an approved version (a previously serving version is superseded).")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.activate) }
}

struct ToolSuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend",
        abstract: "Stop serving a tool for now (e.g. during an incident); `tool resume` serves it again.")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.suspend) }
}

struct ToolResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Serve a suspended version again.")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.resume) }
}

struct ToolDeprecateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deprecate",
        abstract: "Mark a serving version for retirement; it still serves, and agents are told to move on.")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.deprecate) }
}

struct ToolDecommissionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decommission",
        abstract: "Retire a version for good; it never serves again.")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.decommission) }
}

struct ToolWithdrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: "Withdraw a proposal before the decision.",
        discussion: "Give --version unless the tool has a single proposed version.")
    @OptionGroup var options: ToolTransitionOptions
    func run() async throws { try await options.perform(.withdraw) }
}
