import Foundation

/// A compiled schema: compile once, validate many instances, share across tasks.
///
/// Supports JSON Schema draft 2020-12 (the default) and draft-07, chosen by `$schema`.
/// ```swift
/// let validator = try SchemaValidator(schema: try JSONValue.parse(#"{"type": "string"}"#))
/// validator.isValid("hello")            // true
/// validator.validate(42).errors         // [/: expected string, got number (at /type)]
/// ```
public struct SchemaValidator: Sendable {
    let root: SchemaNode
    let usesDynamicScope: Bool
    let options: ValidationOptions

    /// Compiles `schema`, resolving every `$ref` now: against the schema itself, `registry`, and the
    /// bundled 2020-12 and draft-07 meta-schemas. No network access is made.
    /// - Throws: ``SchemaCompileError`` when the schema is not a valid schema, a `$ref` cannot be
    ///   resolved, a `pattern` is not a regular expression, or references loop without consuming
    ///   the instance.
    public init(schema: JSONValue, options: ValidationOptions = .init(), registry: SchemaRegistry = .init()) throws {
        switch schema {
        case .object, .bool: break
        default: throw SchemaCompileError(location: "", message: "a schema must be a JSON object or a Boolean")
        }
        let compiler = SchemaCompiler(registry: registry, options: options)
        root = try compiler.compileRoot(schema)
        usesDynamicScope = compiler.usesDynamicRef
        self.options = options
    }

    /// Whether `instance` is valid: the fast path, which stops at the first failure and collects
    /// no errors.
    public func isValid(_ instance: JSONValue) -> Bool {
        let context = ValidationContext(collect: false, trackScope: usesDynamicScope, options: options)
        var evaluated = Evaluated()
        return context.validate(root, instance, &evaluated, track: false)
    }

    /// Validates `instance` against the compiled schema, reporting every error with its instance and
    /// keyword locations.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        if isValid(instance) { return ValidationResult(errors: []) }
        let context = ValidationContext(collect: true, trackScope: usesDynamicScope, options: options)
        var evaluated = Evaluated()
        _ = context.validate(root, instance, &evaluated, track: false)
        if context.errors.isEmpty {
            return ValidationResult(errors: [
                ValidationError(instanceLocation: "", keywordLocation: "", message: "the instance is not valid")
            ])
        }
        return ValidationResult(errors: context.errors)
    }

    /// Validates `schema` against the meta-schema its `$schema` names (draft 2020-12 when absent or
    /// unknown; draft-07 for draft-07, -06 and -04).
    public static func checkSchema(_ schema: JSONValue) -> ValidationResult {
        switch schema {
        case .bool: return ValidationResult(errors: [])
        case .object(let o):
            if case .string(let s) = o["$schema"], Dialect.known(s)?.draft == .draft7 {
                return metaValidatorDraft7.validate(schema)
            }
            return metaValidator2020.validate(schema)
        default:
            return ValidationResult(errors: [
                ValidationError(instanceLocation: "", keywordLocation: "/type", message: "a schema must be a JSON object or a Boolean")
            ])
        }
    }

    /// The validator for draft 2020-12 schemas (the meta-schema itself, compiled once).
    public static let metaValidator2020: SchemaValidator = metaValidator(MetaSchemas.draft2020URI)
    /// The validator for draft-07 schemas.
    public static let metaValidatorDraft7: SchemaValidator = metaValidator(MetaSchemas.draft7URI)

    private static func metaValidator(_ uri: String) -> SchemaValidator {
        // The bundled meta-schemas are known to compile; `true` is only a formal fallback.
        if let schema = MetaSchemas.document(uri), let v = try? SchemaValidator(schema: schema) { return v }
        // Formally reachable only if the bundled text were corrupt.
        return (try? SchemaValidator(schema: .bool(true))) ?? SchemaValidator(trivial: ())
    }

    private init(trivial: ()) {
        root = SchemaNode(resource: SchemaResource(uri: SchemaCompiler.rootURI))
        root.constant = true
        usesDynamicScope = false
        options = .init()
    }
}
