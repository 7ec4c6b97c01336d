import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOSSL
import TLSTestSupport
import WardenA2A
import WardenCore
import WardenRuntime
@testable import WardenServer

/// Warden's application serving HTTPS on a loopback port with the test PKI's server certificate, and an HTTP client
/// to call it with any of the PKI's client certificates.
struct TLSServerHarness {
    /// The identity mapping of these tests: principals of ``ServerHarness``.
    static let identities = [
        TestPKI.spiffeID: "bot", TestPKI.dnsName: "aud", TestPKI.commonName: "req",
        "spiffe://warden.test/agent/relay": "sec", "legacy-agent": "fun",
    ]

    let pki: TestPKI
    let server: ServerHarness

    init(pki: TestPKI, clientCertificates: TLSSettings.ClientCertificates = .required,
         identities: [String: String] = Self.identities, unmappedIdentityAsPrincipalID: Bool = false,
         a2aSkills: [A2ASkillBinding] = []) async throws {
        self.pki = pki
        var configuration = WardenConfiguration()
        configuration.a2aSkills = a2aSkills
        configuration.tls = TLSSettings(
            certificateChainFile: pki.server.certificateChainFile, privateKeyFile: pki.server.privateKeyFile,
            clientCAFile: clientCertificates == .none ? nil : pki.authority.certificateFile, clientCertificates: clientCertificates,
            mapping: CertificatePrincipalMapping(principalIDs: clientCertificates == .none ? [:] : identities,
                                                 unmappedIdentityAsPrincipalID: unmappedIdentityAsPrincipalID))
        server = try await ServerHarness(configuration: configuration)
    }

    /// Runs the application on 127.0.0.1 (a free port) while `body` runs with its `https://127.0.0.1:PORT` base URL.
    func live<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        var logger = Logger(label: "warden-tls-test")
        logger.logLevel = .warning
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: try WardenApplication.router(engine: server.engine, configuration: server.configuration),
            server: try WardenApplication.server(configuration: server.configuration, service: server.service, logger: logger),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw WardenError(.internal, "the TLS server did not start") }
            return try await body("https://127.0.0.1:\(port)")
        }
    }

    /// Client TLS trusting the test CA, presenting `credential` (none when nil).
    func clientTLS(_ credential: TestCredential?) throws -> TLSConfiguration {
        if let credential {
            return try ClientTLSIdentity.files(certificateChain: credential.certificateChainFile, privateKey: credential.privateKeyFile,
                                               trustRoots: pki.authority.certificateFile).tlsConfiguration
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.authority.certificateFile))
        return tls
    }

    /// Client TLS presenting `credential` without the checks of ``ClientTLSIdentity`` (which refuses expired and
    /// not-yet-valid certificates before they are ever sent).
    func rawClientTLS(_ credential: TestCredential) throws -> TLSConfiguration {
        var tls = try clientTLS(nil)
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile(credential.certificateChainFile).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: credential.privateKeyFile, format: .pem))
        return tls
    }

    /// The auth.failed events so far.
    func authFailures() async throws -> [AuditEvent] {
        try await server.store.read { tx in try tx.auditEvents(matching: AuditQuery(action: "auth.failed", limit: 100)) }
    }
}

/// One HTTP answer.
struct TLSAnswer: Sendable {
    var status: Int
    var body: String
    var json: JSONValue { (try? JSONValue(parsing: Data(body.utf8))) ?? .null }
}

extension HTTPClient {
    /// Sends a request with `tls`, an optional bearer key and JSON body; the answer, or the error (a failed handshake).
    func call(_ url: String, method: HTTPMethod = .GET, tls: TLSConfiguration, bearer: String? = nil,
              headers: [(String, String)] = [], body: Data? = nil) async throws -> TLSAnswer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.tlsConfiguration = tls
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        for (n, v) in headers { request.headers.add(name: n, value: v) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        // Generous: under a loaded machine and parallel suites, the in-process server answers slowly.
        let response = try await execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return TLSAnswer(status: Int(response.status.code), body: String(buffer: bytes))
    }
}
