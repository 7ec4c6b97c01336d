import JSONSchema

/// How a client authenticates (`lf.a2a.v1.SecurityScheme`): one of API key, HTTP auth (bearer), OAuth 2.0,
/// OpenID Connect or mutual TLS. In JSON the variant is the one field present: `{"mtlsSecurityScheme": {}}`.
public enum SecurityScheme: ProtoJSONCodable, Equatable {
    case apiKey(APIKey)
    case httpAuth(HTTPAuth)
    case oauth2(OAuth2)
    case openIdConnect(OpenIDConnect)
    case mutualTLS(MutualTLS)

    /// `lf.a2a.v1.APIKeySecurityScheme`.
    public struct APIKey: Sendable, Equatable {
        /// `query`, `header` or `cookie`.
        public var location: String
        public var name: String
        public var description: String

        public init(location: String, name: String, description: String = "") {
            self.location = location
            self.name = name
            self.description = description
        }
    }

    /// `lf.a2a.v1.HTTPAuthSecurityScheme`.
    public struct HTTPAuth: Sendable, Equatable {
        /// The RFC 7235 scheme, e.g. `Bearer`.
        public var scheme: String
        /// A hint such as `JWT`.
        public var bearerFormat: String
        public var description: String

        public init(scheme: String, bearerFormat: String = "", description: String = "") {
            self.scheme = scheme
            self.bearerFormat = bearerFormat
            self.description = description
        }
    }

    /// `lf.a2a.v1.OAuth2SecurityScheme`.
    public struct OAuth2: Sendable, Equatable {
        public var flows: OAuthFlows?
        /// RFC 8414 metadata URL.
        public var oauth2MetadataUrl: String
        public var description: String

        public init(flows: OAuthFlows?, oauth2MetadataUrl: String = "", description: String = "") {
            self.flows = flows
            self.oauth2MetadataUrl = oauth2MetadataUrl
            self.description = description
        }
    }

    /// `lf.a2a.v1.OpenIdConnectSecurityScheme`.
    public struct OpenIDConnect: Sendable, Equatable {
        public var openIdConnectUrl: String
        public var description: String

        public init(openIdConnectUrl: String, description: String = "") {
            self.openIdConnectUrl = openIdConnectUrl
            self.description = description
        }
    }

    /// `lf.a2a.v1.MutualTlsSecurityScheme`.
    public struct MutualTLS: Sendable, Equatable {
        public var description: String

        public init(description: String = "") {
            self.description = description
        }
    }

    static let fieldNames = ["apiKeySecurityScheme", "httpAuthSecurityScheme", "oauth2SecurityScheme",
                             "openIdConnectSecurityScheme", "mtlsSecurityScheme"]

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let outer = try ProtoReader(protoJSON, path: path)
        guard let field = try outer.oneof(Self.fieldNames, group: "scheme"), let inner = outer.value(field) else {
            throw ProtoJSONError(path: path, problem: "a security scheme needs one of \(Self.fieldNames.joined(separator: ", "))")
        }
        let r = try ProtoReader(inner, path: outer.at(field))
        switch field {
        case "apiKeySecurityScheme":
            self = .apiKey(APIKey(location: try r.string("location"), name: try r.string("name"),
                                  description: try r.string("description")))
        case "httpAuthSecurityScheme":
            self = .httpAuth(HTTPAuth(scheme: try r.string("scheme"), bearerFormat: try r.string("bearerFormat"),
                                      description: try r.string("description")))
        case "oauth2SecurityScheme":
            self = .oauth2(OAuth2(flows: try r.optionalMessage("flows"), oauth2MetadataUrl: try r.string("oauth2MetadataUrl"),
                                  description: try r.string("description")))
        case "openIdConnectSecurityScheme":
            self = .openIdConnect(OpenIDConnect(openIdConnectUrl: try r.string("openIdConnectUrl"),
                                                description: try r.string("description")))
        default:
            self = .mutualTLS(MutualTLS(description: try r.string("description")))
        }
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        let field: String
        switch self {
        case .apiKey(let s):
            field = "apiKeySecurityScheme"
            w.string("description", s.description)
            w.string("location", s.location)
            w.string("name", s.name)
        case .httpAuth(let s):
            field = "httpAuthSecurityScheme"
            w.string("description", s.description)
            w.string("scheme", s.scheme)
            w.string("bearerFormat", s.bearerFormat)
        case .oauth2(let s):
            field = "oauth2SecurityScheme"
            w.string("description", s.description)
            w.message("flows", s.flows)
            w.string("oauth2MetadataUrl", s.oauth2MetadataUrl)
        case .openIdConnect(let s):
            field = "openIdConnectSecurityScheme"
            w.string("description", s.description)
            w.string("openIdConnectUrl", s.openIdConnectUrl)
        case .mutualTLS(let s):
            field = "mtlsSecurityScheme"
            w.string("description", s.description)
        }
        return .object([field: w.value])
    }
}
