import ArgumentParser
import Foundation
import WardenCore

/// `warden tool decide`.
struct ToolDecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record the governance board's decision on a proposed version.",
        discussion: """
            The approval rule must be met (see `warden tool status`). An approval with conditions needs \
            --conditions FILE (YAML or JSON) with any of: rateLimit {requests, perSeconds}, requiredRole, \
            timeoutMs, reviewIntervalDays, notes (a list). Conditions may only narrow what the tool may do.

            By default a version with an open critical finding of the automated checks (`warden review checks`)             cannot be approved. To approve it anyway, waive each such finding code with --waive CODE and say why             with --waiver-reason; the waiver is kept with the decision and in the audit log.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version decided on.") var version: String
    @Option(help: "approved, approved_with_conditions or rejected.") var outcome: DecisionOutcomeArgument
    @Option(help: "The reasons for the decision, for the record.") var reasons: String
    @Option(help: ArgumentHelp("The conditions file, for approved_with_conditions.", valueName: "file")) var conditions: String?
    @Option(name: .customLong("waive"), help: ArgumentHelp("A blocking finding code to accept (repeat for several).", valueName: "code"))
    var waivedCodes: [String] = []
    @Option(help: "Why approving despite the waived findings is right (at least 20 characters).") var waiverReason: String?
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
            switch (waivedCodes.isEmpty, waiverReason) {
            case (true, nil): break
            case (false, let reason?): request.waiver = FindingWaiver(codes: waivedCodes, reason: reason)
            case (true, _?): throw CLIFailure.usage("--waiver-reason needs the finding codes it waives (--waive CODE)")
            case (false, nil): throw CLIFailure.usage("--waive needs --waiver-reason: say why the findings are acceptable")
            }
            if outcome == .approvedWithConditions && request.conditions == nil {
                throw CLIFailure.usage("an approval with conditions needs --conditions FILE")
            }
            if outcome != .approvedWithConditions && request.conditions != nil {
                throw CLIFailure.usage("--conditions goes only with --outcome approved_with_conditions")
            }
            let (record, raw) = try await api.post(ToolVersionRecord.self, ["v1", "tools", name, "versions", v.description, "decision"],
                                                   json: request)
            if client.json { return try Output.printJSON(raw) }
            print("Recorded the decision on \(record.name) \(record.version): \(record.decision?.outcome.rawValue ?? outcome.rawValue); it is now \(record.state.rawValue).")
            if let w = record.decision?.waiver { print("Waived: \(w.codes.joined(separator: ", ")).") }
            if record.state == .approved {
                print("Next: activate it with `warden tool activate \(record.name) --version \(record.version)`.")
            }
        }
    }
}
