import Foundation
import Testing
import WardenCore

@Suite struct SchemaLintCheckTests {
    let check = SchemaLintCheck()

    func lint(input: JSONValue, output: JSONValue? = nil) -> CheckResult {
        var d = checkedDefinition()
        d.inputSchema = input
        d.outputSchema = output
        return check.run(d, context: checkedContext)
    }

    struct Expected: Sendable {
        var schema: JSONValue
        var code: CheckFindingCode
        var pointer: String
    }

    static let str: JSONValue = ["type": "string", "maxLength": 10]

    static let bad: [Case<Expected>] = [
        Case("root object open", Expected(
            schema: ["type": "object", "properties": ["a": str], "required": ["a"]],
            code: .schemaOpenObject, pointer: "/inputSchema")),
        Case("nested object open", Expected(
            schema: objectSchema(["address": ["type": "object", "properties": ["zip": str], "required": ["zip"]]]),
            code: .schemaOpenObject, pointer: "/inputSchema/properties/address")),
        Case("object in items open", Expected(
            schema: objectSchema(["list": ["type": "array", "maxItems": 3, "items": ["type": "object"]]]),
            code: .schemaOpenObject, pointer: "/inputSchema/properties/list/items")),
        Case("object in $defs open", Expected(
            schema: ["type": "object", "properties": [:], "required": [], "additionalProperties": false,
                     "$defs": ["thing": ["type": "object", "properties": ["a": str], "required": ["a"]]]],
            code: .schemaOpenObject, pointer: "/inputSchema/$defs/thing")),
        Case("anyOf branch open", Expected(
            schema: objectSchema(["x": ["type": "array", "maxItems": 2, "items": ["anyOf": [
                ["type": "object", "properties": ["a": str], "required": ["a"], "additionalProperties": false],
                ["type": "object", "properties": ["b": str], "required": ["b"]],
            ]]]]),
            code: .schemaOpenObject, pointer: "/inputSchema/properties/x/items/anyOf/1")),
        Case("empty open reason does not count", Expected(
            schema: objectSchema(["m": ["type": "object", "x-warden-open-reason": " ", "additionalProperties": str]]),
            code: .schemaOpenObject, pointer: "/inputSchema/properties/m")),
        Case("output schema open", Expected(
            schema: ["type": "object", "properties": ["a": str], "required": ["a"]],
            code: .schemaOpenObject, pointer: "/outputSchema")),
        Case("string without maxLength", Expected(
            schema: objectSchema(["city": ["type": "string"]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/city")),
        Case("nullable string without maxLength", Expected(
            schema: objectSchema(["city": ["type": ["string", "null"]]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/city")),
        Case("format is no bound", Expected(
            schema: objectSchema(["day": ["type": "string", "format": "date"]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/day")),
        Case("string in additionalProperties of an explained open map", Expected(
            schema: objectSchema(["labels": ["type": "object", "x-warden-open-reason": "free-form labels", "maxProperties": 5,
                                             "additionalProperties": ["type": "string"]]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/labels/additionalProperties")),
        Case("string in prefixItems", Expected(
            schema: objectSchema(["pair": ["type": "array", "prefixItems": [str, ["type": "string"]], "items": false]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/pair/prefixItems/1")),
        Case("string in patternProperties", Expected(
            schema: objectSchema(["m": ["type": "object", "patternProperties": ["^x-": ["type": "string"]],
                                        "additionalProperties": false]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/m/patternProperties/^x-")),
        Case("string in then", Expected(
            schema: ["type": "object", "properties": ["a": str], "required": ["a"], "additionalProperties": false,
                     "if": ["properties": ["a": ["const": "x"]]], "then": ["properties": ["a": ["type": "string"]]]],
            code: .schemaUnboundedString, pointer: "/inputSchema/then/properties/a")),
        Case("string in dependentSchemas", Expected(
            schema: ["type": "object", "properties": ["a": str, "b": ["type": "string"]], "required": [],
                     "additionalProperties": false, "dependentSchemas": ["a": ["properties": ["b": ["type": "string"]]]]],
            code: .schemaUnboundedString, pointer: "/inputSchema/dependentSchemas/a/properties/b")),
        Case("pointer tokens are escaped", Expected(
            schema: objectSchema(["a/b~c": ["type": "string"]]),
            code: .schemaUnboundedString, pointer: "/inputSchema/properties/a~1b~0c")),
        Case("array without maxItems", Expected(
            schema: objectSchema(["tags": ["type": "array", "items": str]]),
            code: .schemaUnboundedArray, pointer: "/inputSchema/properties/tags")),
        Case("properties without required", Expected(
            schema: ["type": "object", "properties": ["a": str], "additionalProperties": false],
            code: .schemaMissingRequired, pointer: "/inputSchema")),
        Case("top level not an object", Expected(
            schema: ["type": "string", "maxLength": 3],
            code: .schemaRootNotObject, pointer: "/inputSchema")),
        Case("not a valid schema", Expected(
            schema: objectSchema(["a": ["type": "strung"]]),
            code: .schemaInvalid, pointer: "/inputSchema/properties/a/type")),
        Case("recursion through $defs", Expected(
            schema: ["type": "object", "properties": ["tree": ["$ref": "#/$defs/node"]], "required": ["tree"],
                     "additionalProperties": false,
                     "$defs": ["node": objectSchema(["children": ["type": "array", "maxItems": 5, "items": ["$ref": "#/$defs/node"]]])]],
            code: .schemaUnboundedRecursion, pointer: "/inputSchema/$defs/node/properties/children/items/$ref")),
        Case("recursion to the root", Expected(
            schema: objectSchema(["again": ["$ref": "#"]]),
            code: .schemaUnboundedRecursion, pointer: "/inputSchema/properties/again/$ref")),
        Case("recursion through an anchor", Expected(
            schema: ["type": "object", "$anchor": "top", "properties": ["next": ["$ref": "#top"]], "required": [],
                     "additionalProperties": false],
            code: .schemaUnboundedRecursion, pointer: "/inputSchema/properties/next/$ref")),
        Case("dangling local $ref", Expected(
            schema: objectSchema(["a": ["$ref": "#/$defs/missing"]]),
            code: .schemaUnresolvedRef, pointer: "/inputSchema/properties/a/$ref")),
    ]

    @Test(arguments: bad)
    func ruleFiresWithItsPointer(_ c: Case<Expected>) {
        let forOutput = c.value.pointer.hasPrefix("/outputSchema")
        let result = forOutput ? lint(input: objectSchema([:]), output: c.value.schema) : lint(input: c.value.schema)
        #expect(result.has(c.value.code, at: c.value.pointer), "\(result.summary)")
        #expect(result.status == .findings)
    }

    static let good: [Case<JSONValue>] = [
        Case("flat closed object", objectSchema(["a": str, "n": ["type": "integer"]])),
        Case("explained open map", objectSchema(["labels": ["type": "object", "x-warden-open-reason": "free-form labels",
                                                            "additionalProperties": str]])),
        Case("allOf closed by unevaluatedProperties", ["type": "object", "unevaluatedProperties": false, "required": ["a"],
            "allOf": [["type": "object", "properties": ["a": str], "required": ["a"]],
                      ["type": "object", "properties": ["b": str], "required": []]]]),
        Case("bounded by allOf member", objectSchema(["s": ["type": "string", "allOf": [["maxLength": 4]]]])),
        Case("oneOf branches all closed", ["type": "object", "oneOf": [
            ["properties": ["a": str], "required": ["a"], "additionalProperties": false],
            ["properties": ["b": str], "required": ["b"], "additionalProperties": false]]]),
        Case("enum and const bound strings", objectSchema(["unit": ["type": "string", "enum": ["c", "f"]],
                                                           "v": ["type": "string", "const": "1"]])),
        Case("closed tuple bounds an array", objectSchema(["p": ["type": "array", "prefixItems": [str, str], "items": false]])),
        Case("explicit empty required", ["type": "object", "properties": ["a": str], "required": [], "additionalProperties": false]),
        Case("conditions are not shapes", ["type": "object", "properties": ["a": str], "required": ["a"],
            "additionalProperties": false, "not": ["type": "object", "properties": ["a": ["type": "string"]]],
            "if": ["properties": ["a": ["type": "string"]]], "then": ["required": ["a"]],
            "propertyNames": ["type": "string"]]),
        Case("non-recursive $ref", ["type": "object", "properties": ["a": ["$ref": "#/$defs/s"], "b": ["$ref": "#/$defs/s"]],
            "required": ["a", "b"], "additionalProperties": false, "$defs": ["s": str]]),
        Case("no schema at all for properties", ["type": "object", "additionalProperties": false]),
    ]

    @Test(arguments: good)
    func silentOnGoodSchemas(_ c: Case<JSONValue>) {
        let result = lint(input: c.value, output: objectSchema(["a": Self.str]))
        #expect(result.findings.isEmpty, "\(result.summary)")
        #expect(result.status == .passed)
    }

    @Test func silentOnTheCheckedDefinition() {
        let result = check.run(checkedDefinition(), context: CheckContext())
        #expect(result.status == .passed, "\(result.summary)")
        #expect(result.check == "schema_lint" && result.version == "1")
    }

    @Test func sampleDefinitionsOutputSchemaIsFlagged() {
        let result = check.run(sampleDefinition(), context: CheckContext())
        #expect(result.has(.schemaOpenObject, at: "/outputSchema"))
        #expect(result.has(.schemaUnboundedString, at: "/outputSchema/properties/forecast"))
        #expect(result.has(.schemaMissingRequired, at: "/outputSchema"))
        #expect(result.findings.count == 3, "\(result.summary)")
    }

    @Test func declaredRecursionIsInfoOnly() {
        let schema: JSONValue = ["type": "object", "properties": ["tree": ["$ref": "#/$defs/node"]], "required": ["tree"],
            "additionalProperties": false,
            "$defs": ["node": ["type": "object", "x-warden-max-depth": 8, "additionalProperties": false, "required": [],
                               "properties": ["kids": ["type": "array", "maxItems": 4, "items": ["$ref": "#/$defs/node"]]]]]]
        let result = lint(input: schema)
        #expect(result.hits.map(\.code) == ["schema.declared_recursion"], "\(result.summary)")
        #expect(result.findings.first?.severity == .info)
        #expect(result.has(.schemaDeclaredRecursion, at: "/inputSchema/$defs/node/properties/kids/items/$ref"))
    }

    @Test func severities() {
        let result = lint(input: ["type": "object", "properties": ["s": ["type": "string"], "again": ["$ref": "#"]]])
        let bySeverity = Dictionary(result.findings.map { ($0.code, $0.severity) }, uniquingKeysWith: { a, _ in a })
        #expect(bySeverity[.schemaOpenObject] == .medium)
        #expect(bySeverity[.schemaUnboundedString] == .medium)
        #expect(bySeverity[.schemaMissingRequired] == .low)
        #expect(bySeverity[.schemaUnboundedRecursion] == .high)
    }

    // MARK: Hostile schemas: the work is bounded (walk depth 64, 10,000 subschemas, 200 findings).

    @Test func deeplyNestedSchemaStopsAtTheDepthLimit() {
        var schema: JSONValue = ["type": "string", "maxLength": 1]
        for _ in 0 ..< 3000 { schema = objectSchema(["a": schema]) }
        let clock = ContinuousClock()
        var result: CheckResult?
        let elapsed = clock.measure { result = lint(input: schema) }
        #expect(result?.findings.contains { $0.code == .schemaTooDeep } == true, "\(result?.summary ?? "")")
        #expect(elapsed < .seconds(30))
    }

    @Test func hugeSchemaStopsAtTheNodeLimitAndCapsFindings() {
        var props: [String: JSONValue] = [:]
        for i in 0 ..< 12_000 { props["p\(i)"] = ["type": "string"] }
        let result = lint(input: ["type": "object", "properties": .object(props), "required": [], "additionalProperties": false])
        #expect(result.findings.count == 200)
        #expect(result.findings.last?.code == .findingsTruncated)
    }

    @Test func nodeLimitIsReported() {
        var props: [String: JSONValue] = [:]
        for i in 0 ..< 12_000 { props["p\(i)"] = ["type": "integer"] }
        let result = lint(input: ["type": "object", "properties": .object(props), "required": [], "additionalProperties": false])
        #expect(result.has(.schemaTooLarge, at: "/inputSchema"), "\(result.summary)")
    }

    @Test func longRefChainsAndMutualRefsTerminate() {
        var defs: [String: JSONValue] = [:]
        let n = 5000
        for i in 0 ..< n { defs["d\(i)"] = ["$ref": .string("#/$defs/d\((i + 1) % n)")] }
        defs["self"] = ["$ref": "#/$defs/self"]
        let schema: JSONValue = ["type": "object", "properties": ["x": ["$ref": "#/$defs/d0"]], "required": ["x"],
                                 "additionalProperties": false, "$defs": .object(defs)]
        let result = lint(input: schema)
        let cycles = result.findings.filter { $0.code == .schemaUnboundedRecursion }
        #expect(cycles.count == 2, "\(result.summary)")
        #expect(result.has(.schemaUnboundedRecursion, at: "/inputSchema/$defs/self/$ref"))
    }

    @Test func nonSchemaJSONDoesNotCrash() {
        for value: JSONValue in [.null, 3, "text", [1, 2], true, false] {
            let result = lint(input: value)
            #expect(result.status == .findings)
        }
    }
}
