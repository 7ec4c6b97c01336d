import ArgumentParser

/// `warden key`: API keys.
struct KeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Create and revoke API keys.",
        discussion: """
            A key is shown once, when it is created; Warden stores only its digest. Anyone may create and revoke \
            their own keys; doing so for others needs the principal.manage permission. `warden principal show ID` \
            lists a principal's keys.
            """,
        subcommands: [KeyCreateCommand.self, KeyRevokeCommand.self])
}
