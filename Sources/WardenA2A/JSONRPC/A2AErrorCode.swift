/// A JSON-RPC error code as A2A uses it. The known codes are constants; any other code a peer sends is kept as is.
public struct A2AErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// The body is not JSON.
    public static let parseError = A2AErrorCode(rawValue: -32700)
    /// Not a JSON-RPC 2.0 request (a batch, a wrong `jsonrpc`, no method, a bad id), or a body over the size limit.
    public static let invalidRequest = A2AErrorCode(rawValue: -32600)
    public static let methodNotFound = A2AErrorCode(rawValue: -32601)
    /// The params do not parse, or required fields are missing.
    public static let invalidParams = A2AErrorCode(rawValue: -32602)
    public static let internalError = A2AErrorCode(rawValue: -32603)
    /// JSON-RPC's implementation-defined server error: Warden's governance refusals that A2A has no code for
    /// (unauthenticated, forbidden, rate limited, circuit open, upstream unavailable, timeout…); the Warden code is
    /// in the error's data.
    public static let serverError = A2AErrorCode(rawValue: -32000)
    public static let taskNotFound = A2AErrorCode(rawValue: -32001)
    public static let taskNotCancelable = A2AErrorCode(rawValue: -32002)
    public static let pushNotificationNotSupported = A2AErrorCode(rawValue: -32003)
    public static let unsupportedOperation = A2AErrorCode(rawValue: -32004)
    public static let contentTypeNotSupported = A2AErrorCode(rawValue: -32005)
    public static let invalidAgentResponse = A2AErrorCode(rawValue: -32006)
    public static let extendedAgentCardNotConfigured = A2AErrorCode(rawValue: -32007)
    public static let extensionSupportRequired = A2AErrorCode(rawValue: -32008)
    public static let versionNotSupported = A2AErrorCode(rawValue: -32009)

    /// The A2A error reason (`google.rpc.ErrorInfo.reason`) a2a-sdk writes for the code.
    public var reason: String {
        switch self {
        case .taskNotFound: "TASK_NOT_FOUND"
        case .taskNotCancelable: "TASK_NOT_CANCELABLE"
        case .pushNotificationNotSupported: "PUSH_NOTIFICATION_NOT_SUPPORTED"
        case .unsupportedOperation: "UNSUPPORTED_OPERATION"
        case .contentTypeNotSupported: "CONTENT_TYPE_NOT_SUPPORTED"
        case .invalidAgentResponse: "INVALID_AGENT_RESPONSE"
        case .extendedAgentCardNotConfigured: "EXTENDED_AGENT_CARD_NOT_CONFIGURED"
        case .extensionSupportRequired: "EXTENSION_SUPPORT_REQUIRED"
        case .versionNotSupported: "VERSION_NOT_SUPPORTED"
        case .invalidParams: "INVALID_PARAMS"
        case .invalidRequest: "INVALID_REQUEST"
        case .methodNotFound: "METHOD_NOT_FOUND"
        case .internalError: "INTERNAL_ERROR"
        default: "UNKNOWN_ERROR"
        }
    }

    /// a2a-sdk's default message for the code.
    public var defaultMessage: String {
        switch self {
        case .parseError: "Invalid JSON payload"
        case .invalidRequest: "Invalid Request"
        case .methodNotFound: "Method not found"
        case .invalidParams: "Invalid params"
        case .internalError: "Internal error"
        case .taskNotFound: "Task not found"
        case .taskNotCancelable: "Task cannot be canceled"
        case .pushNotificationNotSupported: "Push Notification is not supported"
        case .unsupportedOperation: "This operation is not supported"
        case .contentTypeNotSupported: "Incompatible content types"
        case .invalidAgentResponse: "Invalid agent response"
        case .extendedAgentCardNotConfigured: "Authenticated Extended Card is not configured"
        case .extensionSupportRequired: "Extension support required"
        case .versionNotSupported: "Version not supported"
        default: "Server error"
        }
    }

    /// The codes A2A 0.3 defines (-32700…-32603, -32001…-32007); a2a-sdk sends the others to 0.3 clients as -32603.
    public var isKnownToV03: Bool {
        [-32700, -32600, -32601, -32602, -32603].contains(rawValue) || (-32007 ... -32001).contains(rawValue)
    }

    public var description: String { String(rawValue) }
}
