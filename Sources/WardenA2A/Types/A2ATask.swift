import JSONSchema

/// A unit of work an agent does for a client (`lf.a2a.v1.Task`).
public struct A2ATask: ProtoJSONCodable, Equatable {
    /// Chosen by the agent (required).
    public var id: String
    public var contextId: String
    /// The current status (required).
    public var status: A2ATaskStatus?
    public var artifacts: [A2AArtifact]
    /// The messages exchanged so far, oldest first.
    public var history: [A2AMessage]
    public var metadata: [String: JSONValue]?

    public init(id: String, contextId: String = "", status: A2ATaskStatus?, artifacts: [A2AArtifact] = [],
                history: [A2AMessage] = [], metadata: [String: JSONValue]? = nil) {
        self.id = id
        self.contextId = contextId
        self.status = status
        self.artifacts = artifacts
        self.history = history
        self.metadata = metadata
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        id = try r.string("id")
        contextId = try r.string("contextId")
        status = try r.optionalMessage("status")
        artifacts = try r.messages("artifacts")
        history = try r.messages("history")
        metadata = try r.optionalStruct("metadata")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("id", id)
        w.string("contextId", contextId)
        w.message("status", status)
        w.messages("artifacts", artifacts)
        w.messages("history", history)
        w.structValue("metadata", metadata)
        return w.value
    }
}
