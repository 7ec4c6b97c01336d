import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Tracing
import WardenCore
import WardenRuntime
import WardenStore
import WardenA2A

/// Builds and runs the Warden HTTP server.
public enum WardenApplication {
    /// The router with every endpoint, for a given engine.
    /// - Parameter metrics: the Prometheus registry the engine's ``CallMetrics`` write into, served at `/metrics`.
    /// - Throws: when the shipped OpenAPI document cannot be loaded (a packaging bug).
    ///
    /// With client certificates configured, a handler finds the caller's verified certificate and its identity in
    /// ``WardenRequestContext/clientCertificate``.
    /// - Parameter console: the console's sessions; pass the same to ``server(configuration:engine:logger:console:)``.
    public static func router(engine: WardenEngine, configuration: WardenConfiguration,
                              metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                              console: ConsoleSessions = ConsoleSessions()) throws -> Router<WardenRequestContext> {
        let schemas = try RequestSchemas.load()
        let router = Router(context: WardenRequestContext.self)
        router.add(middleware: RequestEnvelopeMiddleware())
        if let tls = configuration.tls, tls.clientCertificates != .none { router.add(middleware: ClientCertificateMiddleware()) }
        AdminAPI(service: engine.service, body: JSONBody(schemas: schemas, maxBytes: configuration.maxBodyBytes), schemas: schemas,
                 authenticator: CallerAuthenticator(service: engine.service, tls: configuration.tls))
            .register(on: router)
        MetricsEndpoint(registry: metrics, pipeline: engine.pipeline).register(on: router)
        eventStream(engine: engine, configuration: configuration).register(on: router)
        ConsoleEndpoint(engine: engine, authenticator: CallerAuthenticator(service: engine.service, tls: configuration.tls),
                        body: JSONBody(schemas: schemas, maxBytes: configuration.maxBodyBytes), sessions: console,
                        templates: try ConsoleTemplates.load(), secureCookies: configuration.tls != nil)
            .register(on: router)
        MCPEndpoint(engine: engine, configuration: configuration).register(on: router)
        A2AEndpoint(engine: engine, configuration: configuration).register(on: router)
        if let authority = engine.service.tokenAuthority {
            OAuthEndpoint(service: engine.service, authority: authority).register(on: router)
        }
        return router
    }

    /// The engine for `configuration`: its store, policy and secrets, with metrics going to `metrics`.
    /// - Throws: `WardenError` when the database cannot be opened.
    /// - Parameter auditSigningKey: signs audit checkpoints (``WardenServerRunner`` loads it); none, no checkpoints.
    /// - Parameter tracer: where the calls' spans go; none makes no spans.
    /// - Parameter tokenAuthority: issues and verifies OAuth access tokens (see ``tokenAuthority(configuration:signingKey:)``);
    ///   none accepts only API keys and serves no token endpoint.
    public static func engine(configuration: WardenConfiguration, metrics: PrometheusCollectorRegistry,
                              performers: [ToolProvider.Kind: any ToolPerformer] = [:],
                              auditSigningKey: AuditSigningKey? = nil,
                              tracer: (any Tracer)? = InstrumentationSystem.tracer,
                              tokenAuthority: TokenAuthority? = nil) async throws -> WardenEngine {
        let store = try await DatabaseLocation(configuration.database).open(postgres: configuration.postgres)
        let audit = AuditWriter(store: store)
        // Agents in the registry are called as `a2a` tools; their live set reloads with every lifecycle change.
        let agents = AgentRegistry(store: store, secrets: configuration.secretsProvider)
        var all = performers
        if all[.a2a] == nil {
            all[.a2a] = A2AToolPerformer(agents: agents, client: A2AClient(configuration: configuration.a2aClient), audit: audit,
                                         minimization: configuration.a2aMinimization)
        }
        let engine = try await WardenEngine(store: store, policy: configuration.governance, secrets: configuration.secretsProvider,
                                            performers: all,
                                            metrics: CallMetrics(factory: PrometheusMetricsFactory(registry: metrics)),
                                            auditSigningKey: auditSigningKey, payloadCipher: try configuration.payloadCipher(),
                                            tracer: tracer, tokenAuthority: tokenAuthority, audit: audit,
                                            events: EventHub(bufferSize: configuration.events.bufferSize),
                                            alsoOnServingChange: { _ = try? await agents.reload() })
        _ = try await agents.reload()
        return engine
    }

