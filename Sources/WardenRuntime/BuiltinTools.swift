import WardenCore

/// The tools that ship with Warden (the counterpart of `MCPToolService._register_initial_tools()`).
/// They are recorded at first start, approved by the bootstrap administrator, and governed like any other.
public enum BuiltinTools {
    static func define(name: String, title: String, description: String, purpose: String, input: JSONValue,
                       output: JSONValue, guidelines: String, limitations: [String], useCases: [String],
                       reads: [SensitivityLevel], returns: [SensitivityLevel]) -> ToolDefinition {
        ToolDefinition(
            name: name, version: SemanticVersion("1.0.0")!, title: title, description: description, purpose: purpose,
            justification: "Shipped with Warden as a safe, dependency-free built-in.",
            provider: ToolProvider(kind: .builtin, origin: .internal, builtin: name), useCases: useCases,
            dataRequirements: .init(reads: reads, returns: returns), inputSchema: input, outputSchema: output,
            requiredCredentials: [], requiredRole: .agent, rateLimit: .init(requests: 600, perSeconds: 60), timeoutMs: 2000,
            owner: "warden", usageGuidelines: guidelines, limitations: limitations, idempotent: true)
    }

    /// The built-in definitions, version 1.0.0 each.
    public static let definitions: [ToolDefinition] = [
        define(
            name: "time.now", title: "Current time",
            description: "Returns the current date and time in a given IANA time zone.",
            purpose: "Agents need the current time to reason about schedules and deadlines.",
            input: ["type": "object", "additionalProperties": false,
                    "properties": ["timeZone": ["type": "string", "maxLength": 64, "description": "IANA zone, e.g. Europe/Paris; default UTC"]]],
            output: ["type": "object", "additionalProperties": false, "required": ["iso8601", "timeZone", "utcOffsetSeconds"],
                     "properties": ["iso8601": ["type": "string"], "timeZone": ["type": "string"],
                                    "utcOffsetSeconds": ["type": "integer"]]],
            guidelines: "Call when the user's question depends on today's date or the time of day.",
            limitations: ["Uses the server's clock."], useCases: ["Answer 'what time is it in Tokyo?'"],
            reads: [.public], returns: [.public]),
        define(
            name: "math.evaluate", title: "Arithmetic evaluator",
            description: "Evaluates an arithmetic expression with + - * / % ^ and parentheses, exactly and safely (no code execution).",
            purpose: "Language models make arithmetic mistakes; this computes exactly.",
            input: ["type": "object", "additionalProperties": false, "required": ["expression"],
                    "properties": ["expression": ["type": "string", "minLength": 1, "maxLength": 1000]]],
            output: ["type": "object", "additionalProperties": false, "required": ["value"],
                     "properties": ["value": ["type": "number"]]],
            guidelines: "Use for any calculation whose result matters.",
            limitations: ["No variables or functions; numbers are IEEE doubles."], useCases: ["Compute a total price with tax"],
            reads: [.public], returns: [.public]),
        define(
            name: "text.redact", title: "Redact personal data",
            description: "Replaces e-mail addresses and phone numbers in a text with placeholders.",
            purpose: "Lets agents pass text on to less trusted parties without personal contact data.",
            input: ["type": "object", "additionalProperties": false, "required": ["text"],
                    "properties": ["text": ["type": "string", "maxLength": 100_000]]],
            output: ["type": "object", "additionalProperties": false, "required": ["text", "redactions"],
                     "properties": ["text": ["type": "string"], "redactions": ["type": "integer", "minimum": 0]]],
            guidelines: "Use before sharing user-provided text with external agents or tools.",
            limitations: ["Finds e-mail addresses and phone numbers only, not names or addresses."],
            useCases: ["Minimize data before an A2A hand-off"],
            reads: [.confidential], returns: [.internal]),
    ]
}
