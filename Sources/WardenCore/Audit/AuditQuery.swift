import Foundation

/// Which audit events an auditor asks for: every given filter must match. `actor`, `action` and `subject` match
/// exactly, or by prefix when they end in `*` (`tool:weather*` matches every version of the tool).
public struct AuditQuery: Sendable, Equatable {
    public var actor: String?
    public var action: String?
    public var subject: String?
    public var outcome: AuditEvent.Outcome?
    /// Events at or after this time.
    public var since: Date?
    /// Events before this time.
    public var until: Date?
    /// Events with a greater sequence number (the page cursor).
    public var afterSeq: Int64
    /// At most this many events (1 to ``maxLimit``).
    public var limit: Int

    public static let maxLimit = 1000

    public init(actor: String? = nil, action: String? = nil, subject: String? = nil, outcome: AuditEvent.Outcome? = nil,
                since: Date? = nil, until: Date? = nil, afterSeq: Int64 = 0, limit: Int = 100) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.outcome = outcome
        self.since = since
        self.until = until
        self.afterSeq = afterSeq
        self.limit = limit
    }

    /// Throws `invalid_input` when the page size or the time range is out of bounds.
    public func validated() throws -> AuditQuery {
        guard (1...Self.maxLimit).contains(limit) else {
            throw WardenError.invalidInput("limit must be between 1 and \(Self.maxLimit)")
        }
        guard afterSeq >= 0 else { throw WardenError.invalidInput("after must be 0 or a sequence number") }
        if let s = since, let u = until, u < s { throw WardenError.invalidInput("until is before since") }
        for (name, value) in [("actor", actor), ("action", action), ("subject", subject)] {
            if let v = value, v.isEmpty || v.utf8.count > 256 {
                throw WardenError.invalidInput("\(name) must be 1 to 256 bytes (end it with * to match a prefix)")
            }
        }
        return self
    }

    /// Whether `event` matches every filter (the cursor and limit aside).
    public func matches(_ event: AuditEvent) -> Bool {
        func field(_ pattern: String?, _ value: String) -> Bool {
            guard let p = pattern else { return true }
            return p.hasSuffix("*") ? value.hasPrefix(p.dropLast()) : value == p
        }
        return field(actor, event.actor) && field(action, event.action) && field(subject, event.subject)
            && (outcome.map { $0 == event.outcome } ?? true)
            && (since.map { event.timeMs >= $0.millisecondsSince1970 } ?? true)
            && (until.map { event.timeMs < $0.millisecondsSince1970 } ?? true)
    }
}
