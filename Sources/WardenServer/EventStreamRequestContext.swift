import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// Per-request state of a WebSocket upgrade to `/v1/events`: the request id, the connection, and once
/// ``EventStreamAdmissionMiddleware`` admitted the caller, what it subscribes to.
public struct EventStreamRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    var requestID: String
    /// The admitted subscription; nil until the admission middleware ran.
    var admission: EventStreamAdmission?
    /// The connection the upgrade came on (its TLS handler holds the client certificate; a refusal is written on it).
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        requestID = ""
        channel = source.channel
    }
}
