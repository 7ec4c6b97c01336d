import ArgumentParser
import Foundation
import WardenCore

/// `warden tool apply`.
struct ToolApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Propose every new tool and version in a directory of definitions.",
        discussion: """
            Makes the same plan as `warden tool plan DIR` and, when no file is invalid or in conflict, proposes \
            each new tool and version (versions of one tool in ascending order). When the plan has errors, \
            nothing is submitted and the command exits 1. Proposals still need reviews, votes and a decision.
            """)

    @Argument(help: ArgumentHelp("The directory of definitions.", valueName: "dir")) var directory: String
    @OptionGroup var client: ClientOptions

    struct ApplyResult: Encodable {
        var plan: ToolPlan
        var proposed: [ToolVersionRecord]
        var error: ErrorInfo?
        var applied: Bool
    }

    struct ErrorInfo: Encodable {
        var file: String
        var code: String
        var message: String
        var requestId: String?
    }

    func run() async throws {
        var exit: Int32 = 0
        try await client.run { api in
            let files = try ToolPlanner.read(directory: directory)
            let plan = try await ToolPlanner.plan(files, api: api)
            if plan.hasErrors {
                if client.json {
                    try Output.printJSON(value: ApplyResult(plan: plan, proposed: [], error: nil, applied: false))
                } else {
                    ToolPlanner.printPlan(plan, directory: directory)
                }
                Output.error("error: the plan has conflicts or invalid files; nothing was submitted")
                exit = 1
                return
            }
            if !client.json { ToolPlanner.printPlan(plan, directory: directory) }
            let byFile = Dictionary(files.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
            let todo = plan.items
                .filter { $0.action == .proposeTool || $0.action == .proposeVersion }
                .sorted { a, b in
                    if a.name != b.name { return (a.name ?? "") < (b.name ?? "") }
                    guard let x = a.version.flatMap({ SemanticVersion($0) }), let y = b.version.flatMap({ SemanticVersion($0) }) else {
                        return false
                    }
                    return x < y
                }
            var proposed: [ToolVersionRecord] = []
            var failure: ErrorInfo?
            for item in todo {
                guard let local = byFile[item.file], let json = local.json else { continue }
                do {
                    let record = try await api.call(ToolVersionRecord.self, .POST, ["v1", "tools"], body: json.canonicalData).value
                    proposed.append(record)
                    if !client.json { print("proposed \(record.name) \(record.version) from \(item.file) (state \(record.state.rawValue))") }
                } catch let e as APIError {
                    failure = ErrorInfo(file: item.file, code: e.code, message: e.message, requestId: e.requestID)
                    if !client.json { Output.error("\(item.file): \(e.description)") }
                    break
                }
            }
            if client.json {
                try Output.printJSON(value: ApplyResult(plan: plan, proposed: proposed, error: failure, applied: failure == nil))
            } else if todo.isEmpty {
                // printPlan said "no changes" already.
            } else if failure == nil {
                print("Applied: proposed \(Output.count(proposed.count, "definition")).")
            }
            if failure != nil {
                Output.error("error: stopped after proposing \(proposed.count) of \(todo.count); fix the file and run apply again (proposed ones are now unchanged)")
                exit = 1
            }
        }
        if exit != 0 { throw ExitCode(exit) }
    }
}
