import Hummingbird
import Logging
import NIOCore

/// Per-request state: the request id that every response and audit event carries, and the peer's address.
public struct WardenRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The connection's peer (none in in-process tests), for rate limiting failed client authentications.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        remoteAddress = source.channel.remoteAddress
    }
}
