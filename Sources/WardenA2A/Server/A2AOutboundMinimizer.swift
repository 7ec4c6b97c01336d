import Synchronization
import WardenCore
import WardenRuntime

/// What Warden's A2A server may send to each calling agent: its clearance (most sensitive level, PII, region), and
/// the policy for data above it. The output of a skill's tool is minimized against the tool's output schema marks
/// (`x-sensitivity`, `x-pii`) before it leaves; each tool's sensitivity map is compiled once per version.
public final class A2AOutboundMinimizer: Sendable {
    /// Clearances by principal id.
    public let clearances: [String: DataClearance]
    /// The clearance of a caller not listed.
    public let defaultClearance: DataClearance
    let minimizer: DataMinimizer
    private let maps = Mutex<[String: SensitivityMap]>([:])

    public init(clearances: [String: DataClearance] = [:], defaultClearance: DataClearance = DataClearance(maxLevel: .internal),
                policy: MinimizationPolicy = MinimizationPolicy()) {
        self.clearances = clearances
        self.defaultClearance = defaultClearance
        minimizer = DataMinimizer(policy: policy)
    }

    /// `principal`'s clearance.
    public func clearance(of principal: Principal) -> DataClearance { clearances[principal.id] ?? defaultClearance }

    /// The sensitivity map of `tool`'s output (unmarked: everything at the default level, `internal`).
    /// - Throws: `invalid_input` when the schema's marks are malformed.
    func map(for tool: ServingTool) throws -> SensitivityMap {
        let key = "\(tool.definition.name)@\(tool.definition.version)|\(tool.record.digest)"
        if let m = maps.withLock({ $0[key] }) { return m }
        let m = try tool.definition.outputSchema.map { try SensitivityMap(schema: $0) } ?? SensitivityMap()
        maps.withLock { $0[key] = m }
        return m
    }

    /// The result as `principal` may receive it, with the report for the audit log.
    /// - Throws: `policy_violation` when the policy refuses to send it at all (a refusing level, residency).
    func minimize(_ result: ToolResult, tool: ServingTool, for principal: Principal) throws -> (ToolResult, MinimizationReport) {
        let receiver = clearance(of: principal)
        if let structured = result.structuredContent {
            let out = try minimizer.minimize(structured, map: try map(for: tool), for: receiver)
            // The text is the structured output as text; send the minimized one, never the original.
            return (ToolResult(structuredContent: out.value, text: out.report.changed ? out.value.canonicalString : result.text,
                               isError: result.isError), out.report)
        }
        let out = try minimizer.minimize(.string(result.text), map: SensitivityMap(), for: receiver)
        return (ToolResult(structuredContent: nil, text: out.value.stringValue ?? "", isError: result.isError), out.report)
    }
}
