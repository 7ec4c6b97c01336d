/// An A2A JSON-RPC operation, with its method name in each protocol version.
///
/// | operation | 1.0 | 0.3 |
/// | --- | --- | --- |
/// | send a message | `SendMessage` | `message/send` |
/// | send, answer streamed | `SendStreamingMessage` | `message/stream` |
/// | get a task | `GetTask` | `tasks/get` |
/// | list tasks | `ListTasks` | (none) |
/// | cancel a task | `CancelTask` | `tasks/cancel` |
/// | follow a task | `SubscribeToTask` | `tasks/resubscribe` |
/// | extended card | `GetExtendedAgentCard` | `agent/getAuthenticatedExtendedCard` |
public enum A2AOperation: String, Sendable, CaseIterable {
    case sendMessage = "SendMessage"
    case sendStreamingMessage = "SendStreamingMessage"
    case getTask = "GetTask"
    case listTasks = "ListTasks"
    case cancelTask = "CancelTask"
    case subscribeToTask = "SubscribeToTask"
    case createTaskPushNotificationConfig = "CreateTaskPushNotificationConfig"
    case getTaskPushNotificationConfig = "GetTaskPushNotificationConfig"
    case listTaskPushNotificationConfigs = "ListTaskPushNotificationConfigs"
    case deleteTaskPushNotificationConfig = "DeleteTaskPushNotificationConfig"
    case getExtendedAgentCard = "GetExtendedAgentCard"

    /// The 0.3 method name; `nil` when 0.3 has none (`ListTasks`).
    public var v03MethodName: String? {
        switch self {
        case .sendMessage: "message/send"
        case .sendStreamingMessage: "message/stream"
        case .getTask: "tasks/get"
        case .listTasks: nil
        case .cancelTask: "tasks/cancel"
        case .subscribeToTask: "tasks/resubscribe"
        case .createTaskPushNotificationConfig: "tasks/pushNotificationConfig/set"
        case .getTaskPushNotificationConfig: "tasks/pushNotificationConfig/get"
        case .listTaskPushNotificationConfigs: "tasks/pushNotificationConfig/list"
        case .deleteTaskPushNotificationConfig: "tasks/pushNotificationConfig/delete"
        case .getExtendedAgentCard: "agent/getAuthenticatedExtendedCard"
        }
    }

    /// The method name in `version`; `nil` when that version has no such method.
    public func methodName(for version: A2AProtocolVersion) -> String? {
        version.isLegacy ? v03MethodName : rawValue
    }

    /// The operation and protocol version of a method name (a2a-sdk routes by the name alone).
    public static func resolve(method: String) -> (operation: A2AOperation, version: A2AProtocolVersion)? {
        if let op = A2AOperation(rawValue: method) { return (op, .v1_0) }
        if let op = allCases.first(where: { $0.v03MethodName == method }) { return (op, .v0_3) }
        return nil
    }

    /// The answer is a server-sent event stream.
    public var isStreaming: Bool { self == .sendStreamingMessage || self == .subscribeToTask }
}
