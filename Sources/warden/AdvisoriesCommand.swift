import ArgumentParser
import Foundation
import WardenCore

/// `warden advisories`: vulnerability advisories for tools' dependencies.
struct AdvisoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advisories",
        abstract: "Import OSV advisories and see which tools they affect.",
        subcommands: [AdvisoriesImportCommand.self, AdvisoriesFindingsCommand.self])
}

/// `warden advisories import DIR`.
struct AdvisoriesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import the OSV advisory files (*.json) in a directory and match them against every tool.",
        discussion: """
            Reads every .json file under DIR (recursively; one OSV record, an array of records, or {"vulns": [...]}), \
            sends them to the server in batches, and prints what the import found: new findings per tool and the tools \
            the advisory policy suspended (by default, an active tool with a critical advisory is suspended at once; \
            see governance.advisories in the configuration). Records already known at the same `modified` time change \
            nothing, so running it again is safe. Needs the advisory.manage permission (security_reviewer or admin).
            Get OSV files from https://osv.dev (e.g. the per-ecosystem all.zip exports) or your own advisory feed.
            """)

    @Argument(help: "A directory of OSV JSON files.") var directory: String
    @OptionGroup var client: ClientOptions

    struct Batch: Encodable { var advisories: [JSONValue] }

    func run() async throws {
        var records: [(file: String, json: JSONValue)] = []
        do {
            records = try Self.read(directory)
        } catch let failure as CLIFailure {
            Output.error(failure.message)
            throw ExitCode(failure.exitCode)
        }
        try await client.run { api in
            if records.isEmpty { throw CLIFailure.usage("no OSV records (*.json) under \(directory)") }
            var total = AdvisoryImportReport()
            var batch: [JSONValue] = []
            var bytes = 0
            var sent = 0
            func flush() async throws {
                guard !batch.isEmpty else { return }
                let (r, _) = try await api.post(AdvisoryImportReport.self, ["v1", "advisories"], json: Batch(advisories: batch))
                total.imported += r.imported
                total.updated += r.updated
                total.unchanged += r.unchanged
                total.newFindings += r.newFindings
                total.suspended += r.suspended
                sent += batch.count
                if records.count > batch.count { Output.error("imported \(sent) / \(records.count) records…") }
                batch = []
                bytes = 0
            }
            for r in records {
                let size = r.json.canonicalBytes.count
                // Stay well under the server's default 1 MiB body limit.
                if bytes + size > 700_000 || batch.count >= 1000 { try await flush() }
                batch.append(r.json)
                bytes += size
            }
            try await flush()
            if client.json { return try Output.printJSON(value: total) }
            print("\(Output.count(records.count, "record")) read: \(total.imported) new, \(total.updated) updated, \(total.unchanged) unchanged")
            if total.newFindings.isEmpty {
                print("no new findings")
            } else {
                print("new findings:")
                AdvisoriesFindingsCommand.printFindings(total.newFindings)
            }
            for s in total.suspended { print("suspended \(s) by the advisory policy; resume it after review with `warden tool resume`") }
        }
    }

    /// Every record in the .json files under `directory`, sorted by file path.
    static func read(_ directory: String) throws -> [(file: String, json: JSONValue)] {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw CLIFailure.usage("\(directory) is not a directory")
        }
        guard let walker = FileManager.default.enumerator(atPath: directory) else {
            throw CLIFailure.usage("cannot read \(directory)")
        }
        var out: [(file: String, json: JSONValue)] = []
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let path = (directory as NSString).appendingPathComponent(relative)
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.usage("cannot read \(path)") }
            guard data.count <= 16 * 1_048_576 else { throw CLIFailure.usage("\(path) is larger than 16 MiB") }
            let json: JSONValue
            do { json = try JSONValue(parsing: Array(data)) } catch {
                throw CLIFailure.usage("\(path) is not JSON: \(error)")
            }
            let list = json.arrayValue ?? json["vulns"]?.arrayValue ?? [json]
            out += list.map { (file: path, json: $0) }
        }
        return out.sorted { $0.file < $1.file }
    }
}

/// `warden advisories findings`.
struct AdvisoriesFindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "List the advisory findings on tools.",
        discussion: "One line per finding: tool and version, advisory, severity, affected package and the versions that fix it.")

    @Option(help: "Only this tool's findings.") var tool: String?
    @OptionGroup var client: ClientOptions

    struct Findings: Codable { var findings: [AdvisoryFinding] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Findings.self, ["v1", "advisories", "findings"], query: tool.map { [("tool", $0)] } ?? [])
            if client.json { return try Output.printJSON(raw) }
            if page.findings.isEmpty { return print("no advisory findings") }
            Self.printFindings(page.findings)
        }
    }

    static func printFindings(_ findings: [AdvisoryFinding]) {
        Output.printTable(["TOOL", "ADVISORY", "SEVERITY", "PACKAGE", "FIXED IN"], findings.map { f in
            ["\(f.toolName)@\(f.version)", f.advisoryID, f.severity.rawValue,
             "\(f.dependency.ecosystem.rawValue):\(f.dependency.name)@\(f.dependency.version)",
             f.fixedVersions.isEmpty ? "-" : f.fixedVersions.joined(separator: ", ")]
        }, indent: "  ")
    }
}
