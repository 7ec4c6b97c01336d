import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden oauth client add`.
struct OAuthClientAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register an OAuth client for an agent principal and print its secret once.",
        discussion: """
            The secret is printed only this once; store it now in the agent's secret store. A private_key_jwt client \
            has no secret: give its public keys (a JWK Set or one JWK, ES256 or RSA 2048+ bits) with --jwks-file. With \
            --json the output is the server's answer, {"client": {...}, "clientSecret": "wcs_..."}.
            """)

    @Argument(help: "The agent principal the client's tokens act as.") var principal: String
    @Option(help: "The client_id (default: generated, wc_...).") var id: String?
    @Option(help: "A label to recognize the client by.") var label: String?
    @Option(help: ArgumentHelp("client_secret_basic (default), client_secret_post or private_key_jwt.", valueName: "method"))
    var method: String?
    @Option(name: .customLong("scope"), help: ArgumentHelp("A scope the client may ask for (repeat for several).", valueName: "scope"))
    var scopes: [String] = []
    @Option(name: .customLong("jwks-file"), help: ArgumentHelp("The client's public keys, for private_key_jwt.", valueName: "path"))
    var jwksFile: String?
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            var authMethod: OAuthClient.AuthenticationMethod?
            if let m = method {
                guard let parsed = OAuthClient.AuthenticationMethod(rawValue: m) else {
                    throw CLIFailure.usage("--method must be client_secret_basic, client_secret_post or private_key_jwt")
                }
                authMethod = parsed
            }
            var jwks: JSONValue?
            if let path = jwksFile {
                guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.usage("cannot read the key file \(path)") }
                guard let value = try? JSONValue(parsing: data) else { throw CLIFailure.usage("\(path) is not valid JSON (a JWK Set or a JWK)") }
                jwks = value
                if authMethod == nil { authMethod = .privateKeyJWT }
            }
            let new = NewOAuthClient(id: id, principalID: principal, label: label, authenticationMethod: authMethod,
                                     scopes: scopes.isEmpty ? nil : scopes, jwks: jwks)
            let (registered, raw) = try await api.post(RegisteredOAuthClient.self, ["v1", "oauth", "clients"], json: new)
            if client.json { return try Output.printJSON(raw) }
            let c = registered.client
            print("Registered OAuth client \(c.id) for \(c.principalID) (\(c.authenticationMethod.rawValue), scopes: "
                + "\(c.scopes.isEmpty ? "none" : c.scopes.joined(separator: " "))).")
            if let secret = registered.clientSecret {
                print("Its client secret, shown only this once; store it now:")
                print("")
                print("    \(secret)")
                print("")
            }
            print("Get a token: POST \(api.server)/oauth/token with grant_type=client_credentials.")
        }
    }
}
