import WardenCore

/// Why a call to another agent failed, and everything that follows from it: the ``WardenError`` code it becomes,
/// whether the HTTP exchange is tried again, and whether it counts against the agent's circuit breaker.
///
/// | failure | code | retried | breaker |
/// | --- | --- | --- | --- |
/// | ``rateLimited(retryAfter:)`` (Warden's own limit per target) | `rate_limited` (`retryAfterMs`) | no | no |
/// | ``circuitOpen(retryAfter:)`` | `circuit_open` (`retryAfterMs`) | no | no |
/// | ``unknownSkill(_:)`` | `invalid_input` | no | no |
/// | ``invalidInput(skill:problems:)`` (input schema) | `invalid_input` | no | no |
/// | ``unreachable(_:)`` (refused, reset, closed, connect timeout) | `upstream_unavailable` | yes | yes |
/// | ``tlsFailure`` (handshake, certificate) | `upstream_unavailable` | no | yes |
/// | ``httpStatus(_:)`` 502, 503, 504 | `upstream_unavailable` (`httpStatus`) | yes | yes |
/// | ``httpStatus(_:)`` 500 and other 5xx | `upstream_rejected` (`httpStatus`) | no | yes |
/// | ``httpStatus(_:)`` 401 (after one fresh OAuth token), 403, 400, 404, other 4xx, 3xx | `upstream_rejected` (`httpStatus`) | no | no |
/// | ``agentRateLimited(retryAfter:)`` (HTTP 429) | `rate_limited` (`retryAfterMs` when the agent said) | yes, after `Retry-After` | no |
/// | ``jsonRPCError(code:message:)`` -32603, -32000, -32006 | `upstream_rejected` (`a2aCode`) | no | yes |
/// | ``jsonRPCError(code:message:)`` other codes (invalid params, unsupported, version…) | `upstream_rejected` (`a2aCode`) | no | no |
/// | ``invalidResponse(_:)`` (not JSON-RPC, not a task or message, too large) | `upstream_rejected` | no | yes |
/// | ``deadline(timeout:last:)`` (the target's timeout passed) | `timeout` (`timeoutMs`) | no | yes |
/// | ``taskEnded(_:taskID:)`` failed | `upstream_rejected` (`taskState`) | no | yes |
/// | ``taskEnded(_:taskID:)`` rejected, canceled | `upstream_rejected` (`taskState`) | no | no |
/// | ``taskInterrupted(_:taskID:)`` input-required, auth-required | `upstream_rejected` (`taskState`) | no | no |
/// | ``invalidOutput(skill:problems:)`` (output schema) | `invalid_output` | no | yes |
/// | ``invalidSchema(skill:which:)`` (the card's schema does not compile) | `upstream_rejected` | no | no |
/// | ``credentials(_:)`` (the OAuth token endpoint failed) | that error's code | no | no |
///
/// Every error's details hold `agent`, and `attempts` (HTTP requests made) once a request was made. Messages quote
/// at most a sanitized, truncated part of what the agent said, and never a credential.
public enum A2AClientFailure: Error, Sendable, Equatable {
    case rateLimited(retryAfter: Duration)
    case circuitOpen(retryAfter: Duration)
    case unknownSkill(String)
    case invalidInput(skill: String, problems: String)
    case unreachable(String)
    case tlsFailure
    case httpStatus(Int)
    case agentRateLimited(retryAfter: Duration?)
    case jsonRPCError(code: Int, message: String)
    case invalidResponse(String)
    case deadline(timeout: Duration, last: String?)
    case taskEnded(A2ATaskState, taskID: String)
    case taskInterrupted(A2ATaskState, taskID: String)
    case invalidOutput(skill: String, problems: String)
    case invalidSchema(skill: String, which: String)
    case credentials(WardenError)

    /// The stable Warden code.
    public var code: WardenError.Code {
        switch self {
        case .rateLimited, .agentRateLimited: .rateLimited
        case .circuitOpen: .circuitOpen
        case .unknownSkill, .invalidInput: .invalidInput
        case .unreachable, .tlsFailure: .upstreamUnavailable
        case .httpStatus(let s): [502, 503, 504].contains(s) ? .upstreamUnavailable : .upstreamRejected
        case .jsonRPCError, .invalidResponse, .taskEnded, .taskInterrupted, .invalidSchema: .upstreamRejected
        case .deadline: .timeout
        case .invalidOutput: .invalidOutput
        case .credentials(let e): e.code
        }
    }

    /// Whether the same HTTP request may succeed when sent again.
    public var isTransient: Bool {
        switch self {
        case .unreachable, .agentRateLimited: true
        case .httpStatus(let s): [502, 503, 504].contains(s)
        default: false
        }
    }

