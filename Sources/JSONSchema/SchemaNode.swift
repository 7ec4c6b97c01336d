import Foundation

/// One compiled schema: every keyword pre-parsed so validation never looks at schema JSON again.
///
/// Nodes form a graph (`$ref` cycles are allowed when they consume instance structure). They are
/// built and linked by ``SchemaCompiler`` and never mutated after compilation, which is what makes
/// sharing them across tasks safe.
final class SchemaNode: @unchecked Sendable {
    struct TypeMask: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = TypeMask(rawValue: 1)
        static let boolean = TypeMask(rawValue: 2)
        static let object = TypeMask(rawValue: 4)
        static let array = TypeMask(rawValue: 8)
        static let number = TypeMask(rawValue: 16)
        static let string = TypeMask(rawValue: 32)
        static let integer = TypeMask(rawValue: 64)
    }

    /// `true`/`false` for a Boolean schema.
    var constant: Bool?
    /// Absolute URI of this schema (base URI + `#` + pointer within its resource).
    var absoluteLocation: String = ""
    var resource: SchemaResource

    var types: TypeMask = []
    var typeNames: [String] = []
    var enumValues: [JSONValue]?
    var constValue: JSONValue?

    var minimum: JSONNumber?
    var maximum: JSONNumber?
    var exclusiveMinimum: JSONNumber?
    var exclusiveMaximum: JSONNumber?
    var multipleOf: JSONNumber?

    var minLength: Int?
    var maxLength: Int?
    var pattern: PatternRegex?
    var format: FormatChecker.Format?
    var formatName: String = ""
    /// Draft-07 content assertions (`contentEncoding: base64`, `contentMediaType: application/json`).
    var contentBase64 = false
    var contentJSON = false

    var minItems: Int?
    var maxItems: Int?
    var uniqueItems = false
    var prefixItems: [SchemaNode] = []
    var prefixKeyword = "prefixItems"
    var items: SchemaNode?
    var itemsKeyword = "items"
    var contains: SchemaNode?
    var minContains = 1
    var maxContains: Int?

    var properties: [String: SchemaNode] = [:]
    var patternProperties: [(regex: PatternRegex, node: SchemaNode)] = []
    var additionalProperties: SchemaNode?
    var required: [String] = []
    var dependentRequired: [(property: String, required: [String])] = []
    var dependentSchemas: [(property: String, node: SchemaNode)] = []
    var dependentSchemasKeyword = "dependentSchemas"
    var dependentRequiredKeyword = "dependentRequired"
    var propertyNames: SchemaNode?
    var minProperties: Int?
    var maxProperties: Int?

    var allOf: [SchemaNode] = []
    var anyOf: [SchemaNode] = []
    var oneOf: [SchemaNode] = []
    var not: SchemaNode?
    var ifNode: SchemaNode?
    var thenNode: SchemaNode?
    var elseNode: SchemaNode?

    var ref: SchemaNode?
    var dynamicRef: SchemaNode?
    /// The anchor name a `$dynamicRef` looks up in the dynamic scope (nil: it behaves as `$ref`).
    var dynamicRefAnchor: String?

    var unevaluatedProperties: SchemaNode?
    var unevaluatedItems: SchemaNode?

    var hasNumberKeywords = false
    var hasStringKeywords = false
    var hasArrayKeywords = false
    var hasObjectKeywords = false
    var hasApplicators = false

    init(resource: SchemaResource) { self.resource = resource }

    /// Every subschema applied to the same instance location (edges that cannot make progress
    /// through the instance, so a cycle of them would recurse forever).
    var inPlaceChildren: [SchemaNode] {
        var out: [SchemaNode] = []
        if let ref { out.append(ref) }
        if let dynamicRef { out.append(dynamicRef) }
        out += allOf
        out += anyOf
        out += oneOf
        if let not { out.append(not) }
        if let ifNode { out.append(ifNode) }
        if let thenNode { out.append(thenNode) }
        if let elseNode { out.append(elseNode) }
        out += dependentSchemas.map(\.node)
        return out
    }

    func finish() {
        hasNumberKeywords = minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil
            || multipleOf != nil
        hasStringKeywords = minLength != nil || maxLength != nil || pattern != nil || format != nil || contentBase64 || contentJSON
        hasArrayKeywords = minItems != nil || maxItems != nil || uniqueItems || !prefixItems.isEmpty || items != nil
            || contains != nil || unevaluatedItems != nil
        hasObjectKeywords = !properties.isEmpty || !patternProperties.isEmpty || additionalProperties != nil
            || !required.isEmpty || !dependentRequired.isEmpty || !dependentSchemas.isEmpty || propertyNames != nil
            || minProperties != nil || maxProperties != nil || unevaluatedProperties != nil
        hasApplicators = !allOf.isEmpty || !anyOf.isEmpty || !oneOf.isEmpty || not != nil || ifNode != nil
    }
}
