import JSONSchema

/// The result of `SendMessage` (`lf.a2a.v1.SendMessageResponse`): a task, or a direct message.
public enum SendMessageResponse: ProtoJSONCodable, Equatable {
    case task(A2ATask)
    case message(A2AMessage)

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        switch try r.oneof(["task", "message"], group: "payload") {
        case "task": self = .task(try A2ATask(protoJSON: r.value("task") ?? [:], path: r.at("task")))
        case "message": self = .message(try A2AMessage(protoJSON: r.value("message") ?? [:], path: r.at("message")))
        default: throw ProtoJSONError(path: path, problem: "a SendMessage result needs task or message")
        }
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        switch self {
        case .task(let t): .object(["task": t.protoJSON(options)])
        case .message(let m): .object(["message": m.protoJSON(options)])
        }
    }
}
