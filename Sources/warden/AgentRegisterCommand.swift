import ArgumentParser
import Foundation
import WardenCore

/// `warden agent register`.
struct AgentRegisterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register",
        abstract: "Register an agent, or a new version of one, from a YAML or JSON file.",
        discussion: """
            The file holds: name, version, description, purpose, owner, trustLevel (internal|partner|external), \
            clearance (public|internal|confidential|restricted), and optionally piiCleared, region, tags, \
            rateLimit {requests, perSeconds}, timeoutMs, exactly one of cardURL and card (inline), and \
            authentication with one of apiKey {header, credential}, bearer {credential}, oauth2 {tokenURL, \
            clientID, clientSecretCredential, scope, audience}, plus optionally mutualTLS \
            {certificateChainCredential, privateKeyCredential, trustRootsCredential}. Credentials are secret \
            names, never values. Warden fetches the card when it registers the agent.
            """)

    @Argument(help: "The registration file (.yaml, .yml or .json).") var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let json: JSONValue
            do {
                let (definition, j) = try DocumentLoader.loadStrict(AgentDefinition.self, path: file, what: "agent registration")
                try definition.validate()
                json = j
            } catch let e as DocumentLoader.LoadError {
                throw CLIFailure.usage(e.message)
            } catch let e as WardenError {
                throw CLIFailure.usage("\(file): \(e.message)")
            }
            let (record, raw) = try await api.call(AgentVersionRecord.self, .POST, ["v1", "agents"], body: json.canonicalData)
            if client.json { return try Output.printJSON(raw) }
            print("Registered agent \(record.name) \(record.version) (\(record.definition.trustLevel.rawValue)); it is \(record.state.rawValue).")
            switch record.state {
            case .active: print("Tools with an a2a provider naming \(record.name) can call it now.")
            case .approved: print("Next: configure its credentials, then `warden agent activate \(record.name)`.")
            default: print("Next: reviews (`warden agent review \(record.name) \(record.version) --file FILE`), votes and the decision.")
            }
        }
    }
}
