import Foundation
import WardenA2A
import WardenCore
import WardenMCP
import WardenRuntime
import WardenStore
import Yams

/// Warden's settings: defaults, overridden by the configuration file, overridden by command-line flags.
public struct WardenConfiguration: Sendable, Equatable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// The store: a SQLite file path (or `sqlite:PATH`), or a `postgres://user@host:port/db` URL.
    public var database: String = "./warden.db"
    /// The PostgreSQL pool and shared-state settings (the `postgres:` section).
    public var postgres = PostgresStore.Options()
    /// Largest request body accepted, in bytes.
    public var maxBodyBytes: Int = 1_048_576
    /// Browser origins allowed to call `/mcp` (see `MCPOriginPolicy`); loopback on any port by default.
    public var mcpAllowedOrigins: [String] = MCPOriginPolicy.defaultPatterns
    /// How often the tools of upstream MCP servers are compared with their reviewed pins.
    public var driftCheckIntervalSeconds: Int = 60
    public var governance: GovernancePolicy = .default
    /// Tools' credentials: the secret `NAME` is the environment variable `secretsEnvironmentPrefix + NAME`, else the
    /// file `secretsDirectory/NAME` (one file per secret, as Kubernetes mounts them).
    public var secretsEnvironmentPrefix: String = "WARDEN_SECRET_"
    public var secretsDirectory: String?
    /// How often overdue periodic reviews are looked for (and, by policy, their tools suspended).
    public var reviewCheckIntervalSeconds: Int = 3600
    /// How often the audit chain's head is signed into a checkpoint (0: never).
    public var auditCheckpointIntervalSeconds: Int = 60
    /// The Ed25519 audit signing key file, used when the secret `AUDIT_SIGNING_KEY` is not set
    /// (default: `<database>.audit-signing-key`, created on first start).
    public var auditSigningKeyFile: String?

    /// Whether each call's input and output are kept, AES-GCM encrypted, in the secure payload log (off by default).
    public var auditPayloadLogEnabled = false
    /// Days a sealed payload is kept before it is deleted.
    public var auditPayloadRetentionDays = 30
    /// Span export over OTLP/HTTP (off without an endpoint).
    public var tracing = TracingSettings()
    /// The skills Warden's A2A server exposes, each bound to a governed tool (none by default).
    public var a2aSkills: [A2ASkillBinding] = []
    /// Where agents reach this Warden (for the agent card's URLs); the request's own host when unset.
    public var a2aPublicURL: String?
    /// The name in Warden's agent card.
    public var a2aAgentName = "Warden"
    /// What each calling agent may receive, by principal id.
    public var a2aClearances: [String: DataClearance] = [:]
    /// What a caller not in ``a2aClearances`` may receive: internal data, no PII.
    public var a2aDefaultClearance = DataClearance(maxLevel: .internal)
    /// What happens to data above a receiver's clearance, and where each level may go.
    public var a2aMinimization = MinimizationPolicy()
    /// How Warden's A2A client retries transient failures and when the circuit of an agent opens.
    public var a2aClient = A2AClientConfiguration()
    /// How often the cards of registered agents are fetched again and compared with the reviewed ones.
    public var a2aCardRefreshSeconds = 300
    /// HTTPS and mutual TLS (plain HTTP when nil).
    public var tls: TLSSettings?
    /// The token endpoint and the bearer JWTs accepted (Warden's own and external issuers').
    public var oauth = OAuthSettings()
    /// The live event stream at `/v1/events`.
    public var events = EventStreamSettings()

    /// The secret holding the payload log key (base64 of 32 bytes).
    public static let payloadKeySecret = "AUDIT_PAYLOAD_KEY"

    /// The payload cipher when the payload log is on.
    /// - Throws: `invalid_input` when it is on but the key secret is missing or malformed (names the secret, never a value).
    public func payloadCipher() throws -> AuditPayloadCipher? {
        guard auditPayloadLogEnabled else { return nil }
        guard let secret = secretsProvider.secret(named: Self.payloadKeySecret) else {
            throw WardenError.invalidInput("audit.payloadLog is on but the secret \(Self.payloadKeySecret) is not set; give it base64 of "
                + "32 random bytes (openssl rand -base64 32) as \(secretsEnvironmentPrefix)\(Self.payloadKeySecret) or in the secrets directory")
        }
        return try AuditPayloadCipher(base64: secret.reveal())
    }

    /// The audit signing key file in force.
    public var effectiveAuditSigningKeyFile: String {
        auditSigningKeyFile ?? AuditSigningKeySource.defaultKeyFile(forDatabase: keyFileBase)
    }

    /// The OAuth signing key file in force.
    public var effectiveOAuthSigningKeyFile: String {
        oauth.signingKeyFile ?? OAuthSigningKeySource.defaultKeyFile(forDatabase: keyFileBase)
    }

    /// Key files default to beside the SQLite file, or to the working directory for PostgreSQL.
    var keyFileBase: String { (try? DatabaseLocation(database))?.keyFileBase ?? database }

    /// The database setting without any password, for logs and the audit log.
    public var databaseDescription: String { (try? DatabaseLocation(database))?.description ?? "(invalid database setting)" }

    /// The token authority's settings in force.
    public var oauthAuthoritySettings: TokenAuthority.Settings { oauth.authoritySettings(host: host, port: port) }

    /// The secrets provider this configuration describes: environment first, then the directory.
    public var secretsProvider: any SecretsProvider {
        var providers: [any SecretsProvider] = [EnvironmentSecrets(prefix: secretsEnvironmentPrefix)]
        if let d = secretsDirectory { providers.append(DirectorySecrets(directory: d)) }
        return ChainedSecrets(providers)
    }

    public init() {}

    /// Every setting in force as canonical JSON (secret values are never part of a configuration), for the
    /// `config.loaded` audit event that puts configuration changes on record.
    public var canonicalSummary: JSONValue {
        var o: [String: JSONValue] = [
            "host": .string(host), "port": .number(JSONNumber(port)), "database": .string(databaseDescription),
            "maxBodyBytes": .number(JSONNumber(maxBodyBytes)), "mcpAllowedOrigins": .array(mcpAllowedOrigins.map { .string($0) }),
            "driftCheckIntervalSeconds": .number(JSONNumber(driftCheckIntervalSeconds)),
            "secretsEnvironmentPrefix": .string(secretsEnvironmentPrefix),
            "auditCheckpointIntervalSeconds": .number(JSONNumber(auditCheckpointIntervalSeconds)),
            "auditSigningKeyFile": .string(effectiveAuditSigningKeyFile), "auditPayloadLogEnabled": .bool(auditPayloadLogEnabled),
            "auditPayloadRetentionDays": .number(JSONNumber(auditPayloadRetentionDays)),
            "reviewCheckIntervalSeconds": .number(JSONNumber(reviewCheckIntervalSeconds)),
        ]
        if let d = secretsDirectory { o["secretsDirectory"] = .string(d) }
        // Only when set, so that the digest of a configuration without it stays what it was.
        if tracing != TracingSettings() { o["tracing"] = .object(tracing.canonicalSummary) }
        if !a2aSkills.isEmpty || a2aPublicURL != nil {
            o["a2a"] = ["publicURL": a2aPublicURL.map(JSONValue.string) ?? .null, "agentName": .string(a2aAgentName),
                        "skills": (try? JSONValue.encoding(a2aSkills)) ?? .null,
                        "clearances": (try? JSONValue.encoding(a2aClearances)) ?? .null,
                        "defaultClearance": (try? JSONValue.encoding(a2aDefaultClearance)) ?? .null,
                        "minimization": (try? JSONValue.encoding(a2aMinimization)) ?? .null,
                        "cardRefreshSeconds": .number(JSONNumber(a2aCardRefreshSeconds)),
                        "client": .string("attempts=\(a2aClient.retry.maxAttempts) base=\(a2aClient.retry.baseDelay) max=\(a2aClient.retry.maxDelay) "
                                          + "threshold=\(a2aClient.breaker.failureThreshold) coolDown=\(a2aClient.breaker.coolDown)")]
        }
        if let tls { o["tls"] = .object(tls.canonicalSummary) }
        if oauth != OAuthSettings() { o["oauth"] = .object(oauth.canonicalSummary) }
        if events != EventStreamSettings() { o["events"] = .object(events.canonicalSummary) }
        var policy = (try? JSONValue.encoding(governance))?.objectValue ?? [:]
        // Role sets encode in no fixed order: sort them so the same configuration has the same digest.
        if var access = policy["access"]?.objectValue, let grants = access["grants"]?.objectValue {
            access["grants"] = .object(grants.mapValues { roles in
                .array((roles.arrayValue ?? []).sorted { $0.canonicalString < $1.canonicalString })
            })
            policy["access"] = .object(access)
        }
        policy["agentReviewRequired"] = .array(governance.agentReviewRequired.map(\.rawValue).sorted().map(JSONValue.string))
        o["governance"] = .object(policy)
        return .object(o)
    }

    /// Reads a YAML or JSON configuration file over the defaults.
    /// - Throws: `invalid_input` naming the file and the problem (unknown keys included, so typos do not pass silently).
    public static func load(path: String) throws -> WardenConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WardenError.invalidInput("cannot read the configuration file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw WardenError.invalidInput("\(path) is not UTF-8 text")
        }
        return try parse(text, source: path)
    }

    /// Parses configuration text (YAML, of which JSON is a subset) over the defaults.
    public static func parse(_ text: String, source: String = "configuration") throws -> WardenConfiguration {
        let file: ConfigurationFile
        do {
            file = try YAMLDecoder().decode(ConfigurationFile.self, from: text)
        } catch let e as DecodingError {
            throw WardenError.invalidInput("\(source): \(e.readableDescription)")
        } catch {
            throw WardenError.invalidInput("\(source): not valid YAML or JSON: \(error)")
        }
        var c = WardenConfiguration()
        try file.apply(to: &c)
        return c
    }
}

