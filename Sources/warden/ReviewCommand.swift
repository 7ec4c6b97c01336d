import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden review`: periodic reviews of serving tools.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Periodic reviews: what is due, and recording one.",
        discussion: """
            Every active tool has a periodic review due date, set at activation from its approval conditions, the \
            review interval for the most sensitive data it touches, or the default (365 days; see \
            governance.reviewIntervalDays and reviewIntervalDaysBySensitivity). By default an active tool whose review is \
            overdue by 30 days is suspended (governance.reviewOverdueSuspendAfterDays); GET /metrics shows \
            warden_tool_review_overdue_days per tool.
            """,
        subcommands: [ReviewDueCommand.self, ReviewRecordCommand.self, ReviewChecksCommand.self])
}

/// `warden review due`.
struct ReviewDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List serving tools whose periodic review is overdue or due soon, most overdue first.")

    @Option(help: ArgumentHelp("Also list reviews due within this many days.", valueName: "days")) var within = 30
    @OptionGroup var client: ClientOptions

    struct Page: Codable { var reviews: [ReviewDueItem] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Page.self, ["v1", "reviews", "due"], query: [("within", "\(within)")])
            if client.json { return try Output.printJSON(raw) }
            if page.reviews.isEmpty { return print("no periodic reviews overdue or due within \(within) days") }
            Output.printTable(["TOOL", "STATE", "OWNER", "DUE", "STATUS"], page.reviews.map { r in
                [ "\(r.name)@\(r.version)", r.state.rawValue, r.owner, Output.date(r.reviewDueAt),
                  r.status == .overdue ? "OVERDUE by \(Output.count(r.daysOverdue, "day"))" : "due" ]
            })
            let overdue = page.reviews.filter { $0.status == .overdue }.count
            if overdue > 0 { Output.error("record a review with `warden review record NAME --notes \"...\"` (governance board)") }
        }
    }
}

/// `warden review record NAME`.
struct ReviewRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a periodic review of a tool's serving version and set its next due date.",
        discussion: "Needs the decision.record permission (governance board). A suspended tool stays suspended: resume it with `warden tool resume`.")

    @Argument(help: "The tool's name.") var name: String
    @Option(help: "What the review checked and found (relevance, security posture, compliance).") var notes: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let (record, raw) = try await api.post(ToolVersionRecord.self, ["v1", "tools", name, "periodic-reviews"],
                                                   json: PeriodicReviewRequest(notes: notes))
            if client.json { return try Output.printJSON(raw) }
            print("Reviewed \(record.name) \(record.version); next review due \(Output.date(record.reviewDueAt))")
        }
    }
}

/// `warden review checks NAME VERSION`.
struct ReviewChecksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "Show the automated onboarding checks of a version (or run them again with --rerun).",
        discussion: """
            Every proposed version is checked at once: schema lint (closed objects, bounded strings and arrays, \
            required fields, no unbounded recursion), least privilege (role for sensitive data, credentials used and \
            not shared, third parties and restricted data, provider hosts in governance.checks.hostAllowList) and \
            description safety (instructions aimed at the model, hidden Unicode, encoded blobs, unknown URLs). Each \
            finding has a stable code, a severity and the JSON Pointer of the field. --rerun needs a reviewer's role.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version.") var version: String
    @Flag(help: "Run the checks again and store the new results.") var rerun = false
    @OptionGroup var client: ClientOptions

    struct Page: Codable { var checks: [CheckResult] }

    func run() async throws {
        try await client.run { api in
            let path = ["v1", "tools", name, "versions", version, "checks"]
            let (page, raw) = rerun
                ? try await api.call(Page.self, .POST, path)
                : try await api.get(Page.self, path)
            if client.json { return try Output.printJSON(raw) }
            for result in page.checks {
                switch result.status {
                case .passed: print("\(result.check) \(result.version): passed")
                case .notRun(let reason): print("\(result.check) \(result.version): did not run: \(reason)")
                case .findings:
                    print("\(result.check) \(result.version): \(Output.count(result.findings.count, "finding"))")
                    Output.printTable(["SEVERITY", "CODE", "WHERE", "FINDING"], result.findings.map {
                        [$0.severity.rawValue, $0.code.rawValue, $0.pointer ?? "-", $0.title]
                    }, indent: "  ")
                }
            }
        }
    }
}
