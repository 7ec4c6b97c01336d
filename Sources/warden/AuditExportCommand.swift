import ArgumentParser
import Foundation
import WardenCore

/// `warden audit export`: the audit log from a time on, as a file auditors can verify offline.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export audit events and their signed checkpoints as JSON Lines, verifiable offline.",
        discussion: """
            Writes every event from the first one at or after --since (and before --until, when given) in chain order, \
            each signed checkpoint right after the event it signs, a header with the chain head the export starts from \
            and the server's public key, and an end line. `warden audit verify --file FILE --public-key KEY` checks it \
            without the server. Progress goes to standard error. Needs the audit.read permission (auditor).

            Times are ISO 8601 (2026-12-01T00:00:00Z) or a date (2026-12-01, midnight UTC).
            """)

    @Option(help: ArgumentHelp("Export events from this time on.", valueName: "time")) var since: String
    @Option(help: ArgumentHelp("Stop before this time.", valueName: "time")) var until: String?
    @Option(help: ArgumentHelp("The format; jsonl is the one there is.", valueName: "format")) var format = "jsonl"
    @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var output: String?
    @OptionGroup var client: ClientOptions

    struct EventPage: Decodable {
        var events: [AuditEvent]
        var next: Int64?
    }

    struct CheckpointPage: Decodable {
        var checkpoints: [AuditCheckpoint]
        var next: Int64?
    }

    struct PublicKeyDocument: Decodable {
        var publicKey: String
    }

    static func parseTime(_ text: String, _ flag: String) throws -> Date {
        if let d = WardenJSON.parseDate(text) { return d }
        if let d = try? Date.ISO8601FormatStyle().year().month().day().parse(text) { return d }
        throw CLIFailure.usage("--\(flag) '\(text.prefix(40))' is not a time; give 2026-12-01T00:00:00Z or 2026-12-01")
    }

    func run() async throws {
        guard format == "jsonl" else { throw CLIFailure.usage("--format must be jsonl") }
        let from = try Self.parseTime(since, "since")
        let to = try until.map { try Self.parseTime($0, "until") }
        if let to, to < from { throw CLIFailure.usage("--until is before --since") }
        let sink: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil) , let h = FileHandle(forWritingAtPath: output) else {
                throw CLIFailure.failed("cannot write \(output)")
            }
            sink = h
        } else {
            sink = .standardOutput
        }
        defer { if output != nil { try? sink.close() } }
        try await client.run { api in
            // The first event at or after --since; from there on the export follows the chain without gaps.
            var firstQuery = [("limit", "1"), ("since", WardenJSON.format(from))]
            if let to { firstQuery.append(("until", WardenJSON.format(to))) }
            let (first, _) = try await api.get(EventPage.self, ["v1", "audit", "events"], query: firstQuery)
            let key = try? await api.get(PublicKeyDocument.self, ["v1", "audit", "public-key"]).value
            let startSeq = (first.events.first?.seq ?? 1) - 1
            let start = AuditChain.Head(seq: startSeq, hash: first.events.first?.prevHash ?? AuditChain.genesisHash)
            let header = AuditExport.Header(start: start, exportedAt: Date(), since: from, until: to,
                                            publicKey: key.flatMap { try? AuditPublicKey(base64: $0.publicKey) })
            try sink.write(contentsOf: AuditExport.Line.header(header).encoded())

            var checkpoints: [AuditCheckpoint] = []
            var cursor: Int64? = startSeq
            while let after = cursor {
                let (page, _) = try await api.get(CheckpointPage.self, ["v1", "audit", "checkpoints"],
                                                  query: [("after", "\(after)"), ("limit", "1000")])
                checkpoints += page.checkpoints
                cursor = page.next.flatMap { $0 > after ? $0 : nil }
            }
            var nextCheckpoint = 0
            var count: Int64 = 0
            var head = start
            cursor = first.events.isEmpty ? nil : startSeq
            var lastProgress = Date()
            pages: while let after = cursor {
                let (page, _) = try await api.get(EventPage.self, ["v1", "audit", "events"],
                                                  query: [("after", "\(after)"), ("limit", "1000")])
                var lines = Data()
                for e in page.events {
                    if let to, e.timeMs >= to.millisecondsSince1970 {
                        try sink.write(contentsOf: lines)
                        break pages
                    }
                    lines.append(try AuditExport.Line.event(e).encoded())
                    count += 1
                    head = AuditChain.Head(seq: e.seq, hash: e.hash)
                    while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].seq <= e.seq {
                        if checkpoints[nextCheckpoint].seq == e.seq {
                            lines.append(try AuditExport.Line.checkpoint(checkpoints[nextCheckpoint]).encoded())
                        }
                        nextCheckpoint += 1
                    }
                }
                try sink.write(contentsOf: lines)
                cursor = page.next.flatMap { $0 > after ? $0 : nil }
                if Date().timeIntervalSince(lastProgress) > 0.5 {
                    Output.error("exported \(count) events (through #\(head.seq))…")
                    lastProgress = Date()
                }
            }
            try sink.write(contentsOf: AuditExport.Line.end(AuditExport.End(events: count, head: head)).encoded())
            Output.error("exported \(Output.count(Int(count), "event")) #\(start.seq + 1)…#\(head.seq) with "
                         + "\(Output.count(checkpoints.filter { $0.seq > start.seq && $0.seq <= head.seq }.count, "signed checkpoint"))"
                         + (output.map { " to \($0)" } ?? ""))
        }
    }
}
