import ArgumentParser
import Foundation
import WardenCore

/// `warden whoami`: who the server thinks you are.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: "Show the principal your API key belongs to, and its roles.",
        discussion: """
            Checks the key in WARDEN_API_KEY (or --key-file) against the server: a quick way to see that the \
            server is reachable and the key works. The key itself is never printed.
            """)

    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let (p, raw) = try await api.get(Principal.self, ["v1", "whoami"])
            if client.json { return try Output.printJSON(raw) }
            print("\(p.id) (\(p.displayName)), \(p.kind.rawValue)\(p.disabled ? ", disabled" : "")")
            print("roles: \(p.roles.isEmpty ? "(none)" : p.roles.sorted().map(\.rawValue).joined(separator: ", "))")
            print("server: \(api.server)")
        }
    }
}
