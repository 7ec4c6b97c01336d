import JSONSchema

/// One turn of a conversation between a client and an agent (`lf.a2a.v1.Message`).
public struct A2AMessage: ProtoJSONCodable, Equatable {
    /// Unique per message, chosen by its sender (required).
    public var messageId: String
    /// The conversation it belongs to; empty when unset.
    public var contextId: String
    /// The task it belongs to; empty when unset.
    public var taskId: String
    /// Who sent it (required: user or agent).
    public var role: A2ARole
    /// The content (required: at least one part).
    public var parts: [A2APart]
    public var metadata: [String: JSONValue]?
    /// URIs of the extensions used in this message.
    public var extensions: [String]
    /// Other tasks this message refers to.
    public var referenceTaskIds: [String]

    public init(messageId: String, role: A2ARole, parts: [A2APart], contextId: String = "", taskId: String = "",
                metadata: [String: JSONValue]? = nil, extensions: [String] = [], referenceTaskIds: [String] = []) {
        self.messageId = messageId
        self.role = role
        self.parts = parts
        self.contextId = contextId
        self.taskId = taskId
        self.metadata = metadata
        self.extensions = extensions
        self.referenceTaskIds = referenceTaskIds
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        messageId = try r.string("messageId")
        contextId = try r.string("contextId")
        taskId = try r.string("taskId")
        role = try r.enumValue("role")
        parts = try r.messages("parts")
        metadata = try r.optionalStruct("metadata")
        extensions = try r.strings("extensions")
        referenceTaskIds = try r.strings("referenceTaskIds")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("messageId", messageId)
        w.string("contextId", contextId)
        w.string("taskId", taskId)
        w.enumValue("role", role)
        w.messages("parts", parts)
        w.structValue("metadata", metadata)
        w.strings("extensions", extensions)
        w.strings("referenceTaskIds", referenceTaskIds)
        return w.value
    }
}
