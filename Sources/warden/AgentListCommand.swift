import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden agent list`.
struct AgentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List registered agents; find agents by skill or tag.",
        discussion: "STATE is the state of the serving version, or of the newest version when none serves.")

    @Option(help: "Only agents whose card offers this skill id.") var skill: String?
    @Option(help: "Only agents, or agents with a skill, carrying this tag.") var tag: String?
    @Flag(help: "Only agents Warden calls now.") var serving = false
    @OptionGroup var client: ClientOptions

    struct Page: Decodable { var agents: [AgentSummary] }

    func run() async throws {
        try await client.run { api in
            var query: [(String, String)] = []
            if let skill { query.append(("skill", skill)) }
            if let tag { query.append(("tag", tag)) }
            if serving { query.append(("serving", "true")) }
            let (page, raw) = try await api.get(Page.self, ["v1", "agents"], query: query)
            if client.json { return try Output.printJSON(raw) }
            if page.agents.isEmpty {
                return print(query.isEmpty ? "no agents yet; register one with `warden agent register FILE`" : "no agent matches")
            }
            let rows = page.agents.map { a in
                [a.name, a.state.rawValue, a.activeVersion?.description ?? "-", a.trustLevel.rawValue, a.region ?? "-",
                 a.clearance.rawValue + (a.piiCleared ? "+pii" : ""), a.skills.map(\.id).joined(separator: ","),
                 a.reviewDueAt.map(Output.date) ?? "-", a.owner]
            }
            Output.printTable(["NAME", "STATE", "ACTIVE", "TRUST", "REGION", "CLEARANCE", "SKILLS", "REVIEW DUE", "OWNER"], rows)
        }
    }
}
