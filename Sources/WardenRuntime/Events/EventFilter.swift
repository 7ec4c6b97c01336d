import WardenCore

/// Which audit events a subscriber of the live stream receives: the kinds, tool and agent it asked for, and what its
/// roles let it see (everything with `audit.read`, else only events it is the actor of).
public struct EventFilter: Sendable, Equatable {
    /// Action patterns: `tool.call` matches that action, `tool.*` every action under `tool.`; empty matches every action.
    public var kinds: [String]
    /// Only events about this tool (subject `tool:NAME` or `tool:NAME@VERSION`).
    public var tool: String?
    /// Only events about this agent (subject `agent:NAME…`) or acted by the principal of that id.
    public var agent: String?
    /// Only events acted by this principal; nil sees every actor.
    public var actor: String?

    public init(kinds: [String] = [], tool: String? = nil, agent: String? = nil, actor: String? = nil) {
        self.kinds = kinds
        self.tool = tool
        self.agent = agent
        self.actor = actor
    }

    /// The filter a subscriber asked for, from its query parameters (`kinds` comma separated, `tool`, `agent`).
    /// - Throws: `invalid_input` when a kind is not an action pattern or a name is empty, too long or not plain text.
    public static func parse(kinds: String?, tool: String?, agent: String?) throws -> EventFilter {
        var patterns: [String] = []
        if let kinds {
            for raw in kinds.split(separator: ",", omittingEmptySubsequences: false) {
                let kind = String(raw)
                guard isActionPattern(kind) else {
                    throw WardenError.invalidInput("kinds must be action names or prefixes like tool.call, tool.* or *, comma separated; got '\(kind.prefix(64))'")
                }
                patterns.append(kind)
            }
        }
        return EventFilter(kinds: patterns.contains("*") ? [] : patterns, tool: try name(tool, "tool"), agent: try name(agent, "agent"))
    }

    /// Whether `event` passes the filter.
    public func matches(_ event: AuditEvent) -> Bool {
        if let actor, event.actor != actor { return false }
        if !kinds.isEmpty, !kinds.contains(where: { Self.kind($0, matches: event.action) }) { return false }
        if let tool, !Self.subject(event.subject, names: "tool:", tool) { return false }
        if let agent, event.actor != agent, !Self.subject(event.subject, names: "agent:", agent) { return false }
        return true
    }

    static func kind(_ pattern: String, matches action: String) -> Bool {
        if pattern.hasSuffix(".*") { return action.hasPrefix(pattern.dropLast()) }
        return action == pattern
    }

    /// `subject` is `PREFIX + name`, optionally followed by `@version`.
    static func subject(_ subject: String, names prefix: String, _ name: String) -> Bool {
        guard subject.hasPrefix(prefix) else { return false }
        let rest = subject.dropFirst(prefix.count)
        guard rest.hasPrefix(name) else { return false }
        let after = rest.dropFirst(name.count)
        return after.isEmpty || after.first == "@"
    }

    static func isActionPattern(_ s: String) -> Bool {
        if s == "*" { return true }
        var body = Substring(s)
        if body.hasSuffix(".*") { body = body.dropLast(2) }
        guard !body.isEmpty, body.utf8.count <= 64 else { return false }
        return body.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
        }
    }

    static func name(_ value: String?, _ field: String) throws -> String? {
        guard let value else { return nil }
        guard !value.isEmpty, value.utf8.count <= 128,
              value.unicodeScalars.allSatisfy({ !$0.properties.isWhitespace && $0.value >= 0x20 && $0 != "@" && $0.value != 0x7F }) else {
            throw WardenError.invalidInput("\(field) must be a name of 1 to 128 characters without spaces or '@'")
        }
        return value
    }
}
