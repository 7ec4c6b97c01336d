import JSONSchema

/// What the agent can do beyond plain request and response (`lf.a2a.v1.AgentCapabilities`).
public struct AgentCapabilities: ProtoJSONCodable, Equatable {
    /// `SendStreamingMessage` and `SubscribeToTask` (SSE); `nil` when not stated.
    public var streaming: Bool?
    public var pushNotifications: Bool?
    public var extensions: [AgentExtension]
    /// `GetExtendedAgentCard` gives authenticated clients a fuller card.
    public var extendedAgentCard: Bool?

    public init(streaming: Bool? = nil, pushNotifications: Bool? = nil, extensions: [AgentExtension] = [],
                extendedAgentCard: Bool? = nil) {
        self.streaming = streaming
        self.pushNotifications = pushNotifications
        self.extensions = extensions
        self.extendedAgentCard = extendedAgentCard
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        streaming = try r.optionalBool("streaming")
        pushNotifications = try r.optionalBool("pushNotifications")
        extensions = try r.messages("extensions")
        extendedAgentCard = try r.optionalBool("extendedAgentCard")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.bool("streaming", streaming)
        w.bool("pushNotifications", pushNotifications)
        w.messages("extensions", extensions)
        w.bool("extendedAgentCard", extendedAgentCard)
        return w.value
    }
}
