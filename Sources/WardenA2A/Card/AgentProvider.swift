import JSONSchema

/// Who runs the agent (`lf.a2a.v1.AgentProvider`).
public struct AgentProvider: ProtoJSONCodable, Equatable {
    public var url: String
    public var organization: String

    public init(organization: String, url: String) {
        self.organization = organization
        self.url = url
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        url = try r.string("url")
        organization = try r.string("organization")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("url", url)
        w.string("organization", organization)
        return w.value
    }
}
