/// The one error vocabulary of Warden. Every transport maps it to its own wire form.
public struct WardenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable machine-readable code.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case unauthenticated
        case forbidden
        case invalidInput = "invalid_input"
        case invalidOutput = "invalid_output"
        case payloadTooLarge = "payload_too_large"
        case rateLimited = "rate_limited"
        case circuitOpen = "circuit_open"
        case upstreamUnavailable = "upstream_unavailable"
        /// The upstream answered, but refused the call (e.g. HTTP 4xx); retrying will not help.
        case upstreamRejected = "upstream_rejected"
        case timeout
        case notFound = "not_found"
        case conflict
        case approvalRuleUnmet = "approval_rule_unmet"
        case toolInactive = "tool_inactive"
        case unsupportedMediaType = "unsupported_media_type"
        /// A data-handling rule forbids the exchange as a whole (e.g. data residency, or a level whose
        /// minimization action is `refuse`); retrying will not help, changing the data or the receiver will.
        case policyViolation = "policy_violation"
        case `internal`
    }

    public var code: Code
    /// A message for a person: what went wrong and, where possible, what to do next. Never holds a secret.
    public var message: String
    /// Optional structured detail (for example the current state on a `conflict`).
    public var details: [String: String]

    public init(_ code: Code, _ message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code.rawValue): \(message)" }

    public static func invalidInput(_ message: String) -> WardenError { .init(.invalidInput, message) }
    public static func notFound(_ message: String) -> WardenError { .init(.notFound, message) }
    public static func conflict(_ message: String, details: [String: String] = [:]) -> WardenError {
        .init(.conflict, message, details: details)
    }
    public static func forbidden(_ message: String) -> WardenError { .init(.forbidden, message) }
    public static func policyViolation(_ message: String, details: [String: String] = [:]) -> WardenError {
        .init(.policyViolation, message, details: details)
    }
}
