import Foundation
import WardenCore
import WardenStore

/// A call's payload opened from the secure payload log, checked against the digests in the main log.
public struct OpenedAuditPayload: Sendable, Codable, Equatable {
    public var seq: Int64
    public var requestID: String
    public var input: JSONValue
    public var output: JSONValue?
    /// Whether SHA-256 of the opened input (and output) equals the digest the hash-chained event carries.
    public var inputMatchesDigest: Bool
    public var outputMatchesDigest: Bool?
}

extension GovernanceService {
    /// Opens the sealed payload of tool-call event `seq` and checks it against the event's digests. Reading raw
    /// payloads is itself audited (`audit.payload_read`). Needs `audit.read`.
    /// - Throws: `forbidden`; `not_found` when the payload log is off, the event has no payload, or it expired;
    ///   `invalid_input` when the sealed payload does not open (altered or another key).
    public func auditPayload(_ ctx: CallContext, seq: Int64) async throws -> OpenedAuditPayload {
        try await authorize(.auditRead, ctx)
        guard let cipher = payloadCipher else {
            throw WardenError(.notFound, "the secure payload log is off (audit.payloadLog.enabled in the configuration)")
        }
        return try await perform(ctx, action: "audit.payload_read", subject: "audit:\(seq)") { tx, _ in
            try self.require(.auditRead, ctx)
            guard let stored = try tx.auditPayload(seq: seq),
                  let event = try tx.auditEvents(afterSeq: seq - 1, limit: 1).first, event.seq == seq else {
                throw WardenError(.notFound, "no payload is kept for audit event \(seq) (not a tool call, made while the log was off, or past retention)")
            }
            let input = try cipher.open(stored.payload.input, requestID: stored.requestID)
            let output = try stored.payload.output.map { try cipher.open($0, requestID: stored.requestID) }
            let opened = OpenedAuditPayload(
                seq: seq, requestID: stored.requestID, input: try JSONValue(parsing: input),
                output: try output.map { try JSONValue(parsing: $0) },
                inputMatchesDigest: Digest.sha256Hex(input) == event.detail?["inputDigest"],
                outputMatchesDigest: output.map { Digest.sha256Hex($0) == event.detail?["outputDigest"] })
            return (opened, ["requestId": stored.requestID])
        }
    }
}
