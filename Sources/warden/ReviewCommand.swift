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
        abstract: "List serving tools and agents whose periodic review is overdue or due soon, most overdue first.")

    @Option(help: ArgumentHelp("Also list reviews due within this many days.", valueName: "days")) var within = 30
    @OptionGroup var client: ClientOptions

    struct Page: Codable { var reviews: [ReviewDueItem] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Page.self, ["v1", "reviews", "due"], query: [("within", "\(within)")])
            if client.json { return try Output.printJSON(raw) }
            if page.reviews.isEmpty { return print("no periodic reviews overdue or due within \(within) days") }
            Output.printTable(["KIND", "NAME", "STATE", "OWNER", "DUE", "STATUS"], page.reviews.map { r in
                [ r.kind.rawValue, "\(r.name)@\(r.version)", r.state.rawValue, r.owner, Output.date(r.reviewDueAt),
                  r.status == .overdue ? "OVERDUE by \(Output.count(r.daysOverdue, "day"))" : "due" ]
            })
            let overdue = page.reviews.filter { $0.status == .overdue }.count
            if overdue > 0 { Output.error("record a review with `warden review record NAME --notes \"...\"` (add --agent for an agent; governance board)") }
        }
    }
}

/// `warden review record NAME`.
struct ReviewRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a periodic review of a tool's serving version and set its next due date.",
        discussion: "Needs the decision.record permission (governance board). A suspended tool stays suspended: resume it with `warden tool resume`.")

    @Argument(help: "The tool's (or with --agent, the agent's) name.") var name: String
    @Option(help: "What the review checked and found (relevance, security posture, compliance).") var notes: String
    @Flag(help: "Review a registered agent rather than a tool.") var agent = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            if agent {
                let (record, raw) = try await api.post(AgentVersionRecord.self, ["v1", "agents", name, "periodic-reviews"],
                                                       json: PeriodicReviewRequest(notes: notes))
                if client.json { return try Output.printJSON(raw) }
                return print("Reviewed agent \(record.name) \(record.version); next review due \(Output.date(record.reviewDueAt))")
            }
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
            Every proposed version is checked at once from its definition: schema lint (closed objects, bounded \
            strings and arrays, required fields, no unbounded recursion), least privilege (role for sensitive data, \
            credentials used and not shared, third parties and restricted data, provider hosts in \
            governance.checks.hostAllowList), description safety (instructions aimed at the model, hidden Unicode, \
            encoded blobs, unknown URLs) and dependencies (imported OSV advisories). Then, in the background, the \
            checks that exercise the real tool: the contract test (each example in the proposal, through the \
            pipeline in review mode), the load test (the proposal's loadTest against its latencyObjective) and \
            static analysis (the configured scanner, for internal tools with a sourceLocation).

            --rerun runs them all again (a reviewer's role or tool.propose) and waits for the background run, \
            showing its progress; --no-wait returns at once. Each finding has a stable code, a severity and the \
            JSON Pointer of the field. A critical finding blocks approval unless the decision waives it.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version.") var version: String
    @Flag(help: "Run the checks again and store the new results.") var rerun = false
    @Flag(help: "With --rerun: do not wait for the background checks.") var noWait = false
    @Option(help: "With --rerun: give up waiting after this many seconds.") var waitSeconds = 600
    @OptionGroup var client: ClientOptions

    struct Page: Codable { var checks: [CheckResult]; var run: CheckRun? }

    func run() async throws {
        try await client.run { api in
            let path = ["v1", "tools", name, "versions", version, "checks"]
            var (page, raw) = rerun
                ? try await api.call(Page.self, .POST, path)
                : try await api.get(Page.self, path)
            if rerun, !noWait, let run = page.run {
                let progress = ProgressLine(enabled: !client.json)
                let deadline = Date().addingTimeInterval(Double(waitSeconds))
                var current = run
                while current.state == .queued || current.state == .running {
                    progress.show(current)
                    guard Date() < deadline else {
                        progress.finish()
                        throw CLIFailure.failed("the checks are still running after \(waitSeconds) s; see them later with `warden review checks \(name) \(version)`")
                    }
                    try await Task.sleep(for: .milliseconds(250))
                    current = try await api.get(CheckRun.self, ["v1", "check-runs", run.id]).0
                }
                progress.show(current)
                progress.finish()
                (page, raw) = try await api.get(Page.self, path)
            }
            if client.json { return try Output.printJSON(raw) }
            if let run = page.run, run.state == .queued || run.state == .running {
                print("Live checks \(run.state.rawValue): \(run.completedSteps)/\(run.totalSteps) steps" + (run.currentCheck.map { ", now \($0)" } ?? ""))
            }
            for result in page.checks {
                switch result.status {
                case .passed: print("\(result.check) \(result.version): passed")
                case .notRun(let reason): print("\(result.check) \(result.version): did not run: \(reason)")
                case .findings: print("\(result.check) \(result.version): \(Output.count(result.findings.count, "finding"))")
                }
                if !result.findings.isEmpty {
                    Output.printTable(["SEVERITY", "CODE", "WHERE", "FINDING"], result.findings.map {
                        [$0.severity.rawValue, $0.code.rawValue, $0.pointer ?? "-", $0.title]
                    }, indent: "  ")
                }
            }
        }
    }
}
