import JSONSchema

extension A2AV03 {
    /// 0.3 push-notification settings.
    public struct PushNotificationConfig: A2AV03Codable, Equatable {
        public var url: String
        public var id: String?
        public var token: String?
        /// `{"schemes": [...], "credentials": ...}`.
        public var authenticationSchemes: [String]?
        public var authenticationCredentials: String?

        public init(url: String, id: String? = nil, token: String? = nil, authenticationSchemes: [String]? = nil,
                    authenticationCredentials: String? = nil) {
            self.url = url
            self.id = id
            self.token = token
            self.authenticationSchemes = authenticationSchemes
            self.authenticationCredentials = authenticationCredentials
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            url = try r.requiredString("url")
            id = try r.optionalString("id")
            token = try r.optionalString("token")
            if let a = r.value("authentication") {
                let ar = try ProtoReader(a, path: r.at("authentication"))
                authenticationSchemes = try ar.strings("schemes")
                authenticationCredentials = try ar.optionalString("credentials")
            }
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("url", .string(url))
            w.string("id", id)
            w.string("token", token)
            if let s = authenticationSchemes {
                var aw = ProtoWriter(.standard)
                aw.set("schemes", .array(s.map { .string($0) }))
                aw.string("credentials", authenticationCredentials)
                w.set("authentication", aw.value)
            }
            return w.value
        }
    }

    /// 0.3 `MessageSendConfiguration`.
    public struct MessageSendConfiguration: A2AV03Codable, Equatable {
        public var acceptedOutputModes: [String]?
        /// Wait for the task to end (or be interrupted) before answering.
        public var blocking: Bool?
        public var historyLength: Int32?
        public var pushNotificationConfig: PushNotificationConfig?

        public init(acceptedOutputModes: [String]? = nil, blocking: Bool? = nil, historyLength: Int32? = nil,
                    pushNotificationConfig: PushNotificationConfig? = nil) {
            self.acceptedOutputModes = acceptedOutputModes
            self.blocking = blocking
            self.historyLength = historyLength
            self.pushNotificationConfig = pushNotificationConfig
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            acceptedOutputModes = try r.optionalStrings("acceptedOutputModes")
            blocking = try r.optionalBool("blocking")
            historyLength = try r.optionalInt32("historyLength")
            pushNotificationConfig = try r.v03Message("pushNotificationConfig")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.optionalStrings("acceptedOutputModes", acceptedOutputModes)
            w.bool("blocking", blocking)
            w.int32("historyLength", historyLength)
            w.v03("pushNotificationConfig", pushNotificationConfig)
            return w.value
        }
    }

    /// The params of 0.3 `message/send` and `message/stream`.
    public struct MessageSendParams: A2AV03Codable, Equatable {
        public var message: Message
        public var configuration: MessageSendConfiguration?
        public var metadata: [String: JSONValue]?

        public init(message: Message, configuration: MessageSendConfiguration? = nil, metadata: [String: JSONValue]? = nil) {
            self.message = message
            self.configuration = configuration
            self.metadata = metadata
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            guard let message = try r.v03Message("message", Message.self) else {
                throw ProtoJSONError(path: r.at("message"), problem: "required field missing")
            }
            self.message = message
            configuration = try r.v03Message("configuration")
            metadata = try r.optionalStruct("metadata")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.v03("message", message)
            w.v03("configuration", configuration)
            w.structValue("metadata", metadata)
            return w.value
        }
    }

    /// The params of 0.3 `tasks/get` (`TaskQueryParams`), `tasks/cancel` and `tasks/resubscribe` (`TaskIdParams`,
    /// without `historyLength`).
    public struct TaskParams: A2AV03Codable, Equatable {
        public var id: String
        public var historyLength: Int32?
        public var metadata: [String: JSONValue]?

        public init(id: String, historyLength: Int32? = nil, metadata: [String: JSONValue]? = nil) {
            self.id = id
            self.historyLength = historyLength
            self.metadata = metadata
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            id = try r.requiredString("id")
            historyLength = try r.optionalInt32("historyLength")
            metadata = try r.optionalStruct("metadata")
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            w.set("id", .string(id))
            w.int32("historyLength", historyLength)
            w.structValue("metadata", metadata)
            return w.value
        }
    }
}
