import ArgumentParser
import Logging
import Foundation
import WardenCore
import WardenServer

/// `warden serve`: runs the server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Warden server.",
        discussion: """
            Serves the admin API on http://HOST:PORT/v1 (default 127.0.0.1:8080) with its state in an SQLite file
            (default ./warden.db, created and migrated on first start).

            On an empty database Warden creates the bootstrap administrator 'admin'. Its key is taken from the
            environment variable WARDEN_BOOTSTRAP_ADMIN_KEY when set, otherwise generated and printed once.
            Flags override the configuration file, which overrides the defaults. Stop with Ctrl-C or SIGTERM.
            Logs go to standard error: readable text on a terminal, else one JSON object per line (LOG_FORMAT=json|text
            overrides; LOG_LEVEL sets the level), each request with its request id and trace id.
            """)

    @Option(help: "Address to listen on.") var host: String?
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int?
    @Option(help: "The store: a SQLite file path, or a postgres://user@host:port/database URL (password from PGPASSWORD or the URL).") var database: String?
    @Option(help: "Configuration file (YAML or JSON).") var config: String?

    func run() async throws {
        JSONLogHandler.bootstrap()
        var configuration = WardenConfiguration()
        do {
            if let path = config { configuration = try WardenConfiguration.load(path: path) }
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        }
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            configuration.port = port
        }
        if let database { configuration.database = database }
        do {
            try await WardenServerRunner.run(
                configuration: configuration,
                bootstrapKey: ProcessInfo.processInfo.environment["WARDEN_BOOTSTRAP_ADMIN_KEY"],
                announce: { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) })
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(1)
        }
    }
}

/// Prints `message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("warden: \(message)\n".utf8))
}
