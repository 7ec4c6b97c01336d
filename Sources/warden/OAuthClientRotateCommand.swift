import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden oauth client rotate`.
struct OAuthClientRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Replace a client's secret and print the new one once; the old one stops working at once.")

    @Argument(help: "The client_id.") var id: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let (rotated, raw) = try await api.call(RegisteredOAuthClient.self, .POST, ["v1", "oauth", "clients", id, "rotate"])
            if client.json { return try Output.printJSON(raw) }
            print("Rotated the secret of OAuth client \(rotated.client.id). The new secret, shown only this once:")
            print("")
            print("    \(rotated.clientSecret ?? "(none)")")
            print("")
        }
    }
}
