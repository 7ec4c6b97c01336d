import Foundation

// PLACEHOLDER API (being replaced by the full validator of issue 3). Public names and signatures
// here are what other modules call; keep them.

/// Options for compiling a schema.
public struct ValidationOptions: Sendable {
    /// When true, `format` is an assertion (for the formats this module knows); otherwise an annotation.
    public var assertFormat: Bool
    public init(assertFormat: Bool = false) { self.assertFormat = assertFormat }
}

/// One validation error in the JSON Schema "basic" output shape.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the failing part of the instance.
    public var instanceLocation: String
    /// JSON Pointer to the failing keyword in the schema, following `$ref`s as taken.
    public var keywordLocation: String
    /// Absolute URI of the failing keyword, when known.
    public var absoluteKeywordLocation: String?
    /// A readable explanation.
    public var message: String

    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String? = nil, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    public var description: String {
        "\(instanceLocation.isEmpty ? "/" : instanceLocation): \(message) (at \(keywordLocation))"
    }
}

/// The outcome of validating one instance.
public struct ValidationResult: Sendable {
    public var isValid: Bool { errors.isEmpty }
    public var errors: [ValidationError]
    public init(errors: [ValidationError]) { self.errors = errors }

    /// The result as JSON Schema "basic" output: `{"valid": Bool, "errors": [...]}`.
    public var basicOutput: JSONValue {
        var out: [String: JSONValue] = ["valid": .bool(isValid)]
        if !errors.isEmpty {
            out["errors"] = .array(errors.map { e in
                var o: [String: JSONValue] = [
                    "instanceLocation": .string(e.instanceLocation),
                    "keywordLocation": .string(e.keywordLocation),
                    "error": .string(e.message),
                ]
                if let a = e.absoluteKeywordLocation { o["absoluteKeywordLocation"] = .string(a) }
                return .object(o)
            })
        }
        return .object(out)
    }
}

/// Why a schema could not be compiled.
public struct SchemaCompileError: Error, Sendable, CustomStringConvertible {
    /// JSON Pointer into the schema where the problem is.
    public var location: String
    public var message: String
    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }
    public var description: String { "\(location.isEmpty ? "/" : location): \(message)" }
}

/// Schemas the caller makes available to `$ref` by URI (no network access is ever made).
public struct SchemaRegistry: Sendable {
    public private(set) var documents: [String: JSONValue] = [:]
    public init() {}
    /// Makes `schema` resolvable at `uri`.
    public mutating func add(_ schema: JSONValue, at uri: String) { documents[uri] = schema }
}

/// A compiled schema: compile once, validate many instances, share across tasks.
public struct SchemaValidator: Sendable {
    let schema: JSONValue

    /// Compiles `schema`.
    /// - Throws: ``SchemaCompileError`` when the schema is not a valid schema or a `$ref` cannot be resolved.
    public init(schema: JSONValue, options: ValidationOptions = .init(), registry: SchemaRegistry = .init()) throws {
        switch schema {
        case .object, .bool: self.schema = schema
        default: throw SchemaCompileError(location: "", message: "a schema must be a JSON object or a Boolean")
        }
    }

    /// Validates `instance` against the compiled schema.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        ValidationResult(errors: [])
    }

    /// Validates `schema` against the meta-schema its `$schema` names (draft 2020-12 when absent).
    public static func checkSchema(_ schema: JSONValue) -> ValidationResult {
        switch schema {
        case .object, .bool: return ValidationResult(errors: [])
        default:
            return ValidationResult(errors: [ValidationError(instanceLocation: "", keywordLocation: "/type", message: "a schema must be a JSON object or a Boolean")])
        }
    }
}
