import Foundation
import WardenCore
import WardenRuntime
import WardenStore

/// A service on a fresh SQLite file with the usual cast of principals.
struct GovernanceHarness {
    let service: GovernanceService
    let store: SQLiteStore
    /// The live registry, reloaded by the service after every change to what serves.
    let registry: ToolRegistry

    init(policy: GovernancePolicy = .default, clock: any WallClock = SystemWallClock(), tokenAuthority: TokenAuthority? = nil) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SQLiteStore(path: dir.appendingPathComponent("warden.db").path)
        let registry = ToolRegistry(store: store)
        self.registry = registry
        service = GovernanceService(store: store, policy: policy, clock: clock, secrets: FixedSecrets(values: ["WEATHER_KEY": "s3cret-value"]),
                                    tokenAuthority: tokenAuthority, onServingChange: { try? await registry.reload() })
        _ = try await service.bootstrap(adminKey: nil)
        let admin = try await ctx("admin")
        for (id, roles) in [("req", [Role.requester]), ("sec", [.securityReviewer]), ("fun", [.functionalReviewer]),
                            ("com", [.complianceReviewer]), ("b1", [.governanceBoard]), ("b2", [.governanceBoard]),
                            ("b3", [.governanceBoard]), ("aud", [.auditor]), ("bot", [.agent]),
                            ("reqboard", [.requester, .governanceBoard])] {
            _ = try await service.createPrincipal(admin, NewPrincipal(id: id, displayName: id, kind: .person, roles: roles))
        }
    }

    func ctx(_ id: String) async throws -> CallContext {
        let p = try await store.read { tx in try tx.principal(id: id) }
        guard let p else { throw WardenError.notFound(id) }
        return CallContext(principal: p, requestID: "req-\(UUID().uuidString.prefix(8))")
    }

    static func submission(_ kind: ReviewKind, _ verdict: Verdict = .pass) -> ReviewSubmission {
        var s = ReviewSubmission(kind: kind, verdict: verdict, summary: "\(kind) review")
        switch kind {
        case .security: s.security = .init(sourceAnalysis: "SAST clean", permissions: "read-only", inputOutputValidation: "schema",
                                           dependencies: "none vulnerable", vendorTrust: "SOC 2")
        case .functional: s.functional = .init(performance: "p99 80ms", reliability: "99.9%", accuracy: "matches", businessFit: "yes")
        case .compliance: s.compliance = .init(dataHandling: "public data", regulations: ["GDPR"], biasAndMisuse: "low",
                                               transparency: "disclosed")
        case .risk: s.risks = [.init(category: .security, description: "vendor outage", severity: .low, mitigation: "fallback")]
        }
        return s
    }

    /// Proposes a tool and files passing reviews of every kind.
    func proposedAndReviewed(name: String = "weather.lookup", version: String = "1.0.0", proposer: String = "req") async throws -> SemanticVersion {
        let d = definition(name: name, version: version)
        try await proposeAndReview(d, proposer: proposer)
        return d.version
    }

    /// Proposes `d` and files passing reviews of every kind.
    func proposeAndReview(_ d: ToolDefinition, proposer: String = "req") async throws {
        _ = try await service.propose(try await ctx(proposer), d)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            _ = try await service.fileReview(try await ctx(who), name: d.name, version: d.version, Self.submission(kind))
        }
    }

    /// Onboards `d` to active: reviews, two approvals, the decision, activation.
    func activate(_ d: ToolDefinition) async throws {
        try await proposeAndReview(d)
        for b in ["b1", "b2"] {
            _ = try await service.vote(try await ctx(b), name: d.name, version: d.version, .init(approve: true))
        }
        _ = try await service.decide(try await ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        _ = try await service.transition(try await ctx("admin"), name: d.name, .init(action: .activate))
    }

    func definition(name: String = "weather.lookup", version: String = "1.0.0") -> ToolDefinition {
        ToolDefinition(
            name: name, version: SemanticVersion(version)!, title: "Weather lookup", description: "Forecast for a city.",
            purpose: "Answer weather questions.", justification: "Customers ask.",
            provider: ToolProvider(kind: .http, origin: .thirdParty, vendor: "Open Weather",
                                   http: .init(method: "GET", url: "https://api.example.com/weather")),
            useCases: ["weather"], dataRequirements: .init(reads: [.public], returns: [.public]),
            inputSchema: ["type": "object", "properties": ["city": ["type": "string"]]], outputSchema: nil,
            requiredCredentials: ["WEATHER_KEY"], requiredRole: .agent, rateLimit: .init(requests: 60, perSeconds: 60),
            timeoutMs: 5000, owner: "team-weather", usageGuidelines: "Current weather only.", limitations: [])
    }
}
