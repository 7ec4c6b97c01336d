/// Lints the input and output schemas for the gaps that let an agent send or receive more than the tool needs.
///
/// Rules (codes in ``CheckFindingCode``), applied to every subschema ``SchemaWalker`` lists at a *shape*
/// position (not under `not`, `if`, `contains`, `propertyNames` or `contentSchema`, where closing or bounding a
/// schema would change what the condition means):
/// - `schema.invalid` (high): the schema fails its meta-schema, or does not compile (at most 10 per schema).
/// - `schema.root_not_object` (high): the top level is not `"type": "object"`.
/// - `schema.open_object` (medium): an object schema (`type` includes `object`, or no `type` and `properties` or
///   `patternProperties`) that neither sets `additionalProperties: false` nor `unevaluatedProperties: false`
///   (the way to close a schema composed with `allOf`) nor explains itself in ``openReasonKeyword``.
/// - `schema.unbounded_string` (medium): `type` includes `string` and there is no `maxLength`, `enum` or `const`.
///   `format` is not accepted as a bound: Warden validates with `format` as an annotation, so a "date" of a
///   megabyte passes; nor is `pattern` (telling a bounded pattern apart would need a regex analysis).
/// - `schema.unbounded_array` (medium): `type` includes `array` and there is no `maxItems`, `enum`, `const` or
///   closed tuple (`prefixItems` with `items: false`).
/// - `schema.missing_required` (low): an object schema with `properties` and no `required` (`"required": []` is
///   an explicit choice and accepted).
/// - `schema.unbounded_recursion` (high): JSON Schema has no keyword that limits how deep an instance nests, so a
///   `$ref` that leads back to a schema it is itself inside (directly, like `"$ref": "#"`, or through other
///   `$ref`s) lets arguments nest without limit. Each such cycle is reported once, at the `$ref` that closes it,
///   unless the `$ref`'s target declares the depth the tool handles in ``maxDepthKeyword`` — then it is
///   `schema.declared_recursion` (info; a declaration for reviewers, not enforced by validation). Only references
///   inside the document are followed (`#`, `#/pointer`, `#anchor`); remote URIs and embedded `$id` resources are not.
/// - `schema.unresolved_ref` (medium): a local `$ref` that leads nowhere.
/// - `schema.too_deep`, `schema.too_large` (medium): the walk's bounds (64 levels of subschemas, 10,000
///   subschemas) were reached, so part of the schema was not linted. With at most 200 findings per check, the work
///   is linear in the size of the schema for any input.
///
/// A bound counts when the subschema sets it, when all its `allOf` members together or all its `anyOf`/`oneOf`
/// branches set it, or when an in-place parent (`allOf`, `anyOf`, `oneOf`, `then`, `else`, `dependentSchemas`)
/// sets it for the same instance.
public struct SchemaLintCheck: OnboardingCheck {
    /// The keyword with which an object schema says why it stays open, e.g.
    /// `"x-warden-open-reason": "labels are free-form key/value pairs chosen by the caller"`. A non-empty string.
    public static let openReasonKeyword = "x-warden-open-reason"
    /// The keyword with which a recursive schema declares the depth the tool handles (a positive integer).
    public static let maxDepthKeyword = "x-warden-max-depth"

    public let name = "schema_lint"
    public let version = "1"

    public init() {}

    /// Lints `definition.inputSchema` and `definition.outputSchema`; the context is not used.
    public func run(_ definition: ToolDefinition, context: CheckContext) -> CheckResult {
        var findings = FindingCollector()
        lint(definition.inputSchema, at: "/inputSchema", into: &findings)
        if let output = definition.outputSchema { lint(output, at: "/outputSchema", into: &findings) }
        return findings.result(of: self)
    }

