import ArgumentParser
import Foundation
import WardenCore

/// `warden key revoke`.
struct KeyRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Revoke an API key; it stops working at once.",
        discussion: "KEYID is the key's public id (the part after 'wdn_', shown by `warden principal show`), not the key.")

    @Argument(help: "The key's id.") var keyID: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            if keyID.hasPrefix("wdn_") {
                throw CLIFailure.usage("give the key's id (as `warden principal show` lists it), not the key itself")
            }
            let (k, raw) = try await api.call(APIKeyRecord.self, .POST, ["v1", "keys", keyID, "revoke"])
            if client.json { return try Output.printJSON(raw) }
            print("Revoked key \(k.id) of \(k.principalID) (label '\(k.label)') at \(Output.date(k.revokedAt)).")
        }
    }
}
