import JSONSchema

/// Where a task stands (`lf.a2a.v1.TaskStatus`).
public struct A2ATaskStatus: ProtoJSONCodable, Equatable {
    /// The state (required).
    public var state: A2ATaskState
    /// A message from the agent about the state (e.g. the question of `inputRequired`).
    public var message: A2AMessage?
    /// When the task entered this state.
    public var timestamp: ProtoTimestamp?

    public init(state: A2ATaskState, message: A2AMessage? = nil, timestamp: ProtoTimestamp? = nil) {
        self.state = state
        self.message = message
        self.timestamp = timestamp
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        state = try r.enumValue("state")
        message = try r.optionalMessage("message")
        timestamp = try r.optionalTimestamp("timestamp")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.enumValue("state", state)
        w.message("message", message)
        w.timestamp("timestamp", timestamp)
        return w.value
    }
}
