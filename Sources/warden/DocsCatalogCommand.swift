import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime
import WardenServer
import WardenStore

/// `warden docs catalog`: the Markdown catalog of the serving tools, from the database file.
struct DocsCatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Write a Markdown catalog of the serving tools: purpose, provider, credentials, schemas, guidance, approval.",
        discussion: """
            Reads the SQLite file directly and read-only (no server or key needed; safe while the server runs) and \
            writes, for the serving version of each tool (active or deprecated, as agents see them) in name order: its \
            title and description (what the model is told), purpose, justification and use cases, provider (built-in, \
            HTTP endpoint with method and host, or upstream MCP server and tool; internal or third party, vendor), \
            data it reads and returns by sensitivity level, required role, rate limit, timeout, idempotency, owner, \
            the credentials it needs, input and output JSON Schemas, usage guidelines and limitations for the model, \
            annotations, the approval decision with the conditions in force, and whether its periodic review is \
            overdue. A table of contents comes first.

            Credentials appear by NAME only, with where Warden looks them up: the environment variable \
            <prefix><NAME> (prefix WARDEN_SECRET_ unless the configuration file says otherwise) and the file \
            <secrets directory>/<NAME> when a directory is configured. No secret value is ever read into the document; \
            --check-secrets only says whether each one is available to this process.

            The document starts with the time it was generated. --no-dates leaves out that time and every date of the \
            records (proposal, decision, review due date), so the same definitions always give the same bytes; the \
            example docs/catalog.md is made that way from a new database (scripts/gen-catalog.sh does this):
                warden init --database /tmp/new.db
                warden docs catalog --database /tmp/new.db --no-dates --output docs/catalog.md

            Exit status: 0 written; 2 the database, configuration or output file could not be used.
            """)

    @Option(help: ArgumentHelp("SQLite database file (default: the configuration's, else ./warden.db).", valueName: "path"))
    var database: String?
    @Option(help: ArgumentHelp("Configuration file (YAML or JSON): the secrets prefix and directory, the database.", valueName: "file"))
    var config: String?
    @Option(help: ArgumentHelp("Write the catalog to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Flag(name: .customLong("all-states"), help: "List every version in every lifecycle state, not only the serving ones.")
    var allStates = false
    @Flag(name: .customLong("no-dates"), help: "Leave out the generation time and the records' dates (a reproducible document).")
    var noDates = false
    @Flag(name: .customLong("check-secrets"),
          help: "Say for each credential whether this process's environment or secrets directory has it (never its value).")
    var checkSecrets = false

    func run() async throws {
        var configuration = WardenConfiguration()
        if let config {
            do { configuration = try WardenConfiguration.load(path: config) } catch let e as WardenError {
                printError(e.message)
                throw ExitCode(2)
            }
        }
        let path = database ?? configuration.database
        guard PostgresLocation.isPostgres(path) || FileManager.default.fileExists(atPath: path) else {
            printError("no database at \(path); create one with `warden init --database \(path)` or name the file with --database")
            throw ExitCode(2)
        }
        let records: [ToolVersionRecord]
        do {
            let store = try await DatabaseLocation(path).open(readOnly: true, postgres: .commandLine)
            records = try await store.read { tx in try tx.allToolVersions() }
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        } catch {
            printError("cannot read the tools from \((try? DatabaseLocation(path))?.description ?? path) (is it a Warden database made by `warden init` or `warden serve`?): \(error)")
            throw ExitCode(2)
        }
        let options = ToolCatalogDocument.Options(allStates: allStates, includesRecordDates: !noDates,
                                                  secrets: checkSecrets ? configuration.secretsProvider : nil)
        let text = ToolCatalogDocument.markdown(tools: records, secretsPrefix: configuration.secretsEnvironmentPrefix,
                                                secretsDirectory: configuration.secretsDirectory,
                                                generatedAt: noDates ? nil : Date(), options: options)
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("cannot write \(output): \(error.localizedDescription); check that its directory exists and is writable")
            throw ExitCode(2)
        }
        let count = ToolCatalogDocument.selection(records, allStates: allStates).count
        print("wrote \(output): \(Output.count(count, allStates ? "tool version" : "tool"))")
    }
}
