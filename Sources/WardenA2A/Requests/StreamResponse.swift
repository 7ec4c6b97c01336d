import JSONSchema

/// One event of `SendStreamingMessage` or `SubscribeToTask` (`lf.a2a.v1.StreamResponse`).
public enum StreamResponse: ProtoJSONCodable, Equatable {
    case task(A2ATask)
    case message(A2AMessage)
    case statusUpdate(TaskStatusUpdateEvent)
    case artifactUpdate(TaskArtifactUpdateEvent)

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        let field = try r.oneof(["task", "message", "statusUpdate", "artifactUpdate"], group: "payload")
        let inner = field.flatMap { r.value($0) } ?? [:]
        switch field {
        case "task": self = .task(try A2ATask(protoJSON: inner, path: r.at("task")))
        case "message": self = .message(try A2AMessage(protoJSON: inner, path: r.at("message")))
        case "statusUpdate": self = .statusUpdate(try TaskStatusUpdateEvent(protoJSON: inner, path: r.at("statusUpdate")))
        case "artifactUpdate": self = .artifactUpdate(try TaskArtifactUpdateEvent(protoJSON: inner, path: r.at("artifactUpdate")))
        default: throw ProtoJSONError(path: path, problem: "a stream event needs task, message, statusUpdate or artifactUpdate")
        }
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        switch self {
        case .task(let t): .object(["task": t.protoJSON(options)])
        case .message(let m): .object(["message": m.protoJSON(options)])
        case .statusUpdate(let e): .object(["statusUpdate": e.protoJSON(options)])
        case .artifactUpdate(let e): .object(["artifactUpdate": e.protoJSON(options)])
        }
    }

    /// This event as a `SendMessage` result, when it is a task or a message.
    public var sendMessageResponse: SendMessageResponse? {
        switch self {
        case .task(let t): .task(t)
        case .message(let m): .message(m)
        default: nil
        }
    }
}
