import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden principal create`.
struct PrincipalCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a principal (a person or an agent) with its roles.",
        discussion: """
            Example:
              warden principal create alice --name Alice --kind person --role requester
            Then give the principal a key with `warden key create alice`.
            """)

    @Argument(help: "The principal's id: 1 to 64 of letters, digits, '_', '-', '.', '@'.") var id: String
    @Option(help: "Display name.") var name: String
    @Option(help: "person or agent.") var kind: PrincipalKindArgument
    @Option(name: .customLong("role"), help: "A role to grant (repeat for several roles).") var roles: [String] = []
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            guard Principal.isValidID(id) else {
                throw CLIFailure.usage("'\(id.prefix(64))' is not a principal id: use 1 to 64 of letters, digits, '_', '-', '.', '@'")
            }
            let new = NewPrincipal(id: id, displayName: name, kind: kind == .person ? .person : .agent,
                                   roles: try RoleArguments.parse(roles))
            let (p, raw) = try await api.post(Principal.self, ["v1", "principals"], json: new)
            if client.json { return try Output.printJSON(raw) }
            let roleText = p.roles.isEmpty ? "no roles" : "roles " + p.roles.sorted().map(\.rawValue).joined(separator: ", ")
            print("Created \(p.kind.rawValue) \(p.id) (\(p.displayName)) with \(roleText).")
            print("Next: give it a key with `warden key create \(p.id)`.")
        }
    }
}
