import JSONSchema

/// A streamed change of a task's status (`lf.a2a.v1.TaskStatusUpdateEvent`).
public struct TaskStatusUpdateEvent: ProtoJSONCodable, Equatable {
    public var taskId: String
    public var contextId: String
    public var status: A2ATaskStatus?
    public var metadata: [String: JSONValue]?

    public init(taskId: String, contextId: String, status: A2ATaskStatus, metadata: [String: JSONValue]? = nil) {
        self.taskId = taskId
        self.contextId = contextId
        self.status = status
        self.metadata = metadata
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        taskId = try r.string("taskId")
        contextId = try r.string("contextId")
        status = try r.optionalMessage("status")
        metadata = try r.optionalStruct("metadata")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("taskId", taskId)
        w.string("contextId", contextId)
        w.message("status", status)
        w.structValue("metadata", metadata)
        return w.value
    }
}
