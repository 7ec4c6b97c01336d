import JSONSchema

/// An extension of the protocol the agent supports (`lf.a2a.v1.AgentExtension`), with its parameters.
public struct AgentExtension: ProtoJSONCodable, Equatable {
    public var uri: String
    public var description: String
    /// Clients must support it to talk to the agent.
    public var required: Bool
    public var params: [String: JSONValue]?

    public init(uri: String, description: String = "", required: Bool = false, params: [String: JSONValue]? = nil) {
        self.uri = uri
        self.description = description
        self.required = required
        self.params = params
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        uri = try r.string("uri")
        description = try r.string("description")
        required = try r.bool("required")
        params = try r.optionalStruct("params")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("uri", uri)
        w.string("description", description)
        w.bool("required", required)
        w.structValue("params", params)
        return w.value
    }
}
