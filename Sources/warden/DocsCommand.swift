import ArgumentParser

/// `warden docs`: documents generated from Warden's record.
struct DocsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "docs",
        abstract: "Generate documentation from Warden's record.",
        discussion: """
            `docs catalog` writes the Markdown catalog of the governed tools, read straight from the database file \
            (no server or key needed).
            """,
        subcommands: [DocsCatalogCommand.self])
}