    /// Whether it says the agent is unhealthy (a circuit-breaker failure), rather than refusing Warden's request
    /// (bad input, credentials, limits) or Warden itself refusing to send.
    public var countsAgainstAgent: Bool {
        switch self {
        case .unreachable, .tlsFailure, .invalidResponse, .deadline, .invalidOutput: true
        case .httpStatus(let s): s >= 500
        case .jsonRPCError(let code, _): Self.serverFaultCodes.contains(code)
        case .taskEnded(let state, _): state == .failed
        default: false
        }
    }

    /// Internal error, generic server error, invalid agent response.
    static let serverFaultCodes: Set<Int> = [-32603, -32000, -32006]

    /// The error `send` throws, with `agent` (and `attempts` when requests were made) in its details.
    public func wardenError(agent: String, attempts: Int) -> WardenError {
        var details = ["agent": agent]
        if attempts > 0 { details["attempts"] = String(attempts) }
        let message: String
        switch self {
        case .rateLimited(let wait):
            details["retryAfterMs"] = String(Self.milliseconds(wait))
            message = "calls to agent \(agent) are over their rate limit; try again in \(Self.milliseconds(wait)) ms"
        case .circuitOpen(let wait):
            details["retryAfterMs"] = String(Self.milliseconds(wait))
            message = "agent \(agent) is failing, so calls to it are paused; try again in \(Self.milliseconds(wait)) ms"
        case .unknownSkill(let skill):
            details["skill"] = skill
            message = "agent \(agent) publishes no skill \(skill)"
        case .invalidInput(let skill, let problems):
            details["skill"] = skill
            message = "the input does not match the input schema of \(agent)'s skill \(skill): \(problems)"
        case .unreachable(let reason):
            message = "agent \(agent) could not be reached (\(reason))"
        case .tlsFailure:
            message = "the TLS handshake with agent \(agent) failed (its certificate, or the one Warden presented, was not accepted)"
        case .httpStatus(let status):
            details["httpStatus"] = String(status)
            message = switch status {
            case 401: "agent \(agent) did not accept Warden's credentials (HTTP 401)"
            case 403: "agent \(agent) refused the call (HTTP 403)"
            case 502, 503, 504: "agent \(agent) is unavailable (HTTP \(status))"
            case 500...: "agent \(agent) failed (HTTP \(status))"
            default: "agent \(agent) refused the call with HTTP \(status)"
            }
        case .agentRateLimited(let wait):
            details["httpStatus"] = "429"
            if let wait { details["retryAfterMs"] = String(Self.milliseconds(wait)) }
            message = "agent \(agent) asks Warden to slow down (HTTP 429)" + (wait.map { "; try again in \(Self.milliseconds($0)) ms" } ?? "")
        case .jsonRPCError(let code, let text):
            details["a2aCode"] = String(code)
            message = "agent \(agent) refused the request: \(text) (A2A error \(code))"
        case .invalidResponse(let reason):
            message = "agent \(agent) sent an invalid agent response: \(reason)"
        case .deadline(let timeout, let last):
            details["timeoutMs"] = String(Self.milliseconds(timeout))
            message = "agent \(agent) did not answer within \(Self.milliseconds(timeout)) ms" + (last.map { " (last: \($0))" } ?? "")
        case .taskEnded(let state, let taskID):
            details["taskState"] = state.rawValue
            details["taskId"] = taskID
            message = "agent \(agent)'s task ended \(Self.stateWord(state))"
        case .taskInterrupted(let state, let taskID):
            details["taskState"] = state.rawValue
            details["taskId"] = taskID
            message = "agent \(agent) asks for more \(state == .authRequired ? "authorization" : "input") (\(state.rawValue)); "
                + "Warden sends one message per call and cannot converse"
        case .invalidOutput(let skill, let problems):
            details["skill"] = skill
            message = "agent \(agent)'s answer does not match the output schema of its skill \(skill): \(problems)"
        case .invalidSchema(let skill, let which):
            details["skill"] = skill
            message = "agent \(agent) publishes an \(which) schema for its skill \(skill) that is not a valid JSON Schema"
        case .credentials(let e):
            details.merge(e.details) { mine, _ in mine }
            message = "no credentials for agent \(agent): \(e.message)"
        }
        return WardenError(code, message, details: details)
    }

    static func stateWord(_ s: A2ATaskState) -> String {
        switch s {
        case .failed: "failed"
        case .rejected: "rejected"
        case .canceled: "canceled"
        default: s.rawValue
        }
    }

    static func milliseconds(_ d: Duration) -> Int64 {
        let c = d.components
        return max(0, c.seconds * 1000 + (c.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        let c = d.components
        guard c.seconds < Int64.max / 1_000_000_000 else { return .max }
        return max(0, c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000)
    }

    /// A peer's text fit to quote: control characters replaced by spaces, at most `limit` characters.
    static func quote(_ text: String, limit: Int) -> String {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
        return clean.count <= limit ? clean : String(clean.prefix(limit)) + "…"
    }
}
