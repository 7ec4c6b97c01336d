import ArgumentParser

/// The `warden` command: runs the server and talks to a running one.
@main
struct Warden: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warden",
        abstract: "Warden governs which tools AI agents may call and proves what they did.",
        discussion: """
            Start a server with `warden serve` (state in ./warden.db). Other commands talk to a running server:
            give its address with --server (default http://127.0.0.1:8080) and your API key in WARDEN_API_KEY.
            `serve`, `init`, `audit verify` and `schema` work on local files and need no server.
            Add --json to any client command for machine-readable output.
            """,
        subcommands: [
            ServeCommand.self, MCPStdioCommand.self, DemoCommand.self, InitCommand.self, WhoamiCommand.self, PrincipalCommand.self, KeyCommand.self,
            OAuthCommand.self, ToolCommand.self, AgentCommand.self, ReviewCommand.self, AdvisoriesCommand.self, AuditCommand.self, SchemaCommand.self,
            DocsCommand.self,
        ]
    )
}
