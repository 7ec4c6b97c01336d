import Testing
import WardenCore
import WardenServer
import WardenA2A
import WardenRuntime

@Suite("Configuration file")
struct ConfigurationTests {
    @Test func defaultsWithoutAFile() {
        let c = WardenConfiguration()
        #expect(c.host == "127.0.0.1" && c.port == 8080 && c.database == "./warden.db")
        #expect(c.governance.approvalRule == .default)
    }

    @Test func approvalRuleIsReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            port: 9090
            governance:
              reviewIntervalDays: 90
              approvalRule:
                minimumApprovals: 3
                requiredReviews: [security, compliance]
                approverRole: security_council
              permissions:
                tool.propose: [requester, engineer]
            """)
        #expect(c.port == 9090)
        #expect(c.governance.reviewIntervalDays == 90)
        #expect(c.governance.approvalRule.minimumApprovals == 3)
        #expect(c.governance.approvalRule.requiredReviews == [.security, .compliance])
        #expect(c.governance.approvalRule.approverRole == "security_council")
        #expect(c.governance.approvalRule.proposerMayApprove == false)
        #expect(c.governance.access.allows(.toolPropose, roles: ["engineer"]))
        #expect(!c.governance.access.allows(.toolPropose, roles: ["admin"]))
    }

    @Test func auditAdvisoryAndReviewSettingsAreReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            database: /var/lib/warden/warden.db
            audit:
              checkpointIntervalSeconds: 5
            governance:
              advisories:
                suspendAtSeverity: high
              reviewIntervalDaysBySensitivity:
                restricted: 90
                confidential: 180
              reviewOverdueSuspendAfterDays: 7
              reviewCheckIntervalSeconds: 600
            """)
        #expect(c.auditCheckpointIntervalSeconds == 5)
        #expect(c.effectiveAuditSigningKeyFile == "/var/lib/warden/warden.db.audit-signing-key")
        #expect(c.governance.advisorySuspendSeverity == .high)
        #expect(c.governance.reviewIntervalDaysBySensitivity == [.restricted: 90, .confidential: 180])
        #expect(c.governance.reviewOverdueSuspendAfterDays == 7 && c.reviewCheckIntervalSeconds == 600)
        let off = try WardenConfiguration.parse("governance:\n  advisories:\n    suspendAtSeverity: never\n  reviewOverdueSuspend: false")
        #expect(off.governance.advisorySuspendSeverity == nil && off.governance.reviewOverdueSuspendAfterDays == nil)
        #expect(WardenConfiguration().governance.advisorySuspendSeverity == .critical, "critical advisories suspend by default")
        var payloads = try WardenConfiguration.parse("audit:\n  payloadLog:\n    enabled: true\n    retentionDays: 7\nsecrets:\n  environmentPrefix: NO_SUCH_PREFIX_")
        #expect(payloads.auditPayloadLogEnabled && payloads.auditPayloadRetentionDays == 7)
        #expect(throws: WardenError.self, "on without its key secret is a start-up error") { try payloads.payloadCipher() }
        payloads.auditPayloadLogEnabled = false
        #expect(try payloads.payloadCipher() == nil, "off by default and when disabled")
    }

    @Test func onboardingCheckSettingsAreReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            governance:
              approvalRule:
                blockingSeverity: high
                requiredChecks: [contract_test, load_test]
              checks:
                checkTimeoutSeconds: 60
                load:
                  maxCalls: 100
                  maxConcurrency: 4
                staticAnalysis:
                  command: [semgrep, scan, --error, "{source}"]
                  timeoutSeconds: 30
            """)
        #expect(c.governance.approvalRule.blockingSeverity == .high)
        #expect(c.governance.approvalRule.requiredChecks == ["contract_test", "load_test"])
        #expect(c.governance.liveChecks == LiveCheckSettings(maxLoadCalls: 100, maxLoadConcurrency: 4, checkTimeout: .seconds(60),
            staticAnalysis: StaticAnalysisSettings(command: ["semgrep", "scan", "--error", "{source}"], timeout: .seconds(30))))
        let defaults = WardenConfiguration()
        #expect(defaults.governance.approvalRule.blockingSeverity == .critical, "critical findings block by default")
        #expect(defaults.governance.liveChecks.staticAnalysis == nil, "no scanner unless configured")
        let never = try WardenConfiguration.parse("governance:\n  approvalRule:\n    blockingSeverity: never")
        #expect(never.governance.approvalRule.blockingSeverity == nil)
    }

    @Test func a2aSettingsAreReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            a2a:
              publicURL: https://warden.example.com
              agentName: Acme Warden
              skills:
                - {id: calc, name: Calculator, tags: [math], tool: math.evaluate}
              defaultClearance: {maxLevel: public}
              clearances: {planner: {maxLevel: confidential, piiCleared: true, region: eu-west}}
              minimization:
                residency: {restricted: [eu-west]}
            """)
        #expect(c.a2aPublicURL == "https://warden.example.com" && c.a2aAgentName == "Acme Warden")
        #expect(c.a2aSkills == [A2ASkillBinding(id: "calc", name: "Calculator", description: "", tags: ["math"], tool: "math.evaluate")])
        #expect(c.a2aDefaultClearance == DataClearance(maxLevel: .public))
        #expect(c.a2aClearances["planner"] == DataClearance(maxLevel: .confidential, piiCleared: true, region: "eu-west"))
        #expect(c.a2aMinimization.residency == [.restricted: ["eu-west"]])
        #expect(c.canonicalSummary["a2a"]?["skills"] != nil, "the A2A settings are part of the configuration digest")
        #expect(WardenConfiguration().canonicalSummary["a2a"] == nil)
    }

    @Test func mcpAndSecretsAreReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            mcp:
              allowedOrigins: ["https://console.example.com"]
              driftCheckIntervalSeconds: 300
            secrets:
              environmentPrefix: ACME_
              directory: /run/secrets/warden
            """)
        #expect(c.mcpAllowedOrigins == ["https://console.example.com"])
        #expect(c.driftCheckIntervalSeconds == 300)
        #expect(c.secretsEnvironmentPrefix == "ACME_")
        #expect(c.secretsDirectory == "/run/secrets/warden")
        #expect(WardenConfiguration().secretsEnvironmentPrefix == "WARDEN_SECRET_")
    }

    @Test func eventStreamSettingsAreReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("events:\n  bufferSize: 16\n  replayPageSize: 50\n")
        #expect(c.events.bufferSize == 16 && c.events.replayPageSize == 50)
        #expect(c.canonicalSummary["events"]?["bufferSize"] == 16, "a stream setting change is a configuration change on record")
        #expect(WardenConfiguration().events.bufferSize == 1024)
    }

    @Test func tracingIsReadFromTheFile() throws {
        let c = try WardenConfiguration.parse("""
            tracing:
              otlpEndpoint: http://127.0.0.1:4318
              serviceName: warden-eu
              sampleRatio: 0.25
            """)
        #expect(c.tracing.otlpEndpoint == "http://127.0.0.1:4318" && c.tracing.serviceName == "warden-eu" && c.tracing.sampleRatio == 0.25)
        #expect(c.tracing.isEnabled(environment: [:]))
        #expect(!c.tracing.isEnabled(environment: ["OTEL_SDK_DISABLED": "true"]))
        #expect(c.canonicalSummary["tracing"]?["serviceName"] == "warden-eu", "a tracing change is a configuration change on record")
        let off = WardenConfiguration()
        #expect(off.tracing.otlpEndpoint == nil && !off.tracing.isEnabled(environment: [:]), "off by default")
        #expect(off.tracing.isEnabled(environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"]), "the OpenTelemetry variable turns it on")
        #expect(off.canonicalSummary["tracing"] == nil, "without tracing the digest stays what it was")
    }

    @Test("mistakes in the file are clear errors", arguments: [
        ("mcp:\n  driftCheckIntervalSeconds: 0", "driftCheckIntervalSeconds"),
        ("mcp:\n  allowedOrigin: [x]", "allowedOrigin"),
        ("secrets:\n  dir: /x", "dir"),
        ("prot: 9090", "prot"),
        ("governance:\n  approvalRule:\n    minimumApprovls: 2", "minimumApprovls"),
        ("governance:\n  approvalRule:\n    acceptedVerdicts: [fail]", "fail"),
        ("governance:\n  permissions:\n    tool.fly: [admin]", "tool.fly"),
        ("port: 70000", "port"),
        ("port: [1", "YAML"),
        ("audit:\n  checkpointIntervalSeconds: -1", "checkpointIntervalSeconds"),
        ("audit:\n  signingKey: x", "signingKey"),
        ("governance:\n  advisories:\n    suspendAtSeverity: sometimes", "suspendAtSeverity"),
        ("governance:\n  reviewIntervalDaysBySensitivity:\n    secret: 10", "secret"),
        ("governance:\n  reviewIntervalDaysBySensitivity:\n    restricted: 0", "restricted"),
        ("governance:\n  reviewOverdueSuspendAfterDays: -3", "reviewOverdueSuspendAfterDays"),
        ("tracing:\n  endpoint: http://127.0.0.1:4318", "endpoint"),
        ("tracing:\n  otlpEndpoint: 127.0.0.1:4318", "tracing.otlpEndpoint"),
        ("tracing:\n  otlpEndpoint: grpc://collector:4317", "tracing.otlpEndpoint"),
        ("tracing:\n  sampleRatio: 1.5", "tracing.sampleRatio"),
        ("events:\n  bufferSize: 0", "events.bufferSize"),
        ("events:\n  replayPageSize: 5000", "events.replayPageSize"),
        ("events:\n  buffer: 10", "buffer"),
        ("tracing:\n  serviceName: \"\"", "tracing.serviceName"),
        ("governance:\n  approvalRule:\n    blockingSeverity: severe", "blockingSeverity"),
        ("governance:\n  approvalRule:\n    requiredChecks: [fuzzing]", "fuzzing"),
        ("governance:\n  checks:\n    load:\n      maxCalls: 0", "maxCalls"),
        ("governance:\n  checks:\n    load:\n      maxConcurency: 2", "maxConcurency"),
        ("governance:\n  checks:\n    staticAnalysis:\n      command: []", "staticAnalysis.command"),
        ("governance:\n  checks:\n    staticAnalysis:\n      timeoutSeconds: 5", "command"),
        ("governance:\n  checks:\n    checkTimeoutSeconds: 0", "checkTimeoutSeconds"),
        ("a2a:\n  publicURL: warden.example.com", "a2a.publicURL"),
        ("a2a:\n  skills:\n    - {id: Calc!, tool: math.evaluate}", "a2a.skills"),
        ("a2a:\n  skills:\n    - {id: calc, tool: math.evaluate}\n    - {id: calc, tool: time.now}", "unique"),
        ("a2a:\n  skills:\n    - {id: calc}", "tool"),
        ("a2a:\n  skill: []", "skill"),
    ])
    func mistakes(text: String, mentions: String) {
        do {
            _ = try WardenConfiguration.parse(text, source: "warden.yaml")
            Issue.record("\(text) should be refused")
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
            #expect(e.message.contains(mentions), "\(e.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
