import WardenCore

/// Stage "guard": the circuit breaker of the tool's upstream, a timeout per attempt, and retries with
/// backoff for transient failures of idempotent tools.
public struct CallGuard: Sendable {
    let breakers: CircuitBreakers
    let retry: RetryPolicy

    public init(breakers: CircuitBreakers = CircuitBreakers(), retry: RetryPolicy = RetryPolicy()) {
        self.breakers = breakers
        self.retry = retry
    }

    /// The upstream a tool depends on: its HTTP host, its MCP server, or Warden itself for built-ins.
    public static func upstream(of tool: ServingTool) -> String {
        let p = tool.definition.provider
        switch p.kind {
        case .builtin: return "builtin"
        case .http:
            let url = p.http?.url ?? ""
            let afterScheme = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first
            return "http:" + (afterScheme.map(String.init) ?? url)
        case .mcp: return "mcp:" + (p.mcp?.url ?? p.mcp?.command?.joined(separator: " ") ?? "")
        case .a2a: return "a2a:" + (p.a2a?.agent ?? "")
        }
    }

    /// Runs `op` under the guard.
    /// - Throws: `circuit_open` without calling when the upstream's circuit is open; `timeout`; the operation's error.
    /// - Parameter timed: whether `op` gives up after the tool's timeout by itself; when false the guard races it
    ///   against a timer.
    /// - Parameter selfGuarded: whether `op` keeps its own circuit breakers and retries (the A2A client, per agent, with
    ///   fallbacks between agents); the guard then only bounds it with the tool's timeout, since a breaker of its own
    ///   would also shut out the fallbacks.
    public func run(_ tool: ServingTool, timed: Bool = false, selfGuarded: Bool = false,
                    _ op: @escaping @Sendable () async throws -> ToolResult) async throws -> ToolResult {
        if selfGuarded {
            return timed ? try await op() : try await withTimeout(.milliseconds(tool.definition.timeoutMs), op)
        }
        let breaker = breakers.breaker(for: Self.upstream(of: tool))
        let timeout = Duration.milliseconds(tool.definition.timeoutMs)
        return try await retry.run(idempotent: tool.definition.idempotent ?? false) {
            try breaker.permit(at: .now)
            do {
                let result = timed ? try await op() : try await withTimeout(timeout, op)
                breaker.recordSuccess(at: .now)
                return result
            } catch let e as WardenError {
                // Only the upstream's own failures count against it; a refusal of bad input does not.
                if RetryPolicy.isTransient(e) || e.code == .upstreamRejected { breaker.recordFailure(at: .now) }
                throw e
            }
        }
    }
}
