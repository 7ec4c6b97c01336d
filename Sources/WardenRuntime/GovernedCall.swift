import WardenCore

/// A call to a governed tool as every transport hands it to the pipeline.
public struct GovernedCall: Sendable {
    /// The authenticated caller.
    public var principal: Principal
    public var toolName: String
    public var arguments: JSONValue
    public var requestID: String
    /// Which transport the call came through (`mcp`, `mcp-stdio`, `a2a`, `admin`), for the record.
    public var transport: String
    /// The caller's trace (W3C Trace Context), or a new one.
    public var trace: TraceContext
    /// Whether ``trace`` came from the caller: a traced call's span is then the child of the caller's span; otherwise
    /// the span starts a trace of its own and the call takes that trace's id.
    public var continuesCallerTrace: Bool
    /// For a fallback call: the tool whose provider could not answer; a fallback call does not fall back again.
    public var fallbackFor: String?

    /// The call being performed, for performers that record their own interactions (the A2A performer audits each
    /// agent it tries under the call's request id and caller).
    @TaskLocal public static var current: GovernedCall?

    public init(principal: Principal, toolName: String, arguments: JSONValue, requestID: String, transport: String,
                trace: TraceContext? = nil) {
        self.principal = principal
        self.toolName = toolName
        self.arguments = arguments
        self.requestID = requestID
        self.transport = transport
        self.trace = trace ?? .random()
        self.continuesCallerTrace = trace != nil
    }
}

/// What a tool returned.
public struct ToolResult: Sendable, Equatable {
    /// The structured output, checked against the output schema when the tool has one.
    public var structuredContent: JSONValue?
    /// The output as text for the model.
    public var text: String
    /// The MCP content blocks an upstream MCP tool returned (text, image, resource links...), passed on as they are;
    /// nil for tools whose only content is `text`.
    public var content: [JSONValue]?
    /// The tool itself reported a failure (MCP `isError`): the model should see it, but it is not a governance
    /// refusal, and its output is not checked against the output schema.
    public var isError: Bool
    /// The tool that answered instead, when the provider could not and the call fell back.
    public var fallback: String?

    public init(structuredContent: JSONValue?, text: String, content: [JSONValue]? = nil, isError: Bool = false) {
        self.structuredContent = structuredContent
        self.text = text
        self.content = content
        self.isError = isError
    }

    /// A result whose text is the canonical JSON of `structured`.
    public init(structured: JSONValue) {
        self.init(structuredContent: structured, text: structured.canonicalString)
    }
}
