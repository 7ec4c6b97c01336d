import WardenCore

/// Stages "validate input" and "validate output": the tool's compiled JSON Schemas.
public enum SchemaCheck {
    /// - Throws: `invalid_input` listing up to five problems with their JSON Pointers.
    public static func input(_ arguments: JSONValue, for tool: ServingTool) throws {
        let result = tool.inputValidator.validate(arguments)
        guard result.isValid else {
            throw WardenError.invalidInput("the arguments do not match \(tool.definition.name)'s input schema: " + summary(result))
        }
    }

    /// A result the tool itself marked `isError` is not checked.
    /// - Throws: `invalid_output` when the tool declared an output schema and its structured output is missing or
    ///   does not match it. The output itself is never passed on.
    public static func output(_ result: ToolResult, for tool: ServingTool) throws {
        guard let validator = tool.outputValidator, !result.isError else { return }
        guard let structured = result.structuredContent else {
            throw WardenError(.invalidOutput, "\(tool.definition.name) returned no structured output although it declares an output schema")
        }
        let check = validator.validate(structured)
        guard check.isValid else {
            throw WardenError(.invalidOutput, "\(tool.definition.name) returned output that does not match its output schema: " + summary(check))
        }
    }

    static func summary(_ r: ValidationResult) -> String {
        r.errors.prefix(5).map { "\($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation): \($0.message)" }
            .joined(separator: "; ")
    }
}
