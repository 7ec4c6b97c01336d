import AsyncHTTPClient
import Foundation
import Tracing
import WardenCore
import WardenStore

/// One running Warden without its transports: the store, the governance service, the live tool registry and
/// the invocation pipeline, wired so that every lifecycle change reloads the registry at once. The HTTP
/// server, `warden mcp-stdio` and `warden demo` each build one and put their transports in front of it.
public final class WardenEngine: Sendable {
    public let store: any GovernanceStore
    public let service: GovernanceService
    public let registry: ToolRegistry
    public let pipeline: InvocationPipeline
    public let secrets: any SecretsProvider
    /// The HTTP client the HTTP tool provider uses.
    public let httpClient: HTTPClient
    /// Signs audit checkpoints, when a signing key was given.
    public let checkpointer: AuditCheckpointer?
    /// Runs the live onboarding checks; whoever runs the engine for a while (the server) runs its ``CheckRunner/run()``.
    public let checkRunner: CheckRunner
    /// The audit log, live: every committed audit event, for the subscribers of the event stream.
    public let events: EventHub

    /// Wires the parts together and loads the serving tools.
    /// - Parameters:
    ///   - performers: providers added to (or replacing) the built-in and HTTP ones, e.g. the upstream MCP
    ///     provider of WardenMCP, which this module cannot know.
    ///   - metrics: where the pipeline's counters and timers go.
    ///   - httpClient: the client for HTTP tools; the process-wide one (no redirects) by default.
    ///   - auditSigningKey: the key for signed audit checkpoints; none means no checkpoints are written.
    ///   - payloadCipher: turns the secure payload log on (each call's input and output sealed with AES-GCM).
    ///   - tracer: where the pipeline's spans go; none, or the `NoOpTracer` of an unbootstrapped
    ///     `InstrumentationSystem`, makes no spans.
    ///   - tokenAuthority: issues OAuth access tokens and verifies bearer JWTs; none accepts only API keys.
    ///   - audit: the audit writer (group commit) to share with performers that record their own events; a new one
    ///     by default.
    ///   - events: the hub told of every committed audit event (the store's commit observer is set to it).
    ///   - alsoOnServingChange: run after the tool registry reloads on a lifecycle change, for live sets this module
    ///     cannot know (the agent registry of WardenA2A).
    /// - Throws: `WardenError` when the store cannot be read.
    public init(store: any GovernanceStore, policy: GovernancePolicy = .default,
                secrets: any SecretsProvider = EnvironmentSecrets(), clock: any WallClock = SystemWallClock(),
                performers: [ToolProvider.Kind: any ToolPerformer] = [:],
                throttle: CallThrottle = CallThrottle(), guard guardStage: CallGuard = CallGuard(),
                metrics: CallMetrics = CallMetrics(), httpClient: HTTPClient = HTTPToolPerformer.sharedClient,
                auditSigningKey: AuditSigningKey? = nil, payloadCipher: AuditPayloadCipher? = nil,
                tracer: (any Tracer)? = InstrumentationSystem.tracer, tokenAuthority: TokenAuthority? = nil,
                audit: AuditWriter? = nil, events: EventHub = EventHub(), alsoOnServingChange: @escaping @Sendable () async -> Void = {}) async throws {
        self.store = store
        self.secrets = secrets
        self.events = events
        store.observeCommittedAudit { committed in events.publish(committed) }
        let registry = ToolRegistry(store: store)
        self.registry = registry
        let audit = audit ?? AuditWriter(store: store)
        self.checkpointer = auditSigningKey.map { AuditCheckpointer(store: store, key: $0, clock: clock) }
        let client = httpClient
        self.httpClient = client
        var all: [ToolProvider.Kind: any ToolPerformer] = [.builtin: BuiltinToolPerformer(), .http: HTTPToolPerformer(client: client)]
        for (kind, performer) in performers { all[kind] = performer }
        let pipeline = InvocationPipeline(registry: registry, audit: audit, secrets: secrets, performers: all,
                                           throttle: throttle, guard: guardStage, clock: clock, metrics: metrics,
                                           payloadCipher: payloadCipher, tracer: tracer)
        self.pipeline = pipeline
        let checkRunner = CheckRunner(store: store, pipeline: pipeline, settings: policy.liveChecks, clock: clock)
        self.checkRunner = checkRunner
        self.service = GovernanceService(store: store, policy: policy, clock: clock, secrets: secrets, audit: audit,
                                         payloadCipher: payloadCipher, auditPublicKey: auditSigningKey?.publicKey,
                                         checkRunner: checkRunner, tokenAuthority: tokenAuthority,
                                         onServingChange: {
                                             _ = try? await registry.reload()
                                             await alsoOnServingChange()
                                         })
        let service = self.service
        // Other instances on a shared database: their lifecycle changes reload the live sets here (MCP clients get
        // tools/list_changed from the registry), their key and principal changes empty the authentication cache,
        // and the rate limits are shared among the live instances.
        store.observeSharedChanges { event in
            switch event {
            case .changed(let kinds):
                if kinds.contains(.principals) { service.authenticationCache.removeAll() }
                if kinds.contains(.tools) || kinds.contains(.agents) {
                    Task {
                        _ = try? await registry.reload()
                        await alsoOnServingChange()
                    }
                }
            case .liveInstances(let n):
                throttle.instances.set(n)
            }
        }
        _ = try await registry.reload()
    }
}
