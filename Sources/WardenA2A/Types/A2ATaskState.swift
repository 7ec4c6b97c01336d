/// The state of a task (`lf.a2a.v1.TaskState`).
public enum A2ATaskState: String, ProtoEnum {
    case unspecified = "TASK_STATE_UNSPECIFIED"
    case submitted = "TASK_STATE_SUBMITTED"
    case working = "TASK_STATE_WORKING"
    case completed = "TASK_STATE_COMPLETED"
    case failed = "TASK_STATE_FAILED"
    case canceled = "TASK_STATE_CANCELED"
    case inputRequired = "TASK_STATE_INPUT_REQUIRED"
    case rejected = "TASK_STATE_REJECTED"
    case authRequired = "TASK_STATE_AUTH_REQUIRED"

    public var number: Int {
        switch self {
        case .unspecified: 0
        case .submitted: 1
        case .working: 2
        case .completed: 3
        case .failed: 4
        case .canceled: 5
        case .inputRequired: 6
        case .rejected: 7
        case .authRequired: 8
        }
    }

    /// Completed, failed, canceled or rejected: nothing more will happen to the task.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .canceled, .rejected: true
        default: false
        }
    }

    /// Waiting for the client (input or authorization); the task goes on when it answers.
    public var isInterrupted: Bool { self == .inputRequired || self == .authRequired }
}
