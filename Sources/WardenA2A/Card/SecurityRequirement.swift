import JSONSchema

/// A set of security schemes that together satisfy the agent (`lf.a2a.v1.SecurityRequirement`): scheme name to
/// the scopes needed (OAuth 2.0) or an empty list. A list of requirements means "any one of them".
/// In JSON each scheme maps to a `StringList`: `{"schemes": {"oauth2": {"list": ["a2a:invoke"]}, "mtls": {}}}`.
public struct SecurityRequirement: ProtoJSONCodable, Equatable {
    public var schemes: [String: [String]]

    public init(_ schemes: [String: [String]]) {
        self.schemes = schemes
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        schemes = try r.messageMap("schemes", StringList.self).mapValues(\.list)
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.messageMap("schemes", schemes.mapValues { StringList(list: $0) })
        return w.value
    }

    /// `lf.a2a.v1.StringList`.
    struct StringList: ProtoJSONCodable, Equatable {
        var list: [String]

        init(list: [String]) {
            self.list = list
        }

        init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
            list = try ProtoReader(protoJSON, path: path).strings("list")
        }

        func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
            var w = ProtoWriter(options)
            w.strings("list", list)
            return w.value
        }
    }
}
