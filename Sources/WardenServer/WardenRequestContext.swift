import Hummingbird
import Logging

/// Per-request state: the request id that every response and audit event carries.
public struct WardenRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
    }
}
