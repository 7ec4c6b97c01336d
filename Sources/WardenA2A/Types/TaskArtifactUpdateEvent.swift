import JSONSchema

/// A streamed new or extended artifact (`lf.a2a.v1.TaskArtifactUpdateEvent`).
public struct TaskArtifactUpdateEvent: ProtoJSONCodable, Equatable {
    public var taskId: String
    public var contextId: String
    public var artifact: A2AArtifact?
    /// The parts extend an artifact of the same id sent before.
    public var append: Bool
    /// The last chunk of this artifact.
    public var lastChunk: Bool
    public var metadata: [String: JSONValue]?

    public init(taskId: String, contextId: String, artifact: A2AArtifact, append: Bool = false, lastChunk: Bool = false,
                metadata: [String: JSONValue]? = nil) {
        self.taskId = taskId
        self.contextId = contextId
        self.artifact = artifact
        self.append = append
        self.lastChunk = lastChunk
        self.metadata = metadata
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        taskId = try r.string("taskId")
        contextId = try r.string("contextId")
        artifact = try r.optionalMessage("artifact")
        append = try r.bool("append")
        lastChunk = try r.bool("lastChunk")
        metadata = try r.optionalStruct("metadata")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("taskId", taskId)
        w.string("contextId", contextId)
        w.message("artifact", artifact)
        w.bool("append", append)
        w.bool("lastChunk", lastChunk)
        w.structValue("metadata", metadata)
        return w.value
    }
}
