/// How Warden authenticates itself when it calls an agent. Every credential is named by its secret, never given
/// by value: the values come from the secrets provider at call time.
public struct AgentAuthentication: Sendable, Codable, Equatable {
    /// An API key sent in a header.
    public struct APIKey: Sendable, Codable, Equatable {
        /// The header, `X-API-Key` when absent.
        public var header: String?
        /// The secret holding the key.
        public var credential: String

        public init(header: String? = nil, credential: String) {
            self.header = header
            self.credential = credential
        }

        public var headerName: String { header ?? "X-API-Key" }
    }

    /// A static bearer token.
    public struct Bearer: Sendable, Codable, Equatable {
        public var credential: String
        public init(credential: String) { self.credential = credential }
    }

    /// OAuth 2.0 client credentials (RFC 6749 section 4.4) at the agent's authorization server.
    public struct OAuth2: Sendable, Codable, Equatable {
        public var tokenURL: String
        public var clientID: String
        /// The secret holding the client secret.
        public var clientSecretCredential: String
        public var scope: String?
        public var audience: String?

        public init(tokenURL: String, clientID: String, clientSecretCredential: String, scope: String? = nil, audience: String? = nil) {
            self.tokenURL = tokenURL
            self.clientID = clientID
            self.clientSecretCredential = clientSecretCredential
            self.scope = scope
            self.audience = audience
        }
    }

    /// A client certificate presented over mutual TLS; the secrets hold PEM text.
    public struct MutualTLS: Sendable, Codable, Equatable {
        public var certificateChainCredential: String
        public var privateKeyCredential: String
        /// The CA bundle the agent's server certificate must chain to; absent: the system's roots.
        public var trustRootsCredential: String?

        public init(certificateChainCredential: String, privateKeyCredential: String, trustRootsCredential: String? = nil) {
            self.certificateChainCredential = certificateChainCredential
            self.privateKeyCredential = privateKeyCredential
            self.trustRootsCredential = trustRootsCredential
        }
    }

    public var apiKey: APIKey?
    public var bearer: Bearer?
    public var oauth2: OAuth2?
    /// Combines with any one of the others.
    public var mutualTLS: MutualTLS?

    public init(apiKey: APIKey? = nil, bearer: Bearer? = nil, oauth2: OAuth2? = nil, mutualTLS: MutualTLS? = nil) {
        self.apiKey = apiKey
        self.bearer = bearer
        self.oauth2 = oauth2
        self.mutualTLS = mutualTLS
    }

    /// The names of every secret this needs.
    public var requiredCredentials: [String] {
        var out: [String] = []
        if let a = apiKey { out.append(a.credential) }
        if let b = bearer { out.append(b.credential) }
        if let o = oauth2 { out.append(o.clientSecretCredential) }
        if let m = mutualTLS {
            out += [m.certificateChainCredential, m.privateKeyCredential]
            if let t = m.trustRootsCredential { out.append(t) }
        }
        return out
    }

    /// Problems, each naming its field.
    func problems(field: String) -> [String] {
        var out: [String] = []
        if [apiKey != nil, bearer != nil, oauth2 != nil].filter({ $0 }).count > 1 {
            out.append("\(field): choose one of apiKey, bearer and oauth2 (mutualTLS combines with any)")
        }
        for c in requiredCredentials where !ToolDefinition.isValidCredentialName(c) {
            out.append("\(field): '\(c.prefix(64))' is not a valid secret name (letters, digits and '_', not starting with a digit)")
        }
        if let h = apiKey?.header, h.isEmpty || h.utf8.count > 100 || !h.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }) {
            out.append("\(field).apiKey.header: a header name of letters, digits and '-'")
        }
        if let o = oauth2 {
            if !AgentDefinition.isHTTPURL(o.tokenURL) { out.append("\(field).oauth2.tokenURL: an http or https URL") }
            if o.clientID.isEmpty || o.clientID.count > 200 { out.append("\(field).oauth2.clientID: 1 to 200 characters") }
        }
        return out
    }
}
