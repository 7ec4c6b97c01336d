import WardenCore

/// `math.evaluate`: `{"expression": "2 * (3 + 4)"}` gives `{"value": 14}`.
/// See ``ArithmeticEvaluator`` for the grammar and bounds.
public struct MathEvaluateTool: BuiltinTool {
    /// The tool's name, as in ``BuiltinTools``.
    public let name = "math.evaluate"

    /// The evaluator; it holds no state.
    public init() {}

    /// - Throws: `invalid_input` for a malformed, too long or too deeply nested expression, and for a
    ///   result that is not a finite number (division by zero, overflow).
    public func call(_ arguments: JSONValue) async throws -> JSONValue {
        let args = try members(of: arguments, allowed: ["expression"])
        guard let expression = try string("expression", in: args) else {
            throw WardenError.invalidInput("\(name): 'expression' is required, e.g. {\"expression\": \"2 * (3 + 4)\"}")
        }
        do {
            let value = try ArithmeticEvaluator.evaluate(expression)
            // -0 reads as 0 to a person.
            return ["value": .number(JSONNumber(value == 0 ? 0 : value))]
        } catch {
            throw WardenError.invalidInput("\(name): \(error.message)")
        }
    }
}
