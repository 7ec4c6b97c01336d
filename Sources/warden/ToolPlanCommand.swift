import ArgumentParser
import Foundation
import WardenCore

/// `warden tool plan`.
struct ToolPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compare a directory of tool definitions with the server's record, without changing anything.",
        discussion: """
            Reads every *.yaml, *.yml and *.json file directly in DIR (not recursively, in name order) as a tool \
            definition and says, per file: propose_tool (a new tool), propose_version (a new version, with what \
            changed since the newest one on record), unchanged, conflict (the version is on record with different \
            content; versions are immutable, so bump it) or invalid. Exits 0 when there are no conflicts or \
            invalid files ("no changes" when there is nothing to do), 1 otherwise. `warden tool apply DIR` \
            submits the plan.
            """)

    @Argument(help: ArgumentHelp("The directory of definitions.", valueName: "dir")) var directory: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        var failed = false
        try await client.run { api in
            let files = try ToolPlanner.read(directory: directory)
            let plan = try await ToolPlanner.plan(files, api: api)
            if client.json {
                try Output.printJSON(value: plan)
            } else {
                ToolPlanner.printPlan(plan, directory: directory)
            }
            failed = plan.hasErrors
        }
        if failed { throw ExitCode(1) }
    }
}
