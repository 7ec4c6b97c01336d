import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden tool list`.
struct ToolListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every tool with its state, serving and newest versions.",
        discussion: "STATE is the state of the serving version, or of the newest version when none serves.")

    @OptionGroup var client: ClientOptions

    struct Page: Decodable { var tools: [ToolSummary] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Page.self, ["v1", "tools"])
            if client.json { return try Output.printJSON(raw) }
            if page.tools.isEmpty { return print("no tools yet; propose one with `warden tool propose FILE`") }
            let rows = page.tools.map { t in
                [t.name, t.state.rawValue, t.activeVersion?.description ?? "-", t.latestVersion.description,
                 "\(t.versions)", t.requiredRole.rawValue, t.owner, t.reviewDueAt.map(Output.date) ?? "-", t.title]
            }
            Output.printTable(["NAME", "STATE", "ACTIVE", "LATEST", "VERSIONS", "ROLE", "OWNER", "REVIEW DUE", "TITLE"], rows)
        }
    }
}
