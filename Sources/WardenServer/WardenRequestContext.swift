import Hummingbird
import Logging
import NIOCore
import WardenCore

/// Per-request state: the request id that every response and audit event carries, and, over mutual TLS, the
/// caller's verified client certificate.
public struct WardenRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    /// The connection's verified client certificate, when it presented one (set by ``ClientCertificateMiddleware``;
    /// nil over plain HTTP, or TLS without client certificates).
    public var clientCertificate: VerifiedClientCertificate?
    /// The connection the request came on (where the TLS handler, and so the peer's certificate, is).
    let channel: (any Channel)?
    /// The connection's peer (none in in-process tests), for rate limiting failed client authentications.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        requestID = ""
        channel = source.channel
        remoteAddress = source.channel.remoteAddress
    }

    /// The identity of the caller's verified client certificate, when it presented one that names an identity.
    public var certificateIdentity: CertificateIdentity? { clientCertificate?.identity }
}
