import ArgumentParser
import Foundation
import WardenCore

/// `warden oauth client list`.
struct OAuthClientListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every OAuth client with its principal, method, scopes and status.")

    @OptionGroup var client: ClientOptions

    struct Page: Decodable { var clients: [OAuthClient] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Page.self, ["v1", "oauth", "clients"])
            if client.json { return try Output.printJSON(raw) }
            if page.clients.isEmpty { return print("no OAuth clients") }
            let rows = page.clients.map { c in
                [c.id, c.principalID, c.authenticationMethod.rawValue, c.revokedAt == nil ? "active" : "revoked",
                 c.scopes.isEmpty ? "-" : c.scopes.joined(separator: " "), c.label]
            }
            Output.printTable(["CLIENT ID", "PRINCIPAL", "METHOD", "STATUS", "SCOPES", "LABEL"], rows)
        }
    }
}
