import JSONSchema

/// The params of `SendMessage` and `SendStreamingMessage` (`lf.a2a.v1.SendMessageRequest`).
public struct SendMessageRequest: ProtoJSONCodable, Equatable {
    public var tenant: String
    /// The message (required).
    public var message: A2AMessage?
    public var configuration: SendMessageConfiguration?
    public var metadata: [String: JSONValue]?

    public init(message: A2AMessage, configuration: SendMessageConfiguration? = nil, metadata: [String: JSONValue]? = nil,
                tenant: String = "") {
        self.message = message
        self.configuration = configuration
        self.metadata = metadata
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        message = try r.optionalMessage("message")
        configuration = try r.optionalMessage("configuration")
        metadata = try r.optionalStruct("metadata")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.message("message", message)
        w.message("configuration", configuration)
        w.structValue("metadata", metadata)
        return w.value
    }
}
