import ArgumentParser
import Foundation
import WardenCore

/// `warden audit events`: reads the audit log from a running server.
struct AuditEventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List audit events from the server, oldest first.",
        discussion: """
            Each line shows the event's sequence number, time (UTC), actor, action, subject and outcome \
            (success, denied or failed). Page with --after (the last sequence number seen) and --limit, or give \
            --all to follow the pages to the end. Filters (all must match): --actor, --action and --subject match \
            exactly, or by prefix when they end in * (--subject 'tool:weather*'); --outcome; --since and --until \
            (ISO 8601 or a date). Needs the audit.read permission (auditor). \
            With --json the server's page is printed as is ({"events": [...], "next": N or null}); with --all, \
            one page holding every event.
            """)

    @Option(help: ArgumentHelp("Show events after this sequence number.", valueName: "seq")) var after: Int64 = 0
    @Option(help: ArgumentHelp("At most this many events per page (1 to 1000).", valueName: "n")) var limit: Int = 100
    @Flag(help: "Follow the pages until the end of the log.") var all = false
    @Option(help: ArgumentHelp("Only events by this actor (prefix*).", valueName: "id")) var actor: String?
    @Option(help: ArgumentHelp("Only this action, e.g. tool.call or tool.* .", valueName: "action")) var action: String?
    @Option(help: ArgumentHelp("Only this subject, e.g. 'tool:weather*'.", valueName: "subject")) var subject: String?
    @Option(help: ArgumentHelp("Only success, denied or failed.", valueName: "outcome")) var outcome: String?
    @Option(help: ArgumentHelp("Only events at or after this time.", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only events before this time.", valueName: "time")) var until: String?
    @OptionGroup var client: ClientOptions

    struct Page: Codable {
        var events: [AuditEvent]
        var next: Int64?
    }

    func run() async throws {
        try await client.run { api in
            guard (1...1000).contains(limit) else { throw CLIFailure.usage("--limit must be 1 to 1000") }
            guard after >= 0 else { throw CLIFailure.usage("--after must be 0 or more") }
            var filters: [(String, String)] = []
            for (name, value) in [("actor", actor), ("action", action), ("subject", subject), ("outcome", outcome)] {
                if let value { filters.append((name, value)) }
            }
            if let since { filters.append(("since", WardenJSON.format(try AuditExportCommand.parseTime(since, "since")))) }
            if let until { filters.append(("until", WardenJSON.format(try AuditExportCommand.parseTime(until, "until")))) }
            func fetch(_ after: Int64) async throws -> (Page, Data) {
                try await api.get(Page.self, ["v1", "audit", "events"],
                                  query: [("after", "\(after)"), ("limit", "\(limit)")] + filters)
            }
            if !all {
                let (page, raw) = try await fetch(after)
                if client.json { return try Output.printJSON(raw) }
                printEvents(page.events)
                if let next = page.next {
                    Output.error("more events: warden audit events --after \(next)\(limit != 100 ? " --limit \(limit)" : "")")
                }
                return
            }
            var events: [AuditEvent] = []
            var cursor: Int64? = after
            var pages = 0
            while let position = cursor {
                let (page, _) = try await fetch(position)
                pages += 1
                events += page.events
                // A page that does not move forward would loop forever; stop on it.
                cursor = page.next.flatMap { $0 > position ? $0 : nil }
                if pages >= 3 && cursor != nil {
                    Output.error("… \(events.count) events so far (through #\(events.last?.seq ?? position))")
                }
            }
            if client.json { return try Output.printJSON(value: Page(events: events, next: nil)) }
            printEvents(events)
        }
    }

    func printEvents(_ events: [AuditEvent]) {
        if events.isEmpty { return print("no events") }
        let rows = events.map { e in
            ["\(e.seq)", WardenJSON.format(e.time), e.actor, e.action, e.subject, e.outcome.rawValue]
        }
        Output.printTable(["SEQ", "TIME", "ACTOR", "ACTION", "SUBJECT", "OUTCOME"], rows)
    }
}
