import JSONSchema

/// How the agent authenticates to a push-notification URL (`lf.a2a.v1.AuthenticationInfo`).
public struct AuthenticationInfo: ProtoJSONCodable, Equatable {
    public var scheme: String
    public var credentials: String

    public init(scheme: String, credentials: String = "") {
        self.scheme = scheme
        self.credentials = credentials
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        scheme = try r.string("scheme")
        credentials = try r.string("credentials")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("scheme", scheme)
        w.string("credentials", credentials)
        return w.value
    }
}
