import Foundation
import Hummingbird
import Logging
import Metrics
import WardenMCP
import WardenA2A
import Prometheus
import WardenCore
import WardenRuntime
import WardenStore

/// Opens the store, prepares it on first start, and runs the server until SIGINT or SIGTERM.
public enum WardenServerRunner {
    /// Appends a `config.loaded` event with the digest of the settings in force and whether they changed since the
    /// last start, so a configuration change is on record like any governance change.
    static func recordConfiguration(_ configuration: WardenConfiguration, service: GovernanceService) async throws {
        let digest = Digest.sha256Hex(configuration.canonicalSummary.canonicalBytes)
        let previous = try await service.store.read { tx -> String? in
            // The newest config.loaded event: follow the pages to the end (the actor index keeps this short).
            var query = AuditQuery(actor: "system", action: "config.loaded", limit: AuditQuery.maxLimit)
            var last: AuditEvent?
            while true {
                let page = try tx.auditEvents(matching: query)
                last = page.last ?? last
                guard page.count == query.limit, let seq = page.last?.seq else { break }
                query.afterSeq = seq
            }
            return last?.detail?["digest"]
        }
        var detail = ["digest": digest, "changed": previous.map { $0 != digest ? "true" : "false" } ?? "first start"]
        if let previous { detail["previousDigest"] = previous }
        try await service.audit.append(AuditDraft(actor: "system", action: "config.loaded", subject: "config:warden",
                                                  requestID: "start-\(UUID().uuidString.lowercased())", detail: detail), at: Date())
    }

