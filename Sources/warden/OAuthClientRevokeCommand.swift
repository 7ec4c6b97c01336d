import ArgumentParser
import Foundation
import WardenCore

/// `warden oauth client revoke`.
struct OAuthClientRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an OAuth client: it gets no more tokens, and the tokens it holds stop working.")

    @Argument(help: "The client_id.") var id: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let (c, raw) = try await api.call(OAuthClient.self, .DELETE, ["v1", "oauth", "clients", id])
            if client.json { return try Output.printJSON(raw) }
            print("Revoked OAuth client \(c.id) of \(c.principalID) at \(Output.date(c.revokedAt)).")
        }
    }
}