    private func lint(_ schema: JSONValue, at base: String, into findings: inout FindingCollector) {
        checkValidity(schema, at: base, into: &findings)
        if schema["type"] != .string("object") {
            findings.add(.schemaRootNotObject, .high, "The schema's top level is not an object schema",
                         detail: "MCP requires \"type\": \"object\" at the top level of input and output schemas.",
                         pointer: base)
        }
        let walk = SchemaWalker.walk(schema, base: base)
        var effective: [SchemaBounds] = []
        effective.reserveCapacity(walk.nodes.count)
        for node in walk.nodes {
            var bounds = SchemaBounds.of(node.value)
            if node.inPlace, let p = node.parent { bounds.formUnion(effective[p]) }
            effective.append(bounds)
            guard node.position == .shape, case .object(let members) = node.value else { continue }
            lintNode(members, bounds: bounds, at: node.pointer, into: &findings)
        }
        let complete = !walk.truncated && walk.tooDeepCount == 0
        let recursion = SchemaRecursionDetector.analyse(walk, document: schema, walkIsComplete: complete)
        for c in recursion.cycles {
            if let depth = c.declaredDepth {
                findings.add(.schemaDeclaredRecursion, .info, "A recursive schema declares a depth of \(depth)",
                             detail: "The $ref leads back to \(c.targetPointer), which contains it; \(Self.maxDepthKeyword) "
                                 + "is a declaration for reviewers, not enforced by validation.",
                             pointer: c.refPointer)
            } else {
                findings.add(.schemaUnboundedRecursion, .high, "A $ref makes the schema recursive without a bound",
                             detail: "The $ref leads back to \(c.targetPointer), which contains it, so arguments may nest "
                                 + "without limit. Flatten the structure, or declare the depth the tool handles with "
                                 + "\(Self.maxDepthKeyword) on the target.",
                             pointer: c.refPointer)
            }
        }
        for u in recursion.unresolved {
            findings.add(.schemaUnresolvedRef, .medium, "A $ref points at nothing in the schema",
                         pointer: u.pointer, span: u.ref)
        }
        if walk.tooDeepCount > 0 {
            findings.add(.schemaTooDeep, .medium, "The schema nests deeper than \(SchemaWalker.maxDepth) levels",
                         detail: "\(walk.tooDeepCount) subschemas below that depth were not linted; review them by hand.",
                         pointer: walk.tooDeep.first)
        }
        if walk.truncated {
            findings.add(.schemaTooLarge, .medium, "The schema has more than \(SchemaWalker.maxNodes) subschemas",
                         detail: "Only the first \(SchemaWalker.maxNodes) were linted; review the rest by hand.", pointer: base)
        }
    }

    private func checkValidity(_ schema: JSONValue, at base: String, into findings: inout FindingCollector) {
        let check = SchemaValidator.checkSchema(schema)
        for e in check.errors.prefix(10) {
            findings.add(.schemaInvalid, .high, "The schema is not a valid JSON Schema", detail: e.message,
                         pointer: base + e.instanceLocation)
        }
        guard check.isValid else { return }
        do { _ = try SchemaValidator(schema: schema) } catch let e as SchemaCompileError {
            findings.add(.schemaInvalid, .high, "The schema does not compile", detail: e.message, pointer: base + e.location)
        } catch {
            findings.add(.schemaInvalid, .high, "The schema does not compile", detail: "\(error)", pointer: base)
        }
    }

    private func lintNode(_ m: [String: JSONValue], bounds: SchemaBounds, at pointer: String,
                          into findings: inout FindingCollector) {
        let types = Self.types(m)
        let hasProperties = !(m["properties"]?.objectValue?.isEmpty ?? true)
        let isObject = types.contains("object") || (types.isEmpty && (m["properties"] != nil || m["patternProperties"] != nil))
        if isObject, !bounds.contains(.closedObject) {
            let badReason = m[Self.openReasonKeyword] != nil
            findings.add(.schemaOpenObject, .medium, "An object schema accepts properties it does not name",
                         detail: (badReason ? "\(Self.openReasonKeyword) must be a non-empty string. " : "")
                             + "Add \"additionalProperties\": false (or \"unevaluatedProperties\": false when it is "
                             + "composed with allOf), or say why it is open in \(Self.openReasonKeyword).",
                         pointer: pointer)
        }
        if types.contains("string"), !bounds.contains(.boundedString) {
            findings.add(.schemaUnboundedString, .medium, "A string has no maximum length",
                         detail: "Add maxLength (or enum/const); format does not bound a string's length.", pointer: pointer)
        }
        if types.contains("array"), !bounds.contains(.boundedArray) {
            findings.add(.schemaUnboundedArray, .medium, "An array has no maximum number of items",
                         detail: "Add maxItems (or enum/const, or prefixItems with items: false).", pointer: pointer)
        }
        if isObject, hasProperties, !bounds.contains(.declaresRequired) {
            findings.add(.schemaMissingRequired, .low, "An object schema does not say which properties are required",
                         detail: "Add \"required\" (an empty list when every property is optional).", pointer: pointer)
        }
    }

    /// The names in `type`, whether it is one name or a list.
    private static func types(_ m: [String: JSONValue]) -> Set<String> {
        switch m["type"] {
        case .string(let t)?: [t]
        case .array(let list)?: Set(list.compactMap(\.stringValue))
        default: []
        }
    }
}
