import Foundation
import Logging
import Metrics
import WardenCore
import WardenRuntime

/// Watches the upstream MCP servers of the serving MCP tools for drift: when an upstream lists a tool differently
/// from what was reviewed (its digest differs from `provider.mcp.pin`), or no longer lists it, the tool is
/// quarantined at once: suspended, and a new proposal with the upstream's changed description and schemas (a patch
/// version, pinned to the new digest, proposed by the system principal) is opened for review. Each quarantine is
/// audited (`tool.quarantined`) and counted (`warden_tool_quarantines_total{tool}`).
///
/// A tool without a pin counts as drifted (nothing reviewed matches it). An upstream that cannot be reached is not
/// drift: its tools are left alone and checked again next time (calls to it fail with `upstream_unavailable`).
public struct UpstreamDriftMonitor: Sendable {
    let engine: WardenEngine
    let upstreams: MCPUpstreams
    let logger: Logger

    /// - Parameters:
    ///   - engine: whose registry is checked and whose governance service records quarantines.
    ///   - upstreams: the upstream connections (share them with the ``MCPToolPerformer``).
    public init(engine: WardenEngine, upstreams: MCPUpstreams, logger: Logger = Logger(label: "warden.mcp.drift")) {
        self.engine = engine
        self.upstreams = upstreams
        self.logger = logger
    }

    /// Checks every serving MCP tool once and quarantines the drifted ones.
    /// - Returns: the tools quarantined by this check.
    /// - Throws: `WardenError` when a quarantine cannot be recorded (the store failed).
    public func check() async throws -> [UpstreamDriftFinding] {
        let tools = engine.registry.tools().filter { $0.definition.provider.kind == .mcp && $0.definition.provider.mcp != nil }
        var findings: [UpstreamDriftFinding] = []
        // One listing per upstream (and credential), shared by its tools.
        var listings: [String: [JSONValue]] = [:]
        for tool in tools.sorted(by: { $0.definition.name < $1.definition.name }) {
            guard let upstream = tool.definition.provider.mcp else { continue }
            let credentialName = tool.definition.requiredCredentials.first
            let bearer = credentialName.flatMap { engine.secrets.secret(named: $0)?.reveal() }
            let key = (upstream.url ?? upstream.command?.joined(separator: "\u{0}") ?? "") + "\u{1}" + (credentialName ?? "")
            let listing: [JSONValue]
            if let known = listings[key] {
                listing = known
            } else {
                do {
                    listing = try await upstreams.connection(for: upstream).listTools(bearer: bearer)
                    listings[key] = listing
                } catch {
                    logger.warning("drift check: the upstream of \(tool.definition.name) could not be listed",
                                   metadata: ["error": "\((error as? WardenError)?.code.rawValue ?? "error")"])
                    continue
                }
            }
            let entry = listing.first { $0["name"]?.stringValue == upstream.tool }
            let newPin = entry.map(MCPToolPin.digest(of:))
            guard newPin == nil || newPin != upstream.pin else { continue }
            let base = tool.record.definition
            let changed: [String]
            let proposal: ToolDefinition?
            if let entry, let newPin {
                changed = MCPToolPin.changedFields(from: Self.listing(of: base), to: entry)
                proposal = Self.proposal(from: base, listing: entry, pin: newPin)
            } else {
                changed = ["vanished"]
                proposal = nil
            }
            let outcome = try await engine.service.quarantine(
                QuarantineRequest(name: base.name, servingVersion: tool.record.version, oldPin: upstream.pin, newPin: newPin,
                                  changedFields: changed, proposal: proposal))
            Counter(label: "warden_tool_quarantines_total", dimensions: [("tool", base.name)]).increment()
            logger.warning("quarantined \(base.name) \(tool.record.version): its upstream listing changed",
                           metadata: ["changed": "\(changed.joined(separator: ","))",
                                      "proposed": "\(outcome.proposal?.version.description ?? "none")"])
            findings.append(UpstreamDriftFinding(tool: base.name, version: tool.record.version, oldPin: upstream.pin, newPin: newPin,
                                                 changedFields: changed, proposedVersion: outcome.proposal?.version))
        }
        return findings
    }

    /// Checks every `interval` until the task is cancelled; a failed check is logged and the loop goes on.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                _ = try await check()
            } catch is CancellationError {
                return
            } catch {
                logger.error("drift check failed", metadata: ["error": "\((error as? WardenError)?.code.rawValue ?? "error")"])
            }
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }

    /// The definition's own fields in the shape of a `tools/list` entry (to name the fields that changed).
    static func listing(of d: ToolDefinition) -> JSONValue {
        var o: [String: JSONValue] = ["description": .string(d.description), "inputSchema": d.inputSchema]
        if let out = d.outputSchema { o["outputSchema"] = out }
        if let a = d.annotations, let json = try? JSONValue.encoding(a), json != [:] { o["annotations"] = json }
        return .object(o)
    }

    /// `base` with the upstream's description, schemas and annotations, pinned to `pin`.
    static func proposal(from base: ToolDefinition, listing: JSONValue, pin: String) -> ToolDefinition {
        var d = base
        if let text = listing["description"]?.stringValue { d.description = text }
        if let input = listing["inputSchema"], case .object = input { d.inputSchema = input }
        if let output = listing["outputSchema"], case .object = output { d.outputSchema = output } else { d.outputSchema = nil }
        if let a = listing["annotations"], case .object = a {
            d.annotations = try? JSONDecoder().decode(ToolDefinition.Annotations.self, from: a.canonicalData)
        } else {
            d.annotations = nil
        }
        d.provider.mcp?.pin = pin
        return d
    }
}
