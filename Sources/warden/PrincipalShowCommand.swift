import ArgumentParser
import Foundation
import WardenCore

/// `warden principal show`.
struct PrincipalShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a principal with its roles and API keys (never the keys themselves).",
        discussion: "You may show yourself without the principal.manage permission.")

    @Argument(help: "The principal's id.") var id: String
    @OptionGroup var client: ClientOptions

    struct WithKeys: Decodable {
        var principal: Principal
        var keys: [APIKeyRecord]
    }

    func run() async throws {
        try await client.run { api in
            let (found, raw) = try await api.get(WithKeys.self, ["v1", "principals", id])
            if client.json { return try Output.printJSON(raw) }
            let p = found.principal
            print("id:      \(p.id)")
            print("name:    \(p.displayName)")
            print("kind:    \(p.kind.rawValue)")
            print("status:  \(p.disabled ? "disabled" : "enabled")")
            print("roles:   \(p.roles.isEmpty ? "(none)" : p.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            print("created: \(Output.date(p.createdAt))")
            if found.keys.isEmpty {
                print("keys:    none (create one with `warden key create \(p.id)`)")
                return
            }
            print("keys:")
            let now = Date()
            let rows = found.keys.sorted { $0.createdAt < $1.createdAt }.map { k in
                let status = k.revokedAt != nil ? "revoked" : (k.isUsable(at: now) ? "active" : "expired")
                return [k.id, status, Output.date(k.createdAt), Output.date(k.expiresAt), k.label]
            }
            Output.printTable(["KEY ID", "STATUS", "CREATED", "EXPIRES", "LABEL"], rows, indent: "  ")
        }
    }
}
