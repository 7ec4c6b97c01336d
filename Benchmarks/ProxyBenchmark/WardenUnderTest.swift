import Foundation
import Hummingbird
import Logging
import Prometheus
import WardenCore
import WardenMCP
import WardenRuntime
import WardenServer
import WardenStore

/// Warden as `warden serve` wires it (upstream MCP provider on the shared HTTP client), on a fresh SQLite database,
/// with the upstream `echo` tool onboarded through governance and an agent principal holding an API key.
struct WardenUnderTest {
    /// The governed name of the upstream `echo` tool.
    static let toolName = "bench.echo"

    let port: Int
    let agentToken: String
    let databasePath: String
    let engine: WardenEngine
    let upstreams: MCPUpstreams

    /// Starts Warden with its database in `directory`, pointing the `echo` tool at `upstreamURL`.
    static func start(upstreamURL: String, directory: URL, logger: Logger) async throws -> WardenUnderTest {
        var configuration = WardenConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.database = directory.appendingPathComponent("warden.db").path
        let metrics = PrometheusCollectorRegistry()
        let upstreams = MCPUpstreams(httpClient: HTTPToolPerformer.sharedClient)
        let engine = try await WardenApplication.engine(configuration: configuration, metrics: metrics,
                                                        performers: [.mcp: MCPToolPerformer(upstreams: upstreams)])
        _ = try await engine.service.bootstrap(adminKey: nil)

        // Principals for the onboarding workflow and the calling agent.
        let admin = try await context(engine, "admin")
        for (id, roles) in [("req", [Role.requester]), ("sec", [.securityReviewer]), ("fun", [.functionalReviewer]),
                            ("com", [.complianceReviewer]), ("b1", [.governanceBoard]), ("b2", [.governanceBoard]),
                            ("bot", [.agent])] {
            _ = try await engine.service.createPrincipal(admin, NewPrincipal(id: id, displayName: id, kind: .person, roles: roles))
        }
        let key = try await engine.service.createKey(admin, principalID: "bot", NewAPIKey(label: "proxy-bench"))

        // The tool, pinned to the upstream's own listing.
        let upstream = ToolProvider.MCPUpstream(url: upstreamURL, tool: EchoUpstream.toolName)
        let listed = try await upstreams.connection(for: upstream).listTools()
        guard let listing = listed.first(where: { $0["name"]?.stringValue == EchoUpstream.toolName }) else {
            throw BenchmarkError("the upstream does not list '\(EchoUpstream.toolName)'")
        }
        let echo = try Self.definition(url: upstreamURL, listing: listing)
        try await onboard(engine, echo)
        _ = try await engine.registry.reload()
        guard engine.registry.tool(named: toolName) != nil else { throw BenchmarkError("\(toolName) is not serving") }

        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = try WardenApplication.build(engine: engine, configuration: configuration, metrics: metrics, logger: logger) { port in
            continuation.yield(port)
        }
        Task {
            do { try await app.runService(gracefulShutdownSignals: []) } catch { logger.error("warden stopped: \(error)") }
            continuation.finish()
        }
        for await port in ports where port > 0 {
            return WardenUnderTest(port: port, agentToken: key.token, databasePath: configuration.database, engine: engine,
                                   upstreams: upstreams)
        }
        throw BenchmarkError("Warden did not start")
    }

    static func context(_ engine: WardenEngine, _ id: String) async throws -> CallContext {
        let principal = try await engine.store.read { tx in try tx.principal(id: id) }
        guard let principal else { throw BenchmarkError("no principal \(id)") }
        return CallContext(principal: principal, requestID: "bench-\(UUID().uuidString.prefix(8))")
    }

    /// The governed definition of `echo`: no credentials, a rate limit far above what the benchmark reaches.
    static func definition(url: String, listing: JSONValue) throws -> ToolDefinition {
        guard let version = SemanticVersion("1.0.0") else { throw BenchmarkError("bad version") }
        return ToolDefinition(
            name: toolName, version: version, title: "Echo", description: listing["description"]?.stringValue ?? "",
            purpose: "Measure the proxy overhead.", justification: "Benchmark.",
            provider: ToolProvider(kind: .mcp, origin: .internal,
                                   mcp: .init(url: url, tool: EchoUpstream.toolName, pin: MCPToolPin.digest(of: listing))),
            useCases: ["benchmark"], dataRequirements: .init(reads: [.public], returns: [.public]),
            inputSchema: listing["inputSchema"] ?? ["type": "object"], outputSchema: listing["outputSchema"],
            requiredCredentials: [], requiredRole: .agent, rateLimit: .init(requests: 1_000_000, perSeconds: 1),
            timeoutMs: 10_000, owner: "team-bench", usageGuidelines: "Any short text.", limitations: [], idempotent: true)
    }

    static func submission(_ kind: ReviewKind) -> ReviewSubmission {
        var s = ReviewSubmission(kind: kind, verdict: .pass, summary: "\(kind) review")
        switch kind {
        case .security: s.security = .init(sourceAnalysis: "trivial", permissions: "none", inputOutputValidation: "schema",
                                           dependencies: "none", vendorTrust: "internal")
        case .functional: s.functional = .init(performance: "fast", reliability: "local", accuracy: "echo", businessFit: "benchmark")
        case .compliance: s.compliance = .init(dataHandling: "public data", regulations: [], biasAndMisuse: "none",
                                               transparency: "disclosed")
        case .risk: s.risks = [.init(category: .security, description: "upstream drift", severity: .low, mitigation: "pin")]
        }
        return s
    }

    /// Proposes, reviews, approves and activates `d`.
    static func onboard(_ engine: WardenEngine, _ d: ToolDefinition) async throws {
        let s = engine.service
        _ = try await s.propose(try await context(engine, "req"), d)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await s.fileReview(try await context(engine, who), name: d.name, version: d.version, submission(kind))
        }
        for b in ["b1", "b2"] {
            _ = try await s.vote(try await context(engine, b), name: d.name, version: d.version, .init(approve: true))
        }
        _ = try await s.decide(try await context(engine, "b1"), name: d.name, version: d.version,
                               .init(outcome: .approved, reasons: "ok"))
        _ = try await s.transition(try await context(engine, "admin"), name: d.name, .init(action: .activate))
    }
}
