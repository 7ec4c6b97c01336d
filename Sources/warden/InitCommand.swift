import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime
import WardenStore

/// `warden init`: prepares a database and prints the first administrator's key once.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the database and the bootstrap administrator, and print its API key once.",
        discussion: """
            Creates and migrates the SQLite file, creates the administrator 'admin' with a new random key, and records
            the built-in tools as approved by that administrator in the audit log. Fails when the database already
            has principals (create further keys with `warden key create`).
            """)

    @Option(help: "SQLite database file, or a postgres:// URL.") var database = "./warden.db"
    @Flag(help: "Print the result as JSON: {\"principal\": ..., \"key\": ...}.") var json = false

    func run() async throws {
        do {
            let location = try DatabaseLocation(database)
            let store = try await location.open(postgres: .commandLine)
            let database = location.description
            let service = GovernanceService(store: store)
            let count = try await store.read { tx in try tx.principalCount() }
            guard count == 0 else {
                printError("\(database) is initialized already; ask an admin for a key (`warden key create`)")
                throw ExitCode(1)
            }
            let result = try await service.bootstrap(adminKey: nil)
            guard let key = result.generatedKey else { throw ExitCode(1) }
            if json {
                print(JSONValue.object(["principal": .string(result.principal), "key": .string(key),
                                        "database": .string(database)]).canonicalString)
            } else {
                print("""
                    Initialized \(database).
                    Bootstrap administrator: \(result.principal)
                    API key (shown only this once; store it now):

                        \(key)

                    Built-in tools recorded: \(result.builtinsRecorded.joined(separator: ", "))
                    Next: warden serve --database \(database)
                    """)
            }
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(1)
        }
    }
}
