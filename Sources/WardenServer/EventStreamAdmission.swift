import Foundation
import HTTPTypes
import Hummingbird
import WardenCore
import WardenRuntime

/// A caller admitted to the event stream: who it is, which events it sees (its request's filter, narrowed to its own
/// actions unless it holds `audit.read`), and where it resumes.
struct EventStreamAdmission: Sendable {
    let principal: Principal
    let filter: EventFilter
    /// Replay from the store after this sequence number; nil streams only what commits from now on.
    let after: Int64?
    /// The subprotocol to answer with, when the client offered ``EventStreamEndpoint/subprotocol``.
    let subprotocol: String?

    /// The query parameters the stream understands; any other is refused, so that a typo does not widen a filter.
    static let parameters: Set<String> = ["kinds", "tool", "agent", "after"]

    /// Reads the filter and resume point of `request`.
    /// - Throws: `invalid_input` for an unknown parameter, a malformed kind or name, or an `after` that is not a
    ///   sequence number (0 or more).
    static func parse(_ request: Request) throws -> (filter: EventFilter, after: Int64?) {
        let q = request.uri.queryParameters
        for (name, _) in q where !parameters.contains(String(name)) {
            throw WardenError.invalidInput("unknown parameter '\(String(name).prefix(64))'; /v1/events takes kinds, tool, agent and after")
        }
        let filter = try EventFilter.parse(kinds: q.get("kinds"), tool: q.get("tool"), agent: q.get("agent"))
        var after: Int64?
        if let raw = q.get("after") {
            guard let n = Int64(raw), n >= 0 else {
                throw WardenError.invalidInput("after must be a sequence number (0 or more): the last event you received")
            }
            after = n
        }
        return (filter, after)
    }

    /// The bearer token of an upgrade: the `Authorization` header, else a `Sec-WebSocket-Protocol` value
    /// `bearer.<token>` (browsers cannot set headers on a WebSocket); nil when neither is there.
    static func token(_ request: Request) -> String? {
        if let h = request.headers[.authorization] {
            return h.hasPrefix("Bearer ") ? String(h.dropFirst(7)) : h
        }
        return offeredSubprotocols(request).first { $0.hasPrefix("bearer.") }.map { String($0.dropFirst(7)) }
    }

    static func offeredSubprotocols(_ request: Request) -> [String] {
        request.headers[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Narrows `filter` to what `principal` may see: everything with `audit.read`, else its own actions.
    static func visible(_ filter: EventFilter, to principal: Principal, policy: GovernancePolicy) -> EventFilter {
        var f = filter
        if (try? policy.access.require(.auditRead, roles: principal.roles)) == nil { f.actor = principal.id }
        return f
    }
}
