import WardenRuntime

/// How Warden authenticates itself to another agent. Secret values are only put on the wire, never in errors or logs.
public enum A2AClientAuthentication: Sendable {
    /// No credentials (the agent is open, or mTLS identifies Warden).
    case none
    /// An API key in a header of its own, e.g. `X-API-Key`.
    case apiKey(header: String, value: Secret)
    /// `Authorization: Bearer <token>` with a fixed token.
    case bearer(Secret)
    /// `Authorization: Bearer <token>` with a token from an OAuth 2.0 client-credentials grant, refreshed as needed.
    case oauth2(OAuthClientCredentialsSource)

    /// The fixed secret values this authentication sends, for redaction (an OAuth token is added per attempt).
    var secretValues: [String] {
        switch self {
        case .none: []
        case .apiKey(_, let value): [value.reveal()]
        case .bearer(let token): [token.reveal()]
        case .oauth2(let source): [source.clientSecret.reveal()]
        }
    }
}
