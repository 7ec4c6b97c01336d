import JSONSchema

/// How the client wants a message handled (`lf.a2a.v1.SendMessageConfiguration`).
public struct SendMessageConfiguration: ProtoJSONCodable, Equatable {
    /// Media types the client accepts in the answer.
    public var acceptedOutputModes: [String]
    public var taskPushNotificationConfig: TaskPushNotificationConfig?
    /// How many history messages the returned task carries; `nil` means the agent's default (no limit).
    public var historyLength: Int32?
    /// Answer as soon as the task exists instead of when it ends or is interrupted (0.3: `blocking: false`).
    public var returnImmediately: Bool

    public init(acceptedOutputModes: [String] = [], taskPushNotificationConfig: TaskPushNotificationConfig? = nil,
                historyLength: Int32? = nil, returnImmediately: Bool = false) {
        self.acceptedOutputModes = acceptedOutputModes
        self.taskPushNotificationConfig = taskPushNotificationConfig
        self.historyLength = historyLength
        self.returnImmediately = returnImmediately
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        acceptedOutputModes = try r.strings("acceptedOutputModes")
        taskPushNotificationConfig = try r.optionalMessage("taskPushNotificationConfig")
        historyLength = try r.optionalInt32("historyLength")
        returnImmediately = try r.bool("returnImmediately")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.strings("acceptedOutputModes", acceptedOutputModes)
        w.message("taskPushNotificationConfig", taskPushNotificationConfig)
        w.int32("historyLength", historyLength)
        w.bool("returnImmediately", returnImmediately)
        return w.value
    }
}
