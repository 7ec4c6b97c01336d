import WardenCore

/// The implementation of a tool that ships with Warden (see ``BuiltinTools`` for the definitions).
public protocol BuiltinTool: Sendable {
    /// The tool's name, as in its definition.
    var name: String { get }

    /// Runs the tool on its arguments.
    /// - Returns: the structured output, matching the definition's output schema.
    /// - Throws: `WardenError(.invalidInput)` when the arguments are not acceptable.
    func call(_ arguments: JSONValue) async throws -> JSONValue
}

extension BuiltinTool {
    /// The members of `arguments`, which must be an object with no member outside `allowed`.
    /// - Throws: `invalid_input` naming the tool and the problem.
    func members(of arguments: JSONValue, allowed: [String]) throws(WardenError) -> [String: JSONValue] {
        guard case .object(let members) = arguments else {
            throw .invalidInput("\(name): the arguments must be a JSON object, not \(arguments.typeName)")
        }
        for key in members.keys where !allowed.contains(key) {
            throw .invalidInput("\(name): unknown argument '\(key.prefix(64))'; expected only \(allowed.map { "'\($0)'" }.joined(separator: ", "))")
        }
        return members
    }

    /// The string argument `key`: `nil` when absent.
    /// - Throws: `invalid_input` when present but not a string.
    func string(_ key: String, in members: [String: JSONValue]) throws(WardenError) -> String? {
        guard let value = members[key] else { return nil }
        guard case .string(let s) = value else {
            throw .invalidInput("\(name): '\(key)' must be a string, not \(value.typeName)")
        }
        return s
    }
}
