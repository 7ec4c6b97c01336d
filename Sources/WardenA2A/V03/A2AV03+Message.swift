import JSONSchema

extension A2AV03 {
    /// A 0.3 message (`"kind": "message"`).
    public struct Message: A2AV03Codable, Equatable {
        public var messageId: String
        public var role: Role
        public var parts: [Part]
        public var contextId: String?
        public var taskId: String?
        public var referenceTaskIds: [String]?
        public var metadata: [String: JSONValue]?
        public var extensions: [String]?

        public init(messageId: String, role: Role, parts: [Part], contextId: String? = nil, taskId: String? = nil,
                    referenceTaskIds: [String]? = nil, metadata: [String: JSONValue]? = nil, extensions: [String]? = nil) {
            self.messageId = messageId
            self.role = role
            self.parts = parts
            self.contextId = contextId
            self.taskId = taskId
            self.referenceTaskIds = referenceTaskIds
            self.metadata = metadata
            self.extensions = extensions
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            try r.kind("message")
            messageId = try r.requiredString("messageId")
            role = try r.stringEnum("role", Role.self)
            guard let parts = try r.v03Messages("parts", Part.self) else {
                throw ProtoJSONError(path: r.at("parts"), problem: "required field missing")
            }
            self.parts = parts
            contextId = try r.optionalString("contextId")
            taskId = try r.optionalString("taskId")
            referenceTaskIds = try r.optionalStrings("referenceTaskIds")
            metadata = try r.optionalStruct("metadata")
            extensions = try r.optionalStrings("extensions")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("kind", "message")
            w.set("messageId", .string(messageId))
            w.set("role", .string(role.rawValue))
            w.v03("parts", parts)
            w.string("contextId", contextId)
            w.string("taskId", taskId)
            w.optionalStrings("referenceTaskIds", referenceTaskIds)
            w.structValue("metadata", metadata)
            w.optionalStrings("extensions", extensions)
            return w.value
        }
    }
}
