import JSONSchema

extension A2AV03 {
    /// A 0.3 task status; the timestamp is kept as the text sent.
    public struct TaskStatus: A2AV03Codable, Equatable {
        public var state: TaskState
        public var message: Message?
        public var timestamp: String?

        public init(state: TaskState, message: Message? = nil, timestamp: String? = nil) {
            self.state = state
            self.message = message
            self.timestamp = timestamp
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            state = try r.stringEnum("state", TaskState.self)
            message = try r.v03Message("message")
            timestamp = try r.optionalString("timestamp")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("state", .string(state.rawValue))
            w.v03("message", message)
            w.string("timestamp", timestamp)
            return w.value
        }
    }

    /// A 0.3 artifact.
    public struct Artifact: A2AV03Codable, Equatable {
        public var artifactId: String
        public var parts: [Part]
        public var name: String?
        public var description: String?
        public var metadata: [String: JSONValue]?
        public var extensions: [String]?

        public init(artifactId: String, parts: [Part], name: String? = nil, description: String? = nil,
                    metadata: [String: JSONValue]? = nil, extensions: [String]? = nil) {
            self.artifactId = artifactId
            self.parts = parts
            self.name = name
            self.description = description
            self.metadata = metadata
            self.extensions = extensions
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            artifactId = try r.requiredString("artifactId")
            guard let parts = try r.v03Messages("parts", Part.self) else {
                throw ProtoJSONError(path: r.at("parts"), problem: "required field missing")
            }
            self.parts = parts
            name = try r.optionalString("name")
            description = try r.optionalString("description")
            metadata = try r.optionalStruct("metadata")
            extensions = try r.optionalStrings("extensions")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("artifactId", .string(artifactId))
            w.v03("parts", parts)
            w.string("name", name)
            w.string("description", description)
            w.structValue("metadata", metadata)
            w.optionalStrings("extensions", extensions)
            return w.value
        }
    }

    /// A 0.3 task (`"kind": "task"`).
    public struct Task: A2AV03Codable, Equatable {
        public var id: String
        public var contextId: String
        public var status: TaskStatus
        public var history: [Message]?
        public var artifacts: [Artifact]?
        public var metadata: [String: JSONValue]?

        public init(id: String, contextId: String, status: TaskStatus, history: [Message]? = nil, artifacts: [Artifact]? = nil,
                    metadata: [String: JSONValue]? = nil) {
            self.id = id
            self.contextId = contextId
            self.status = status
            self.history = history
            self.artifacts = artifacts
            self.metadata = metadata
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            try r.kind("task")
            id = try r.requiredString("id")
            contextId = try r.requiredString("contextId")
            guard let status = try r.v03Message("status", TaskStatus.self) else {
                throw ProtoJSONError(path: r.at("status"), problem: "required field missing")
            }
            self.status = status
            history = try r.v03Messages("history")
            artifacts = try r.v03Messages("artifacts")
            metadata = try r.optionalStruct("metadata")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("kind", "task")
            w.set("id", .string(id))
            w.set("contextId", .string(contextId))
            w.v03("status", status)
            w.v03("history", history)
            w.v03("artifacts", artifacts)
            w.structValue("metadata", metadata)
            return w.value
        }
    }
}
