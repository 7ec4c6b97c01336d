import ArgumentParser
import Foundation
import WardenCore

/// `warden principal list`.
struct PrincipalListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every principal with its kind, roles and status.")

    @OptionGroup var client: ClientOptions

    struct Page: Decodable { var principals: [Principal] }

    func run() async throws {
        try await client.run { api in
            let (page, raw) = try await api.get(Page.self, ["v1", "principals"])
            if client.json { return try Output.printJSON(raw) }
            if page.principals.isEmpty { return print("no principals") }
            let rows = page.principals.sorted { $0.id < $1.id }.map { p in
                [p.id, p.kind.rawValue, p.disabled ? "disabled" : "enabled",
                 p.roles.sorted().map(\.rawValue).joined(separator: ","), p.displayName]
            }
            Output.printTable(["ID", "KIND", "STATUS", "ROLES", "NAME"], rows)
        }
    }
}
