import Foundation
import Synchronization
import WardenCore
import WardenRuntime
import WardenStore

/// Performs `a2a` tools: sends the call to a registered agent's skill through ``A2AClient`` (authentication, schema
/// checks against the agent's published skill schemas, client-side rate limit, retries of transient failures, a
/// circuit breaker per agent) and, when that agent cannot answer, to the alternate agents in order. Before data
/// leaves, it is minimized for each receiving agent's clearance and region by the tool's input schema marks
/// (`x-sensitivity`, `x-pii`); residency refusals are `policy_violation`. Every attempt is an audit event `a2a.send`
/// with digests of what was sent and received (never the data), and what minimization did.
///
/// When every agent fails, the pipeline falls back to the tool's `fallbackTool`, if it has one; otherwise the caller
/// gets `upstream_unavailable` naming each agent's failure code.
public final class A2AToolPerformer: ToolPerformer {
    public let agents: AgentRegistry
    public let client: A2AClient
    let audit: AuditWriter?
    let minimizer: DataMinimizer
    let clock: any WallClock
    private let maps = Mutex<[String: SensitivityMap]>([:])

    public init(agents: AgentRegistry, client: A2AClient = A2AClient(), audit: AuditWriter?,
                minimization: MinimizationPolicy = MinimizationPolicy(), clock: any WallClock = SystemWallClock()) {
        self.agents = agents
        self.client = client
        self.audit = audit
        self.minimizer = DataMinimizer(policy: minimization)
        self.clock = clock
    }

    public var guardsItself: Bool { true }

    public func perform(_ tool: ServingTool, arguments: JSONValue, credentials: [String: String]) async throws -> ToolResult {
        guard let upstream = tool.definition.provider.a2a else {
            throw WardenError(.internal, "\(tool.definition.name) has no a2a provider section")
        }
        let call = GovernedCall.current
        let map = try inputMap(of: tool)
        var failures: [(agent: String, error: WardenError)] = []
        for (name, skill) in upstream.targets {
            let subject = "agent:\(name)"
            guard let agent = agents.agent(named: name) else {
                let why = agents.problems[name].map { "it cannot be called: \($0)" } ?? "it is not registered, or no version of it is active"
                let e = WardenError(.upstreamUnavailable, "agent \(name): \(why)")
                await record(call, subject: subject, skill: skill, outcome: .failed, detail: ["error": e.code.rawValue, "reason": "not_serving"])
                failures.append((name, e))
                continue
            }
            var detail = ["skill": skill, "agentVersion": agent.record.version.description, "trustLevel": agent.definition.trustLevel.rawValue]
            let minimized: MinimizationResult
            do {
                minimized = try minimizer.minimize(arguments, map: map, for: agent.definition.dataClearance)
            } catch {
                for (k, v) in error.details { detail[k] = v }
                detail["error"] = error.code.rawValue
                await record(call, subject: subject, skill: skill, outcome: .denied, detail: detail)
                failures.append((name, error))
                continue
            }
            for (k, v) in minimized.report.auditDetail { detail["minimization." + k] = v }
            detail["sentDigest"] = Digest.sha256Hex(minimized.value.canonicalBytes)
            do {
                let request = A2AOutboundRequest(skill: skill, input: minimized.value, requestID: call?.requestID ?? UUID().uuidString,
                                                 trace: call?.trace ?? TraceContext.current)
                let response = try await client.send(request, to: agent.target)
                detail["attempts"] = String(response.attempts)
                if let t = response.taskID { detail["taskId"] = String(t.prefix(128)) }
                let result = response.output.map { ToolResult(structuredContent: $0, text: response.text.isEmpty ? $0.canonicalString : response.text) }
                    ?? ToolResult(structuredContent: nil, text: response.text)
                detail["receivedDigest"] = Digest.sha256Hex((result.structuredContent ?? .string(result.text)).canonicalBytes)
                if !failures.isEmpty { detail["after"] = failures.map { "\($0.agent)=\($0.error.code.rawValue)" }.joined(separator: ",") }
                await record(call, subject: subject, skill: skill, outcome: .success, detail: detail)
                return result
            } catch let e as WardenError {
                for (k, v) in e.details where k != "agent" { detail[k] = v }
                detail["error"] = e.code.rawValue
                await record(call, subject: subject, skill: skill, outcome: .of(e), detail: detail)
                guard InvocationPipeline.fallsBack(e) else { throw e }
                failures.append((name, e))
            }
        }
        let summary = failures.map { "\($0.agent): \($0.error.code.rawValue)" }.joined(separator: "; ")
        let retryAfter = failures.compactMap { $0.error.details["retryAfterMs"].flatMap(Int.init) }.min()
        var details = ["agentErrors": failures.map { "\($0.agent)=\($0.error.code.rawValue)" }.joined(separator: ",")]
        if let retryAfter { details["retryAfterMs"] = String(retryAfter) }
        let only = failures.count == 1 ? failures.first?.error : nil
        // One agent and one reason: pass its own code on (a residency refusal stays a policy violation).
        if let only { throw WardenError(only.code, only.message, details: only.details.merging(details) { a, _ in a }) }
        throw WardenError(.upstreamUnavailable, "no agent could answer the skill \(upstream.skill) (\(summary)); try again later, or ask an "
                          + "operator to check the agents (`warden agent show NAME`)", details: details)
    }

    /// The sensitivity marks of the tool's input schema, compiled once per version.
    func inputMap(of tool: ServingTool) throws -> SensitivityMap {
        let key = "\(tool.definition.name)@\(tool.definition.version)|\(tool.record.digest)"
        if let m = maps.withLock({ $0[key] }) { return m }
        let m = try SensitivityMap(schema: tool.definition.inputSchema)
        maps.withLock { $0[key] = m }
        return m
    }

    private func record(_ call: GovernedCall?, subject: String, skill: String, outcome: AuditEvent.Outcome, detail: [String: String]) async {
        guard let audit else { return }
        var d = detail
        d["skill"] = skill
        if let call {
            d["tool"] = call.toolName
            d["traceId"] = call.trace.traceID
        }
        _ = try? await audit.append(AuditDraft(actor: call?.principal.id ?? GovernanceService.systemPrincipalID, action: "a2a.send",
                                               subject: subject, requestID: call?.requestID ?? "", outcome: outcome, detail: d),
                                    at: clock.now())
    }
}

