import JSONSchema

/// The OAuth 2.0 flow of an ``SecurityScheme/oauth2(_:)`` scheme (`lf.a2a.v1.OAuthFlows`, a oneof).
public enum OAuthFlows: ProtoJSONCodable, Equatable {
    case authorizationCode(AuthorizationCode)
    case clientCredentials(ClientCredentials)
    /// Deprecated in A2A 1.0.
    case implicit(Implicit)
    /// Deprecated in A2A 1.0.
    case password(Password)
    case deviceCode(DeviceCode)

    public struct AuthorizationCode: Sendable, Equatable {
        public var authorizationUrl: String
        public var tokenUrl: String
        public var refreshUrl: String
        public var scopes: [String: String]
        public var pkceRequired: Bool

        public init(authorizationUrl: String, tokenUrl: String, refreshUrl: String = "", scopes: [String: String] = [:],
                    pkceRequired: Bool = false) {
            self.authorizationUrl = authorizationUrl
            self.tokenUrl = tokenUrl
            self.refreshUrl = refreshUrl
            self.scopes = scopes
            self.pkceRequired = pkceRequired
        }
    }

    /// RFC 6749 section 4.4: what agents use to get a token for Warden.
    public struct ClientCredentials: Sendable, Equatable {
        public var tokenUrl: String
        public var refreshUrl: String
        /// Scope name to description.
        public var scopes: [String: String]

        public init(tokenUrl: String, refreshUrl: String = "", scopes: [String: String] = [:]) {
            self.tokenUrl = tokenUrl
            self.refreshUrl = refreshUrl
            self.scopes = scopes
        }
    }

    public struct Implicit: Sendable, Equatable {
        public var authorizationUrl: String
        public var refreshUrl: String
        public var scopes: [String: String]

        public init(authorizationUrl: String, refreshUrl: String = "", scopes: [String: String] = [:]) {
            self.authorizationUrl = authorizationUrl
            self.refreshUrl = refreshUrl
            self.scopes = scopes
        }
    }

    public struct Password: Sendable, Equatable {
        public var tokenUrl: String
        public var refreshUrl: String
        public var scopes: [String: String]

        public init(tokenUrl: String, refreshUrl: String = "", scopes: [String: String] = [:]) {
            self.tokenUrl = tokenUrl
            self.refreshUrl = refreshUrl
            self.scopes = scopes
        }
    }

    public struct DeviceCode: Sendable, Equatable {
        public var deviceAuthorizationUrl: String
        public var tokenUrl: String
        public var refreshUrl: String
        public var scopes: [String: String]

        public init(deviceAuthorizationUrl: String, tokenUrl: String, refreshUrl: String = "", scopes: [String: String] = [:]) {
            self.deviceAuthorizationUrl = deviceAuthorizationUrl
            self.tokenUrl = tokenUrl
            self.refreshUrl = refreshUrl
            self.scopes = scopes
        }
    }

    static let fieldNames = ["authorizationCode", "clientCredentials", "implicit", "password", "deviceCode"]

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let outer = try ProtoReader(protoJSON, path: path)
        guard let field = try outer.oneof(Self.fieldNames, group: "flow"), let inner = outer.value(field) else {
            throw ProtoJSONError(path: path, problem: "OAuth flows need one of \(Self.fieldNames.joined(separator: ", "))")
        }
        let r = try ProtoReader(inner, path: outer.at(field))
        switch field {
        case "authorizationCode":
            self = .authorizationCode(AuthorizationCode(
                authorizationUrl: try r.string("authorizationUrl"), tokenUrl: try r.string("tokenUrl"),
                refreshUrl: try r.string("refreshUrl"), scopes: try r.stringMap("scopes"), pkceRequired: try r.bool("pkceRequired")))
        case "clientCredentials":
            self = .clientCredentials(ClientCredentials(tokenUrl: try r.string("tokenUrl"), refreshUrl: try r.string("refreshUrl"),
                                                        scopes: try r.stringMap("scopes")))
        case "implicit":
            self = .implicit(Implicit(authorizationUrl: try r.string("authorizationUrl"), refreshUrl: try r.string("refreshUrl"),
                                      scopes: try r.stringMap("scopes")))
        case "password":
            self = .password(Password(tokenUrl: try r.string("tokenUrl"), refreshUrl: try r.string("refreshUrl"),
                                      scopes: try r.stringMap("scopes")))
        default:
            self = .deviceCode(DeviceCode(deviceAuthorizationUrl: try r.string("deviceAuthorizationUrl"),
                                          tokenUrl: try r.string("tokenUrl"), refreshUrl: try r.string("refreshUrl"),
                                          scopes: try r.stringMap("scopes")))
        }
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        let field: String
        switch self {
        case .authorizationCode(let f):
            field = "authorizationCode"
            w.string("authorizationUrl", f.authorizationUrl)
            w.string("tokenUrl", f.tokenUrl)
            w.string("refreshUrl", f.refreshUrl)
            w.stringMap("scopes", f.scopes)
            w.bool("pkceRequired", f.pkceRequired)
        case .clientCredentials(let f):
            field = "clientCredentials"
            w.string("tokenUrl", f.tokenUrl)
            w.string("refreshUrl", f.refreshUrl)
            w.stringMap("scopes", f.scopes)
        case .implicit(let f):
            field = "implicit"
            w.string("authorizationUrl", f.authorizationUrl)
            w.string("refreshUrl", f.refreshUrl)
            w.stringMap("scopes", f.scopes)
        case .password(let f):
            field = "password"
            w.string("tokenUrl", f.tokenUrl)
            w.string("refreshUrl", f.refreshUrl)
            w.stringMap("scopes", f.scopes)
        case .deviceCode(let f):
            field = "deviceCode"
            w.string("deviceAuthorizationUrl", f.deviceAuthorizationUrl)
            w.string("tokenUrl", f.tokenUrl)
            w.string("refreshUrl", f.refreshUrl)
            w.stringMap("scopes", f.scopes)
        }
        return .object([field: w.value])
    }
}