    /// The token authority for `configuration`, signing with `signingKey` (``OAuthSigningKeySource`` loads it).
    /// - Throws: `invalid_input` when the `oauth:` settings are invalid.
    public static func tokenAuthority(configuration: WardenConfiguration, signingKey: OAuthSigningKey) async throws -> TokenAuthority {
        try await TokenAuthority(settings: configuration.oauthAuthoritySettings, signingKey: signingKey)
    }

    /// The live event stream of `engine` (`GET /v1/events`).
    static func eventStream(engine: WardenEngine, configuration: WardenConfiguration, console: ConsoleSessions? = nil) -> EventStreamEndpoint {
        EventStreamEndpoint(service: engine.service, store: engine.store, hub: engine.events,
                            authenticator: CallerAuthenticator(service: engine.service, tls: configuration.tls),
                            settings: configuration.events, console: console)
    }

    /// The HTTP/1.1 server with WebSocket upgrades to the event stream (`/v1/events`): over TLS when `configuration.tls`
    /// is set, as ``server(configuration:service:logger:http:)`` describes; the console's live updates (`/console/events`)
    /// are admitted by the sessions of `console`.
    /// - Throws: `invalid_input` when the TLS files are missing, unreadable or do not fit (see ``ServerTLS``).
    public static func server(configuration: WardenConfiguration, engine: WardenEngine, logger: Logger,
                              console: ConsoleSessions? = nil) throws -> HTTPServerBuilder {
        let webSocketRouter = eventStream(engine: engine, configuration: configuration, console: console).webSocketRouter()
        return try server(configuration: configuration, service: engine.service, logger: logger,
                          http: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter))
    }

    /// The HTTP/1.1 server: over TLS when `configuration.tls` is set, verifying client certificates as it says; a
    /// refused client certificate is logged and recorded (`auth.failed`) through `service`.
    /// - Throws: `invalid_input` when the TLS files are missing, unreadable or do not fit (see ``ServerTLS``).
    /// - Parameter http: the HTTP/1.1 channel, plain by default (no WebSocket upgrades).
    public static func server(configuration: WardenConfiguration, service: GovernanceService, logger: Logger,
                              http: HTTPServerBuilder = .http1()) throws -> HTTPServerBuilder {
        guard let settings = configuration.tls else { return http }
        let tls = try ServerTLS(settings: settings)
        logger.info("serving HTTPS", metadata: [
            "certificate": .string(tls.credential.leaf.subject.description), "clientCertificates": .string(settings.clientCertificates.rawValue),
        ])
        return try .tls(http, configuration: tls.channelConfiguration { refusal, identity in
            logger.warning("client certificate refused in the TLS handshake", metadata: [
                "reason": .string(refusal.reason.rawValue), "detail": .string(refusal.message),
                "identity": .string(identity?.description ?? "none"),
            ])
            await service.recordCertificateRefusal(refusal, identity: identity)
        })
    }

    /// The application, ready to run.
    /// - Parameters:
    ///   - services: run in the application's service group, started before the server and shut down after it
    ///     (the span exporter, which then flushes the last calls' spans).
    ///   - onRunning: called with the bound port once the server listens.
    public static func build(engine: WardenEngine, configuration: WardenConfiguration, metrics: PrometheusCollectorRegistry,
                             logger: Logger, services: [any Service] = [],
                             onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let console = ConsoleSessions()
        return Application(
            router: try router(engine: engine, configuration: configuration, metrics: metrics, console: console),
            server: try server(configuration: configuration, engine: engine, logger: logger, console: console),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Warden"),
            services: services,
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
