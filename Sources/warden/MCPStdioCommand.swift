import ArgumentParser
import Foundation
import Logging
import Prometheus
import WardenCore
import WardenMCP
import WardenRuntime
import WardenServer
import WardenStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `warden mcp-stdio`: serves the governed tools over MCP's stdio transport to a local agent, as one principal.
struct MCPStdioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-stdio",
        abstract: "Serve Warden's governed tools over MCP's stdio transport, as one principal.",
        discussion: """
            For a local agent (an MCP client that launches its servers as subprocesses): reads newline-delimited
            JSON-RPC messages on standard input and writes one message per line on standard output; logs go to
            standard error only. Both MCP eras are spoken: 2026-07-28 (stateless) and 2024-11-05 to 2025-11-25
            (initialize handshake).

            Every call is made as the principal given with --principal and goes through the same governance as
            the HTTP endpoint: authorization by role, validation, rate limits, audit. The database must exist
            already (made by `warden init` or `warden serve`); it is not bootstrapped. An unknown or disabled
            principal, or a missing database, ends the command with exit status 2.

            Example client configuration: command `warden`, arguments
            `mcp-stdio --database /srv/warden.db --principal my-agent`.
            """)

    @Option(help: "SQLite database file (must exist), or a postgres:// URL.") var database: String
    @Option(help: "Configuration file (YAML or JSON).") var config: String?
    @Option(help: "The principal every call is made as.") var principal: String

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        signal(SIGPIPE, SIG_IGN)  // a client that goes away must not kill the server mid-write
        var configuration = WardenConfiguration()
        do {
            if let path = config { configuration = try WardenConfiguration.load(path: path) }
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        }
        configuration.database = database
        guard PostgresLocation.isPostgres(database) || FileManager.default.fileExists(atPath: database) else {
            printError("\(database) does not exist; create it with `warden init --database \(database)`")
            throw ExitCode(2)
        }
        let engine: WardenEngine
        let caller: Principal
        do {
            let upstreams = MCPUpstreams(httpClient: HTTPToolPerformer.sharedClient)
            engine = try await WardenApplication.engine(configuration: configuration, metrics: PrometheusCollectorRegistry(),
                                                        performers: [.mcp: MCPToolPerformer(upstreams: upstreams)])
            let id = principal
            guard let found = try await engine.store.read({ tx in try tx.principal(id: id) }) else {
                printError("unknown principal '\(principal.prefix(64))' in \(database)")
                throw ExitCode(2)
            }
            guard !found.disabled else {
                printError("principal '\(principal.prefix(64))' is disabled")
                throw ExitCode(2)
            }
            caller = found
            _ = try await engine.registry.reload()
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        }
        let server = MCPServer(engine: engine, options: .init(
            maxBodyBytes: MCPStdioServer.maxLineBytes,
            origins: MCPOriginPolicy(patterns: configuration.mcpAllowedOrigins)))
        let stdout = FileHandle.standardOutput
        let stdio = MCPStdioServer(server: server, principal: caller) { line in
            try? stdout.write(contentsOf: line)
        }
        Logger(label: "warden.mcp.stdio").info("serving MCP on stdio",
            metadata: ["principal": .string(caller.id), "database": .string(database)])
        await stdio.run(lines: MCPStdioLineReader.lines(fileDescriptor: STDIN_FILENO, maxLineBytes: MCPStdioServer.maxLineBytes))
    }
}