    /// Runs Warden with `configuration`.
    /// - Parameters:
    ///   - bootstrapKey: the first administrator's key (from `WARDEN_BOOTSTRAP_ADMIN_KEY`), used only on an empty database.
    ///   - announce: where the lines meant for the operator go (the generated key, the listening address).
    /// - Throws: `WardenError` when the database cannot be opened, the bootstrap key is malformed or a TLS file is unusable.
    public static func run(configuration: WardenConfiguration, bootstrapKey: String?,
                           announce: @escaping @Sendable (String) -> Void) async throws {
        // TLS files are checked before the database is opened, so a bad path fails at once and changes nothing.
        if let tls = configuration.tls { _ = try ServerTLS(settings: tls) }
        var logger = Logger(label: "warden")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let metrics = PrometheusCollectorRegistry()
        // Process-wide metrics (e.g. drift quarantines) go to the same registry as the pipeline's.
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        let upstreams = MCPUpstreams(httpClient: HTTPToolPerformer.sharedClient)
        let signing = try AuditSigningKeySource.load(secrets: configuration.secretsProvider,
                                                     keyFile: configuration.effectiveAuditSigningKeyFile)
        logger.info("audit checkpoints signed", metadata: ["key": .string(signing.key.publicKey.keyID), "from": .string(signing.origin)])
        let tracing = try TracingExport.make(configuration.tracing, logger: logger)
        if let tracing {
            logger.info("spans exported over OTLP/HTTP", metadata: ["to": .string(tracing.destination),
                                                                   "serviceName": .string(configuration.tracing.serviceName)])
        }
        let oauthKey = try OAuthSigningKeySource.load(secrets: configuration.secretsProvider,
                                                      keyFile: configuration.effectiveOAuthSigningKeyFile)
        let authority = try await WardenApplication.tokenAuthority(configuration: configuration, signingKey: oauthKey.key)
        logger.info("access tokens signed", metadata: ["kid": .string(oauthKey.key.keyID), "from": .string(oauthKey.origin),
                                                       "issuer": .string(authority.settings.issuer)])
        for (issuer, reason) in await authority.verifier.prefetchExternalKeys() {
            logger.warning("the keys of an external token issuer could not be fetched; retrying when a token needs them",
                           metadata: ["issuer": .string(issuer), "reason": .string(reason)])
        }
        let engine = try await WardenApplication.engine(configuration: configuration, metrics: metrics,
                                                        performers: [.mcp: MCPToolPerformer(upstreams: upstreams)],
                                                        auditSigningKey: signing.key, tracer: tracing?.tracer,
                                                        tokenAuthority: authority)
        let service = engine.service
        let key = try bootstrapKey.map(APIKey.adopt)
        let result = try await service.bootstrap(adminKey: key)
        try await recordConfiguration(configuration, service: service)
        _ = try await engine.registry.reload()
        if let token = result.generatedKey {
            announce("""
                Created the bootstrap administrator '\(result.principal)'. Its API key, shown only this once:

                    \(token)

                Store it now (e.g. export WARDEN_API_KEY=...). It cannot be shown again.
                """)
        } else if key != nil && !result.created {
            logger.notice("WARDEN_BOOTSTRAP_ADMIN_KEY is ignored: the database has principals already")
        }
        if !result.builtinsRecorded.isEmpty {
            logger.info("recorded built-in tools", metadata: ["tools": .string(result.builtinsRecorded.joined(separator: ", "))])
        }
        let database = configuration.databaseDescription
        let scheme = configuration.tls == nil ? "http" : "https"
        // The span exporter runs in the server's service group: it starts first and, at SIGTERM or SIGINT, stops after the
        // server has answered its last calls, exporting their spans.
        let app = try WardenApplication.build(engine: engine, configuration: configuration, metrics: metrics, logger: logger,
                                              services: tracing.map { [$0.service] } ?? []) { port in
            announce("Warden listening on \(scheme)://\(configuration.host):\(port) (database \(database))")
        }
        let monitor = UpstreamDriftMonitor(engine: engine, upstreams: upstreams, logger: logger)
        let interval = Duration.seconds(configuration.driftCheckIntervalSeconds)
        let checkpointer = engine.checkpointer
        let auditLogger = logger
        let checkpointEvery = configuration.auditCheckpointIntervalSeconds
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Upstream MCP tools are compared with their reviewed pins in the background; a change quarantines the tool.
            group.addTask { await monitor.run(every: interval) }
            // Registered agents' cards are fetched again periodically; a changed card quarantines the agent.
            let registrar = AgentRegistrar(service: service, secrets: configuration.secretsProvider)
            let refreshEvery = Duration.seconds(configuration.a2aCardRefreshSeconds)
            group.addTask { await registrar.run(every: refreshEvery, logger: auditLogger) }
            // The onboarding checks that call the real tool run here, one version at a time, off the request path.
            let checkRunner = engine.checkRunner
            group.addTask { await checkRunner.run() }
            let reviewEvery = configuration.reviewCheckIntervalSeconds
            group.addTask {
                // Overdue periodic reviews: checked at start and then at the interval.
                while !Task.isCancelled {
                    do {
                        let suspended = try await service.enforceOverdueReviews()
                        if !suspended.isEmpty {
                            auditLogger.warning("suspended tools whose periodic review is overdue",
                                                metadata: ["tools": .string(suspended.joined(separator: ", "))])
                        }
                    } catch {
                        auditLogger.error("checking overdue reviews failed; retrying at the next interval", metadata: ["error": "\(error)"])
                    }
                    do { try await Task.sleep(for: .seconds(reviewEvery)) } catch { return }
                }
            }
            if configuration.auditPayloadLogEnabled {
                let retention = configuration.auditPayloadRetentionDays
                let store = engine.store
                group.addTask {
                    // The retention period of the secure payload log, enforced hourly.
                    while !Task.isCancelled {
                        do {
                            let cutoff = Date().addingTimeInterval(-Double(retention) * 86_400)
                            let deleted = try await store.write { tx in try tx.deleteAuditPayloads(before: cutoff) }
                            if deleted > 0 { auditLogger.info("deleted expired call payloads", metadata: ["count": "\(deleted)"]) }
                        } catch {
                            auditLogger.error("deleting expired call payloads failed; retrying in an hour", metadata: ["error": "\(error)"])
                        }
                        do { try await Task.sleep(for: .seconds(3600)) } catch { return }
                    }
                }
            }
            if let checkpointer, checkpointEvery > 0 {
                group.addTask {
                    await checkpointer.run(every: .seconds(checkpointEvery)) { error in
                        auditLogger.error("audit checkpoint failed; retrying at the next interval", metadata: ["error": "\(error)"])
                    }
                }
            }
            defer { group.cancelAll() }
            try await app.runService()
        }
        // The last events before shutdown get a checkpoint of their own.
        if let checkpointer {
            do { try await checkpointer.checkpoint() } catch { logger.error("final audit checkpoint failed", metadata: ["error": "\(error)"]) }
        }
    }
}
