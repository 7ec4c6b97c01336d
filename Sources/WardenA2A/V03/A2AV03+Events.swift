import JSONSchema

extension A2AV03 {
    /// A 0.3 status update (`"kind": "status-update"`); `final` marks the last event of a stream.
    public struct TaskStatusUpdateEvent: A2AV03Codable, Equatable {
        public var taskId: String
        public var contextId: String
        public var status: TaskStatus
        public var final: Bool
        public var metadata: [String: JSONValue]?

        public init(taskId: String, contextId: String, status: TaskStatus, final: Bool, metadata: [String: JSONValue]? = nil) {
            self.taskId = taskId
            self.contextId = contextId
            self.status = status
            self.final = final
            self.metadata = metadata
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            try r.kind("status-update")
            taskId = try r.requiredString("taskId")
            contextId = try r.requiredString("contextId")
            guard let status = try r.v03Message("status", TaskStatus.self) else {
                throw ProtoJSONError(path: r.at("status"), problem: "required field missing")
            }
            self.status = status
            guard let final = try r.optionalBool("final") else {
                throw ProtoJSONError(path: r.at("final"), problem: "required field missing")
            }
            self.final = final
            metadata = try r.optionalStruct("metadata")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("kind", "status-update")
            w.set("taskId", .string(taskId))
            w.set("contextId", .string(contextId))
            w.v03("status", status)
            w.set("final", .bool(final))
            w.structValue("metadata", metadata)
            return w.value
        }
    }

    /// A 0.3 artifact update (`"kind": "artifact-update"`).
    public struct TaskArtifactUpdateEvent: A2AV03Codable, Equatable {
        public var taskId: String
        public var contextId: String
        public var artifact: Artifact
        public var append: Bool?
        public var lastChunk: Bool?
        public var metadata: [String: JSONValue]?

        public init(taskId: String, contextId: String, artifact: Artifact, append: Bool? = nil, lastChunk: Bool? = nil,
                    metadata: [String: JSONValue]? = nil) {
            self.taskId = taskId
            self.contextId = contextId
            self.artifact = artifact
            self.append = append
            self.lastChunk = lastChunk
            self.metadata = metadata
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            try r.kind("artifact-update")
            taskId = try r.requiredString("taskId")
            contextId = try r.requiredString("contextId")
            guard let artifact = try r.v03Message("artifact", Artifact.self) else {
                throw ProtoJSONError(path: r.at("artifact"), problem: "required field missing")
            }
            self.artifact = artifact
            append = try r.optionalBool("append")
            lastChunk = try r.optionalBool("lastChunk")
            metadata = try r.optionalStruct("metadata")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("kind", "artifact-update")
            w.set("taskId", .string(taskId))
            w.set("contextId", .string(contextId))
            w.v03("artifact", artifact)
            w.bool("append", append)
            w.bool("lastChunk", lastChunk)
            w.structValue("metadata", metadata)
            return w.value
        }
    }

    /// What a 0.3 `message/send` returns, or one event of `message/stream`: told apart by `kind` (or, as a2a-sdk's
    /// client does when `kind` is missing, by shape).
    public enum StreamResult: A2AV03Codable, Equatable {
        case task(Task)
        case message(Message)
        case statusUpdate(TaskStatusUpdateEvent)
        case artifactUpdate(TaskArtifactUpdateEvent)

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            var kind = try r.optionalString("kind")
            if kind == nil {
                if r.has("taskId") && r.has("final") { kind = "status-update" }
                else if r.has("artifact") { kind = "artifact-update" }
                else if r.has("messageId") { kind = "message" }
                else if r.has("id") { kind = "task" }
            }
            switch kind {
            case "task": self = .task(try Task(v03JSON: v03JSON, path: path))
            case "message": self = .message(try Message(v03JSON: v03JSON, path: path))
            case "status-update": self = .statusUpdate(try TaskStatusUpdateEvent(v03JSON: v03JSON, path: path))
            case "artifact-update": self = .artifactUpdate(try TaskArtifactUpdateEvent(v03JSON: v03JSON, path: path))
            default: throw ProtoJSONError(path: r.at("kind"), problem: "expected task, message, status-update or artifact-update")
            }
        }

        public var v03JSON: JSONValue {
            switch self {
            case .task(let t): t.v03JSON
            case .message(let m): m.v03JSON
            case .statusUpdate(let e): e.v03JSON
            case .artifactUpdate(let e): e.v03JSON
            }
        }
    }
}
