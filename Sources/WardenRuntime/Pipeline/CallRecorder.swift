import Foundation
import WardenCore
import WardenStore

/// Stage "record": one audit event per call with digests of the input and output (never the
/// payloads), latency and outcome.
struct CallRecorder: Sendable {
    let audit: AuditWriter
    let clock: any WallClock
    /// Seals input and output into the secure payload log when it is on.
    let payloadCipher: AuditPayloadCipher?

    /// - Parameter action: `tool.call` for live calls, `tool.review_call` for an onboarding check's calls.
    func record(_ call: GovernedCall, tool: ServingTool?, started: ContinuousClock.Instant,
                result: Result<ToolResult, WardenError>, action: String = "tool.call") async throws {
        let elapsed = ContinuousClock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        let now = clock.now()
        // Request time: when the call began, by the wall clock (the event's own time is when it ended).
        let requestTimeMs = now.millisecondsSince1970 - micros / 1000
        var detail = ["transport": call.transport, "latencyUs": String(micros), "requestTimeMs": String(requestTimeMs),
                      "traceId": call.trace.traceID, "inputDigest": Digest.sha256Hex(call.arguments.canonicalBytes)]
        let outcome: AuditEvent.Outcome
        var outputBytes: [UInt8]?
        switch result {
        case .success(let r):
            outcome = .success
            let bytes = (r.structuredContent ?? .string(r.text)).canonicalBytes
            outputBytes = bytes
            detail["outputDigest"] = Digest.sha256Hex(bytes)
            if r.isError { detail["toolError"] = "true" }
            if let f = r.fallback { detail["fallback"] = f }
        case .failure(let e):
            outcome = Self.outcome(of: e)
            detail["error"] = e.code.rawValue
        }
        if let f = call.fallbackFor { detail["fallbackFor"] = f }
        let subject = tool.map { "tool:\($0.definition.name)@\($0.definition.version)" } ?? "tool:\(call.toolName.prefix(64))"
        var draft = AuditDraft(actor: call.principal.id, action: action, subject: subject, requestID: call.requestID,
                               outcome: outcome, detail: detail)
        if let cipher = payloadCipher {
            // Sealed with the event, in the same transaction: the payload log never holds a call the main log lacks.
            draft.payload = AuditPayload(input: try cipher.seal(call.arguments.canonicalBytes, requestID: call.requestID),
                                         output: try outputBytes.map { try cipher.seal($0, requestID: call.requestID) })
        }
        try await audit.append(draft, at: now)
    }

    /// A refusal by policy is `denied`; anything else that went wrong is `failed`.
    static func outcome(of error: WardenError) -> AuditEvent.Outcome { .of(error) }
}

extension AuditEvent.Outcome {
    /// The outcome of a call that ended in `error`: a refusal by policy (or by a limit) is `denied`; anything else
    /// that went wrong is `failed`.
    public static func of(_ error: WardenError) -> AuditEvent.Outcome {
        switch error.code {
        case .forbidden, .unauthenticated, .rateLimited, .circuitOpen, .policyViolation: .denied
        default: .failed
        }
    }
}
