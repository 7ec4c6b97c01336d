import ArgumentParser
import Foundation
import WardenCore
import WardenStore

/// `warden audit`: the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect and verify the hash-chained audit log.",
        subcommands: [AuditVerifyCommand.self, AuditEventsCommand.self])
}

/// `warden audit verify`: walks the chain in a database file.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit chain of a database file; exits 1 naming the first broken event.",
        discussion: """
            Reads the SQLite file directly (no server needed; safe while the server runs) and checks that every
            event links to the one before it, that its hash matches its content, that sequence numbers have no
            gaps, and that the log reaches the recorded chain head. Any edited, deleted, inserted or reordered
            event is found.
            """)

    @Option(help: "SQLite database file.") var database = "./warden.db"
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let report: AuditChain.Report
        do {
            let store = try SQLiteStore(path: database, readOnly: true)
            report = try store.verifyAuditChainNow()
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        }
        if json {
            print(String(decoding: try WardenJSON.encode(report, pretty: true), as: UTF8.self))
        } else if report.ok {
            print("audit chain OK: \(report.eventsChecked) events, head #\(report.head.seq) \(report.head.hash.prefix(16))…")
        } else {
            print("audit chain BROKEN at event #\(report.firstBadSeq ?? 0): \(report.problem ?? "")")
            print("checked \(report.eventsChecked) events; the chain is intact up to #\(report.head.seq)")
        }
        if !report.ok { throw ExitCode(1) }
    }
}
