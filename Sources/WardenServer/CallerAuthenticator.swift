import WardenCore
import WardenRuntime

/// Who is calling, for the admin API and the MCP endpoint: the bearer token when the request sends one, else the
/// connection's verified client certificate (mutual TLS) through the configured identity mapping.
///
/// A bearer token takes precedence over the certificate: it is the credential the caller chose for this request
/// (a gateway holding one workload certificate may call for several principals), and it is checked exactly as
/// without TLS. The certificate has still been verified by the handshake, so over `required` mutual TLS only
/// holders of a trusted certificate reach the token check at all.
struct CallerAuthenticator: Sendable {
    let service: GovernanceService
    /// Identity to principal; nil when client certificates do not authenticate (no TLS, or none asked for).
    let mapping: CertificatePrincipalMapping?

    init(service: GovernanceService, tls: TLSSettings?) {
        self.service = service
        mapping = tls.flatMap { $0.clientCertificates == .none ? nil : $0.mapping }
    }

    /// The principal of `token` (the bearer token; nil when the request sent no `Authorization` header), else of the
    /// connection's client certificate.
    /// - Throws: `unauthenticated` (recorded) when neither identifies an enabled principal.
    func authenticate(token: String?, context: WardenRequestContext) async throws -> Principal {
        try await authenticate(token: token, certificate: context.clientCertificate, requestID: context.requestID)
    }

    /// The principal of `token`, else of the connection's verified `certificate` (for requests outside the main
    /// router, such as WebSocket upgrades).
    /// - Throws: `unauthenticated` (recorded) when neither identifies an enabled principal.
    func authenticate(token: String?, certificate: VerifiedClientCertificate?, requestID: String) async throws -> Principal {
        if token == nil, let mapping, let certificate {
            return try await service.authenticate(certificateIdentity: certificate.identity, mapping: mapping, requestID: requestID)
        }
        return try await service.authenticate(token: token, requestID: requestID)
    }
}
