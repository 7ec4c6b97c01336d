import ArgumentParser
import Foundation
import WardenCore

/// `warden tool propose`.
struct ToolProposeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose",
        abstract: "Propose a tool, or a new version of one, from a YAML or JSON definition file.",
        discussion: """
            The file holds a tool definition: name, version, title, description, purpose, justification, \
            provider, useCases, dataRequirements, inputSchema (an object schema), optional outputSchema, \
            requiredCredentials, requiredRole, optional rateLimit, timeoutMs, owner, usageGuidelines, limitations. \
            Versions are immutable: a changed definition needs a newer version number. For a directory of \
            definitions, `warden tool plan DIR` shows what would be proposed and `warden tool apply DIR` does it. \
            Optional: dependencies (ecosystem, name, version) or an sbom (CycloneDX JSON), matched against imported \
            advisories. The name of a decommissioned tool is reused only with --reuse-decommissioned-name.
            """)

    @Argument(help: ArgumentHelp("The definition file (.yaml, .yml or .json).", valueName: "file")) var file: String
    @Flag(help: "Acknowledge that the name belonged to a decommissioned tool (refused without it).")
    var reuseDecommissionedName = false
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            // Decoding locally reports syntax and shape errors with the file's name before anything is sent.
            let json: JSONValue
            do throws(DocumentLoader.LoadError) {
                json = try DocumentLoader.loadStrict(ToolDefinition.self, path: file, what: "tool definition").json
            } catch {
                throw CLIFailure.usage(error.message)
            }
            // The file's JSON is sent as written, so the server also reports fields it does not know.
            let (record, raw) = try await api.call(ToolVersionRecord.self, .POST, ["v1", "tools"],
                                                   query: reuseDecommissionedName ? [("reuseDecommissionedName", "true")] : [],
                                                   body: json.canonicalData)
            if client.json { return try Output.printJSON(raw) }
            print("Proposed \(record.name) \(record.version) (state \(record.state.rawValue), digest \(record.digest.prefix(12))).")
            print("Next: reviewers file reviews with `warden tool review \(record.name) \(record.version) --file REVIEW.yaml`.")
        }
    }
}
