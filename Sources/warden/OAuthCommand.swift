import ArgumentParser

/// `warden oauth`: Warden's OAuth 2.0 token endpoint.
struct OAuthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oauth",
        abstract: "Manage the OAuth clients agents get access tokens with.",
        discussion: """
            An agent registered as an OAuth client gets short-lived access tokens (JWTs signed with Warden's ES256 key) \
            from POST /oauth/token with the client credentials grant, and sends them as 'Authorization: Bearer <token>' \
            wherever an API key is accepted. The server's metadata is at /.well-known/oauth-authorization-server and its \
            public key at /.well-known/jwks.json.
            """,
        subcommands: [OAuthClientCommand.self])
}

/// `warden oauth client`.
struct OAuthClientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Register, list, rotate and revoke OAuth clients.",
        discussion: """
            A client acts as one agent principal and may ask for the scopes it was registered with. It authenticates \
            with a secret (client_secret_basic or client_secret_post; Warden stores only its digest and shows it once) \
            or with a JWT signed by its own key (private_key_jwt; register its public keys with --jwks-file). Managing \
            clients needs the oauthClients.manage permission (the admin role by default).
            """,
        subcommands: [OAuthClientAddCommand.self, OAuthClientListCommand.self, OAuthClientRotateCommand.self,
                      OAuthClientRevokeCommand.self])
}
