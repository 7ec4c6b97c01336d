import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden key create`.
struct KeyCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create an API key for a principal and print it once.",
        discussion: """
            The key is printed only this once; store it now (for example in a password manager or a secret store). \
            Use it by exporting it: export WARDEN_API_KEY=<key>. With --json the output is the server's answer, \
            {"key": {...record...}, "token": "wdn_..."}.
            """)

    @Argument(help: "The principal the key is for.") var principal: String
    @Option(help: "A label to recognize the key by (e.g. 'laptop', 'ci').") var label: String?
    @Option(help: ArgumentHelp("When the key stops working, as ISO 8601 (e.g. 2027-01-31T00:00:00Z).", valueName: "date-time"))
    var expires: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            var expiresAt: Date?
            if let text = expires {
                guard let d = WardenJSON.parseDate(text) else {
                    throw CLIFailure.usage("--expires '\(text.prefix(64))' is not an ISO 8601 date-time such as 2027-01-31T00:00:00Z")
                }
                expiresAt = d
            }
            let (issued, raw) = try await api.post(IssuedAPIKey.self, ["v1", "principals", principal, "keys"],
                                                   json: NewAPIKey(label: label, expiresAt: expiresAt))
            if client.json { return try Output.printJSON(raw) }
            let k = issued.key
            print("Created key \(k.id) for \(k.principalID) (label '\(k.label)', expires \(k.expiresAt.map(Output.date) ?? "never")).")
            print("Store it now, it will not be shown again:")
            print("")
            print("    \(issued.token)")
            print("")
            print("Use it with: export WARDEN_API_KEY=<the key above>")
        }
    }
}
