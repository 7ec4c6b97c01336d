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

    public init(principal: Principal, toolName: String, arguments: JSONValue, requestID: String, transport: String) {
        self.principal = principal
        self.toolName = toolName
        self.arguments = arguments
        self.requestID = requestID
        self.transport = transport
    }
}

/// What a tool returned.
public struct ToolResult: Sendable, Equatable {
    /// The structured output, checked against the output schema when the tool has one.
    public var structuredContent: JSONValue?
    /// The output as text for the model.
    public var text: String

    public init(structuredContent: JSONValue?, text: String) {
        self.structuredContent = structuredContent
        self.text = text
    }

    /// A result whose text is the canonical JSON of `structured`.
    public init(structured: JSONValue) {
        self.init(structuredContent: structured, text: structured.canonicalString)
    }
}
