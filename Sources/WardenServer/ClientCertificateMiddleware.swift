import Hummingbird
import NIOCore
import NIOSSL
import X509

/// Puts the connection's verified client certificate on the request context (``WardenRequestContext/clientCertificate``),
/// read from the NIOSSL handler of the connection's pipeline. Only certificates that passed the handshake's
/// verification are there: a refused one ends the connection before any request.
struct ClientCertificateMiddleware: RouterMiddleware {
    typealias Context = WardenRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.clientCertificate = await Self.peerCertificate(of: context.channel)
        return try await next(request, context)
    }

    /// The verified peer certificate of `channel`'s TLS handler, when there is one.
    static func peerCertificate(of channel: (any Channel)?) async -> VerifiedClientCertificate? {
        // No TLS handler (plain HTTP, or a test's channel) or no certificate: no certificate identity.
        guard let channel, let peer = try? await channel.nioSSL_peerCertificate().get(),
              let der = try? peer.toDERBytes(), let certificate = try? Certificate(derEncoded: der) else { return nil }
        return VerifiedClientCertificate(certificate: certificate)
    }
}