/// The configuration file's shape. Every key is optional; unknown keys are errors.
struct ConfigurationFile: Decodable {
    var host: String?
    var port: Int?
    var database: String?
    var maxBodyBytes: Int?
    var governance: Governance?
    var secrets: Secrets?
    var mcp: MCP?
    var a2a: A2A?
    var audit: Audit?
    var tracing: Tracing?
    var tls: TLS?
    var oauth: OAuth?
    var events: Events?
    var postgres: Postgres?

    struct Tracing: Decodable {
        var otlpEndpoint: String?
        var serviceName: String?
        var sampleRatio: Double?

        enum CodingKeys: String, CodingKey, CaseIterable { case otlpEndpoint, serviceName, sampleRatio }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            otlpEndpoint = try c.decodeIfPresent(String.self, forKey: .otlpEndpoint)
            serviceName = try c.decodeIfPresent(String.self, forKey: .serviceName)
            sampleRatio = try c.decodeIfPresent(Double.self, forKey: .sampleRatio)
        }
    }

    struct Audit: Decodable {
        var checkpointIntervalSeconds: Int?
        var signingKeyFile: String?
        var payloadLog: PayloadLog?

        struct PayloadLog: Decodable {
            var enabled: Bool?
            var retentionDays: Int?

            enum CodingKeys: String, CodingKey, CaseIterable { case enabled, retentionDays }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
                retentionDays = try c.decodeIfPresent(Int.self, forKey: .retentionDays)
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case checkpointIntervalSeconds, signingKeyFile, payloadLog }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            checkpointIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .checkpointIntervalSeconds)
            signingKeyFile = try c.decodeIfPresent(String.self, forKey: .signingKeyFile)
            payloadLog = try c.decodeIfPresent(PayloadLog.self, forKey: .payloadLog)
        }
    }

    struct A2A: Decodable {
        var publicURL: String?
        var agentName: String?
        var skills: [Skill]?
        var clearances: [String: DataClearance]?
        var defaultClearance: DataClearance?
        var minimization: MinimizationPolicy?
        var client: Client?
        var cardRefreshSeconds: Int?

        /// How Warden's A2A client retries and when its circuit per agent opens.
        struct Client: Decodable {
            var maxAttempts: Int?
            var baseDelayMs: Int?
            var maxDelayMs: Int?
            var failureThreshold: Int?
            var coolDownSeconds: Int?
            enum CodingKeys: String, CodingKey, CaseIterable { case maxAttempts, baseDelayMs, maxDelayMs, failureThreshold, coolDownSeconds }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                maxAttempts = try c.decodeIfPresent(Int.self, forKey: .maxAttempts)
                baseDelayMs = try c.decodeIfPresent(Int.self, forKey: .baseDelayMs)
                maxDelayMs = try c.decodeIfPresent(Int.self, forKey: .maxDelayMs)
                failureThreshold = try c.decodeIfPresent(Int.self, forKey: .failureThreshold)
                coolDownSeconds = try c.decodeIfPresent(Int.self, forKey: .coolDownSeconds)
            }
        }

        struct Skill: Decodable {
            var id: String
            var name: String?
            var description: String?
            var tags: [String]?
            var tool: String
            enum CodingKeys: String, CodingKey, CaseIterable { case id, name, description, tags, tool }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                id = try c.decode(String.self, forKey: .id)
                name = try c.decodeIfPresent(String.self, forKey: .name)
                description = try c.decodeIfPresent(String.self, forKey: .description)
                tags = try c.decodeIfPresent([String].self, forKey: .tags)
                tool = try c.decode(String.self, forKey: .tool)
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case publicURL, agentName, skills, clearances, defaultClearance, minimization, client, cardRefreshSeconds
        }
        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            client = try c.decodeIfPresent(Client.self, forKey: .client)
            cardRefreshSeconds = try c.decodeIfPresent(Int.self, forKey: .cardRefreshSeconds)
            clearances = try c.decodeIfPresent([String: DataClearance].self, forKey: .clearances)
            defaultClearance = try c.decodeIfPresent(DataClearance.self, forKey: .defaultClearance)
            minimization = try c.decodeIfPresent(MinimizationPolicy.self, forKey: .minimization)
            publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL)
            agentName = try c.decodeIfPresent(String.self, forKey: .agentName)
            skills = try c.decodeIfPresent([Skill].self, forKey: .skills)
        }
    }

    struct MCP: Decodable {
        var allowedOrigins: [String]?
        var driftCheckIntervalSeconds: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case allowedOrigins, driftCheckIntervalSeconds }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            allowedOrigins = try c.decodeIfPresent([String].self, forKey: .allowedOrigins)
            driftCheckIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .driftCheckIntervalSeconds)
        }
    }

    struct Secrets: Decodable {
        var environmentPrefix: String?
        var directory: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case environmentPrefix, directory }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            environmentPrefix = try c.decodeIfPresent(String.self, forKey: .environmentPrefix)
            directory = try c.decodeIfPresent(String.self, forKey: .directory)
        }
    }

    struct Governance: Decodable {
        var reviewIntervalDays: Int?
        var proposerMayReview: Bool?
        var approvalRule: Rule?
        /// Overrides, permission by permission: `tool.propose: [requester, admin]`.
        var permissions: [String: [Role]]?
        var advisories: Advisories?
        var reviewIntervalDaysBySensitivity: [SensitivityLevel: Int]?
        var reviewOverdueSuspendAfterDays: Int?
        var reviewOverdueSuspend: Bool?
        var reviewCheckIntervalSeconds: Int?
        var checks: Checks?
        var agents: Agents?

        /// The agent registry's review rules.
        struct Agents: Decodable {
            var reviewRequired: [AgentTrustLevel]?
            var reviewIntervalDays: [AgentTrustLevel: Int]?
            enum CodingKeys: String, CodingKey, CaseIterable { case reviewRequired, reviewIntervalDays }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                reviewRequired = try c.decodeIfPresent([AgentTrustLevel].self, forKey: .reviewRequired)
                reviewIntervalDays = try c.decodeIfPresent([AgentTrustLevel: Int].self, forKey: .reviewIntervalDays)
            }
        }

        struct Checks: Decodable {
            var hostAllowList: [ToolProvider.Origin: [String]]?
            var knownHosts: [String]?
            var checkTimeoutSeconds: Int?
            var load: Load?
            var staticAnalysis: StaticAnalysis?

            struct Load: Decodable {
                var maxCalls: Int?
                var maxConcurrency: Int?
                enum CodingKeys: String, CodingKey, CaseIterable { case maxCalls, maxConcurrency }
                init(from decoder: Decoder) throws {
                    try rejectUnknownKeys(decoder, CodingKeys.self)
                    let c = try decoder.container(keyedBy: CodingKeys.self)
                    maxCalls = try c.decodeIfPresent(Int.self, forKey: .maxCalls)
                    maxConcurrency = try c.decodeIfPresent(Int.self, forKey: .maxConcurrency)
                }
            }

            struct StaticAnalysis: Decodable {
                var command: [String]
                var timeoutSeconds: Int?
                var maxOutputBytes: Int?
                enum CodingKeys: String, CodingKey, CaseIterable { case command, timeoutSeconds, maxOutputBytes }
                init(from decoder: Decoder) throws {
                    try rejectUnknownKeys(decoder, CodingKeys.self)
                    let c = try decoder.container(keyedBy: CodingKeys.self)
                    command = try c.decode([String].self, forKey: .command)
                    timeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .timeoutSeconds)
                    maxOutputBytes = try c.decodeIfPresent(Int.self, forKey: .maxOutputBytes)
                }
            }

            enum CodingKeys: String, CodingKey, CaseIterable { case hostAllowList, knownHosts, checkTimeoutSeconds, load, staticAnalysis }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                let c = try decoder.container(keyedBy: CodingKeys.self)
                hostAllowList = try c.decodeIfPresent([ToolProvider.Origin: [String]].self, forKey: .hostAllowList)
                knownHosts = try c.decodeIfPresent([String].self, forKey: .knownHosts)
                checkTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .checkTimeoutSeconds)
                load = try c.decodeIfPresent(Load.self, forKey: .load)
                staticAnalysis = try c.decodeIfPresent(StaticAnalysis.self, forKey: .staticAnalysis)
            }
        }

        struct Advisories: Decodable {
            /// `critical`, `high`, `moderate`, `low` or `never`.
            var suspendAtSeverity: String?

            enum CodingKeys: String, CodingKey, CaseIterable { case suspendAtSeverity }
            init(from decoder: Decoder) throws {
                try rejectUnknownKeys(decoder, CodingKeys.self)
                suspendAtSeverity = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .suspendAtSeverity)
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case reviewIntervalDays, proposerMayReview, approvalRule, permissions, advisories
            case reviewIntervalDaysBySensitivity, reviewOverdueSuspendAfterDays, reviewOverdueSuspend, reviewCheckIntervalSeconds, checks, agents
        }
        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            reviewIntervalDays = try c.decodeIfPresent(Int.self, forKey: .reviewIntervalDays)
            proposerMayReview = try c.decodeIfPresent(Bool.self, forKey: .proposerMayReview)
            approvalRule = try c.decodeIfPresent(Rule.self, forKey: .approvalRule)
            permissions = try c.decodeIfPresent([String: [Role]].self, forKey: .permissions)
            advisories = try c.decodeIfPresent(Advisories.self, forKey: .advisories)
            reviewIntervalDaysBySensitivity = try c.decodeIfPresent([SensitivityLevel: Int].self, forKey: .reviewIntervalDaysBySensitivity)
            reviewOverdueSuspendAfterDays = try c.decodeIfPresent(Int.self, forKey: .reviewOverdueSuspendAfterDays)
            reviewOverdueSuspend = try c.decodeIfPresent(Bool.self, forKey: .reviewOverdueSuspend)
            reviewCheckIntervalSeconds = try c.decodeIfPresent(Int.self, forKey: .reviewCheckIntervalSeconds)
            checks = try c.decodeIfPresent(Checks.self, forKey: .checks)
            agents = try c.decodeIfPresent(Agents.self, forKey: .agents)
        }
    }

    struct Rule: Decodable {
        var requiredReviews: [ReviewKind]?
        var acceptedVerdicts: [Verdict]?
        var acceptedVerdictsWithConditions: [Verdict]?
        var minimumApprovals: Int?
        var approverRole: Role?
        var proposerMayApprove: Bool?
        var reviewerMayApprove: Bool?
        var rejectionNeedsQuorum: Bool?
        /// `critical`, `high`, `medium`, `low`, `info` or `never`.
        var blockingSeverity: String?
        var requiredChecks: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case requiredReviews, acceptedVerdicts, acceptedVerdictsWithConditions, minimumApprovals, approverRole
            case proposerMayApprove, reviewerMayApprove, rejectionNeedsQuorum, blockingSeverity, requiredChecks
        }
        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            requiredReviews = try c.decodeIfPresent([ReviewKind].self, forKey: .requiredReviews)
            acceptedVerdicts = try c.decodeIfPresent([Verdict].self, forKey: .acceptedVerdicts)
            acceptedVerdictsWithConditions = try c.decodeIfPresent([Verdict].self, forKey: .acceptedVerdictsWithConditions)
            minimumApprovals = try c.decodeIfPresent(Int.self, forKey: .minimumApprovals)
            approverRole = try c.decodeIfPresent(Role.self, forKey: .approverRole)
            proposerMayApprove = try c.decodeIfPresent(Bool.self, forKey: .proposerMayApprove)
            reviewerMayApprove = try c.decodeIfPresent(Bool.self, forKey: .reviewerMayApprove)
            rejectionNeedsQuorum = try c.decodeIfPresent(Bool.self, forKey: .rejectionNeedsQuorum)
            blockingSeverity = try c.decodeIfPresent(String.self, forKey: .blockingSeverity)
            requiredChecks = try c.decodeIfPresent([String].self, forKey: .requiredChecks)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case host, port, database, maxBodyBytes, governance, secrets, mcp, audit, tracing, a2a, tls, oauth, events, postgres }

    init(from decoder: Decoder) throws {
        try rejectUnknownKeys(decoder, CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        database = try c.decodeIfPresent(String.self, forKey: .database)
        maxBodyBytes = try c.decodeIfPresent(Int.self, forKey: .maxBodyBytes)
        governance = try c.decodeIfPresent(Governance.self, forKey: .governance)
        secrets = try c.decodeIfPresent(Secrets.self, forKey: .secrets)
        mcp = try c.decodeIfPresent(MCP.self, forKey: .mcp)
        a2a = try c.decodeIfPresent(A2A.self, forKey: .a2a)
        audit = try c.decodeIfPresent(Audit.self, forKey: .audit)
        tracing = try c.decodeIfPresent(Tracing.self, forKey: .tracing)
        tls = try c.decodeIfPresent(TLS.self, forKey: .tls)
        oauth = try c.decodeIfPresent(OAuth.self, forKey: .oauth)
        events = try c.decodeIfPresent(Events.self, forKey: .events)
        postgres = try c.decodeIfPresent(Postgres.self, forKey: .postgres)
    }

    func apply(to c: inout WardenConfiguration) throws {
        if let h = host { c.host = h }
        if let p = port {
            guard (0...65535).contains(p) else { throw WardenError.invalidInput("port must be 0 to 65535") }
            c.port = p
        }
        if let d = database {
            _ = try DatabaseLocation(d)
            c.database = d
        }
        try postgres?.apply(to: &c)
        if let m = maxBodyBytes {
            guard m >= 1024, m <= 64 * 1_048_576 else { throw WardenError.invalidInput("maxBodyBytes must be 1024 to 67108864") }
            c.maxBodyBytes = m
        }
        if let a = a2a {
            if let u = a.publicURL {
                guard let url = URL(string: u), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                    throw WardenError.invalidInput("a2a.publicURL must be an http or https URL, e.g. https://warden.example.com")
                }
                c.a2aPublicURL = u
            }
            if let n = a.agentName {
                guard !n.isEmpty, n.count <= 200 else { throw WardenError.invalidInput("a2a.agentName: 1 to 200 characters") }
                c.a2aAgentName = n
            }
            let skills = (a.skills ?? []).map { s in
                A2ASkillBinding(id: s.id, name: s.name ?? s.id, description: s.description ?? "", tags: s.tags ?? [], tool: s.tool)
            }
            if let problem = skills.flatMap({ $0.problems() }).first { throw WardenError.invalidInput(problem) }
            if Set(skills.map(\.id)).count != skills.count { throw WardenError.invalidInput("a2a.skills: each skill id must be unique") }
            c.a2aSkills = skills
            if let cl = a.clearances { c.a2aClearances = cl }
            if let d = a.defaultClearance { c.a2aDefaultClearance = d }
            if let m = a.minimization { c.a2aMinimization = m }
            if let r = a.cardRefreshSeconds {
                guard (10...86_400).contains(r) else { throw WardenError.invalidInput("a2a.cardRefreshSeconds must be 10 to 86400") }
                c.a2aCardRefreshSeconds = r
            }
            if let k = a.client {
                func bounded(_ v: Int?, _ name: String, _ range: ClosedRange<Int>) throws -> Int? {
                    guard let v else { return nil }
                    guard range.contains(v) else {
                        throw WardenError.invalidInput("a2a.client.\(name) must be \(range.lowerBound) to \(range.upperBound)")
                    }
                    return v
                }
                var retry = c.a2aClient.retry
                if let n = try bounded(k.maxAttempts, "maxAttempts", 1...10) { retry.maxAttempts = n }
                if let n = try bounded(k.baseDelayMs, "baseDelayMs", 0...60_000) { retry.baseDelay = .milliseconds(n) }
                if let n = try bounded(k.maxDelayMs, "maxDelayMs", 0...600_000) { retry.maxDelay = .milliseconds(n) }
                c.a2aClient.retry = retry
                if let n = try bounded(k.failureThreshold, "failureThreshold", 1...1000) { c.a2aClient.breaker.failureThreshold = n }
                if let n = try bounded(k.coolDownSeconds, "coolDownSeconds", 1...86_400) { c.a2aClient.breaker.coolDown = .seconds(n) }
            }
        }
        if let m = mcp {
            if let o = m.allowedOrigins { c.mcpAllowedOrigins = o }
            if let i = m.driftCheckIntervalSeconds {
                guard (1...86_400).contains(i) else { throw WardenError.invalidInput("mcp.driftCheckIntervalSeconds must be 1 to 86400") }
                c.driftCheckIntervalSeconds = i
            }
        }
        if let a = audit {
            if let i = a.checkpointIntervalSeconds {
                guard (0...86_400).contains(i) else {
                    throw WardenError.invalidInput("audit.checkpointIntervalSeconds must be 0 (never) to 86400")
                }
                c.auditCheckpointIntervalSeconds = i
            }
            if let p = a.payloadLog {
                if let e = p.enabled { c.auditPayloadLogEnabled = e }
                if let d = p.retentionDays {
                    guard (1...3660).contains(d) else { throw WardenError.invalidInput("audit.payloadLog.retentionDays must be 1 to 3660") }
                    c.auditPayloadRetentionDays = d
                }
            }
            if let f = a.signingKeyFile {
                guard !f.isEmpty else { throw WardenError.invalidInput("audit.signingKeyFile must be a file path") }
                c.auditSigningKeyFile = f
            }
        }
        if let t = tls { c.tls = try t.settings() }
        if let s = secrets {
            if let p = s.environmentPrefix { c.secretsEnvironmentPrefix = p }
            if let d = s.directory { c.secretsDirectory = d }
        }
        if let t = tracing {
            if let e = t.otlpEndpoint {
                guard let url = URL(string: e), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), !(url.host ?? "").isEmpty else {
                    throw WardenError.invalidInput("tracing.otlpEndpoint must be the http:// or https:// URL of the collector's "
                        + "OTLP/HTTP port, such as http://127.0.0.1:4318")
                }
                c.tracing.otlpEndpoint = e
            }
            if let n = t.serviceName {
                guard !n.trimmingCharacters(in: .whitespaces).isEmpty, n.count <= 255 else {
                    throw WardenError.invalidInput("tracing.serviceName must be 1 to 255 characters")
                }
                c.tracing.serviceName = n
            }
            if let r = t.sampleRatio {
                guard (0...1).contains(r) else {
                    throw WardenError.invalidInput("tracing.sampleRatio must be 0 to 1 (the share of new traces recorded; 1: all)")
                }
                c.tracing.sampleRatio = r
            }
        }
        if let o = oauth { try o.apply(to: &c) }
        if let e = events { try e.apply(to: &c) }
        guard let g = governance else { return }
        if let a = g.agents {
            if let r = a.reviewRequired {
                if !r.contains(.external) {
                    throw WardenError.invalidInput("governance.agents.reviewRequired must include external: external agents are always reviewed before use")
                }
                c.governance.agentReviewRequired = Set(r)
            }
            for (level, days) in a.reviewIntervalDays ?? [:] {
                guard (1...3660).contains(days) else {
                    throw WardenError.invalidInput("governance.agents.reviewIntervalDays.\(level.rawValue) must be 1 to 3660")
                }
                c.governance.agentReviewIntervalDays[level] = days
            }
        }
        if let d = g.reviewIntervalDays {
            guard (1...3660).contains(d) else { throw WardenError.invalidInput("governance.reviewIntervalDays must be 1 to 3660") }
            c.governance.reviewIntervalDays = d
        }
        if let p = g.proposerMayReview { c.governance.proposerMayReview = p }
        for (level, days) in g.reviewIntervalDaysBySensitivity ?? [:] {
            guard (1...3660).contains(days) else {
                throw WardenError.invalidInput("governance.reviewIntervalDaysBySensitivity.\(level.rawValue) must be 1 to 3660")
            }
            c.governance.reviewIntervalDaysBySensitivity[level] = days
        }
        if let d = g.reviewOverdueSuspendAfterDays {
            guard (0...3660).contains(d) else { throw WardenError.invalidInput("governance.reviewOverdueSuspendAfterDays must be 0 to 3660") }
            c.governance.reviewOverdueSuspendAfterDays = d
        }
        if g.reviewOverdueSuspend == false { c.governance.reviewOverdueSuspendAfterDays = nil }
        if let checks = g.checks {
            if let a = checks.hostAllowList { c.governance.checkHostAllowList = a }
            if let k = checks.knownHosts { c.governance.checkKnownHosts = k }
            if let t = checks.checkTimeoutSeconds {
                guard (1...86_400).contains(t) else { throw WardenError.invalidInput("governance.checks.checkTimeoutSeconds must be 1 to 86400") }
                c.governance.liveChecks.checkTimeout = .seconds(t)
            }
            if let n = checks.load?.maxCalls {
                guard (1...10_000).contains(n) else { throw WardenError.invalidInput("governance.checks.load.maxCalls must be 1 to 10000") }
                c.governance.liveChecks.maxLoadCalls = n
            }
            if let n = checks.load?.maxConcurrency {
                guard (1...256).contains(n) else { throw WardenError.invalidInput("governance.checks.load.maxConcurrency must be 1 to 256") }
                c.governance.liveChecks.maxLoadConcurrency = n
            }
            if let sa = checks.staticAnalysis {
                guard let program = sa.command.first, !program.isEmpty, sa.command.count <= 64 else {
                    throw WardenError.invalidInput("governance.checks.staticAnalysis.command: give the program and its arguments, e.g. [semgrep, scan, \"{source}\"]")
                }
                _ = program
                let timeout = sa.timeoutSeconds ?? 120
                guard (1...3600).contains(timeout) else { throw WardenError.invalidInput("governance.checks.staticAnalysis.timeoutSeconds must be 1 to 3600") }
                let bytes = sa.maxOutputBytes ?? 4000
                guard (256...1_000_000).contains(bytes) else { throw WardenError.invalidInput("governance.checks.staticAnalysis.maxOutputBytes must be 256 to 1000000") }
                c.governance.liveChecks.staticAnalysis = StaticAnalysisSettings(command: sa.command, timeout: .seconds(timeout), maxOutputBytes: bytes)
            }
        }
        if let i = g.reviewCheckIntervalSeconds {
            guard (1...86_400).contains(i) else { throw WardenError.invalidInput("governance.reviewCheckIntervalSeconds must be 1 to 86400") }
            c.reviewCheckIntervalSeconds = i
        }
        if let level = g.advisories?.suspendAtSeverity {
            if level == "never" {
                c.governance.advisorySuspendSeverity = nil
            } else if let s = AdvisorySeverity(rawValue: level), s != .unknown {
                c.governance.advisorySuspendSeverity = s
            } else {
                throw WardenError.invalidInput("governance.advisories.suspendAtSeverity must be critical, high, moderate, low or never")
            }
        }
        if let r = g.approvalRule {
            var rule = c.governance.approvalRule
            if let v = r.requiredReviews { rule.requiredReviews = v }
            if let v = r.acceptedVerdicts { rule.acceptedVerdicts = v }
            if let v = r.acceptedVerdictsWithConditions { rule.acceptedVerdictsWithConditions = v }
            if let v = r.minimumApprovals { rule.minimumApprovals = v }
            if let v = r.approverRole { rule.approverRole = v }
            if let v = r.proposerMayApprove { rule.proposerMayApprove = v }
            if let v = r.reviewerMayApprove { rule.reviewerMayApprove = v }
            if let v = r.rejectionNeedsQuorum { rule.rejectionNeedsQuorum = v }
            if let v = r.blockingSeverity {
                if v == "never" { rule.blockingSeverity = nil } else if let sev = Severity(rawValue: v) { rule.blockingSeverity = sev } else {
                    throw WardenError.invalidInput("governance.approvalRule.blockingSeverity must be critical, high, medium, low, info or never")
                }
            }
            if let v = r.requiredChecks {
                let known = Set(GovernanceService.onboardingChecks.map(\.name) + CheckRunner.checks.map(\.name))
                if let bad = v.first(where: { !known.contains($0) }) {
                    throw WardenError.invalidInput("governance.approvalRule.requiredChecks: unknown check '\(bad.prefix(64))'; known: \(known.sorted().joined(separator: ", "))")
                }
                rule.requiredChecks = v
            }
            try rule.validate()
            c.governance.approvalRule = rule
        }
        for (name, roles) in g.permissions ?? [:] {
            guard let permission = Permission(rawValue: name) else {
                let known = Permission.allCases.map(\.rawValue).joined(separator: ", ")
                throw WardenError.invalidInput("governance.permissions: unknown permission '\(name)'; known: \(known)")
            }
            c.governance.access.grants[permission] = Set(roles)
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

func rejectUnknownKeys<K: CodingKey & CaseIterable>(_ decoder: Decoder, _ keys: K.Type) throws {
    let c = try decoder.container(keyedBy: AnyKey.self)
    let known = Set(K.allCases.map(\.stringValue))
    for key in c.allKeys where !known.contains(key.stringValue) {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key],
            debugDescription: "unknown key; known keys here: \(known.sorted().joined(separator: ", "))"))
    }
}
