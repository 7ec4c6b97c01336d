import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden tool diff`.
struct ToolDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions of a tool.",
        discussion: """
            One line per change, by JSON Pointer path into the definition:
              ~ /path: old → new    (changed)
              + /path: new          (added)
              - /path: old          (removed)
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The older version.") var from: String
    @Argument(help: "The newer version.") var to: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let a = try VersionArgument.parse(from), b = try VersionArgument.parse(to)
            let (diff, raw) = try await api.get(ToolDiff.self, ["v1", "tools", name, "diff"],
                                                query: [("from", a.description), ("to", b.description)])
            if client.json { return try Output.printJSON(raw) }
            if diff.changes.isEmpty {
                print("\(diff.name) \(diff.from) → \(diff.to): no differences")
                return
            }
            print("\(diff.name) \(diff.from) → \(diff.to): \(Output.count(diff.changes.count, "change"))")
            for line in Output.changeLines(diff.changes) { print(line) }
        }
    }
}
