import Foundation
import JSONSchema
import Testing

@Suite("SchemaValidator API")
struct SchemaValidatorTests {
    static let toolSchema: JSONValue = [
        "type": "object",
        "properties": [
            "path": ["type": "string", "minLength": 1],
            "mode": ["enum": ["read", "write"]],
            "lines": ["type": "array", "items": ["$ref": "#/$defs/range"]],
        ],
        "required": ["path"],
        "additionalProperties": false,
        "$defs": ["range": ["type": "object", "properties": ["from": ["type": "integer", "minimum": 1]], "required": ["from"]]],
    ]

    @Test func validInstance() throws {
        let v = try SchemaValidator(schema: Self.toolSchema)
        let r = v.validate(["path": "/tmp/x", "mode": "read", "lines": [["from": 3]]])
        #expect(r.isValid)
        #expect(r.errors.isEmpty)
        #expect(r.basicOutput == ["valid": true])
        #expect(v.isValid(["path": "a"]))
    }

    @Test func errorsCarryLocations() throws {
        let v = try SchemaValidator(schema: Self.toolSchema)
        let r = v.validate(["mode": "delete", "lines": [["from": 0]], "extra": 1])
        #expect(!r.isValid)
        let pairs = Set(r.errors.map { "\($0.instanceLocation) \($0.keywordLocation)" })
        #expect(pairs.contains(" /required"))
        #expect(pairs.contains("/mode /properties/mode/enum"))
        #expect(pairs.contains("/lines/0/from /properties/lines/items/$ref/properties/from/minimum"))
        #expect(pairs.contains("/extra /additionalProperties"))
        for e in r.errors { #expect(!e.message.isEmpty) }
        guard case .object(let out) = r.basicOutput, case .array(let errors)? = out["errors"] else {
            Issue.record("basic output has no errors array")
            return
        }
        #expect(out["valid"] == false)
        #expect(errors.count == r.errors.count)
        #expect(errors.first?["instanceLocation"] != nil && errors.first?["keywordLocation"] != nil && errors.first?["error"] != nil)
    }

    @Test func absoluteKeywordLocationUsesTheId() throws {
        let v = try SchemaValidator(schema: ["$id": "https://example.com/s.json", "type": "string"])
        #expect(v.validate(1).errors.first?.absoluteKeywordLocation == "https://example.com/s.json#/type")
    }

    @Test("compile errors", arguments: [
        (##"{"$ref": "#/$defs/missing"}"##, "/$ref"),
        (##"{"$ref": "https://example.com/nowhere.json"}"##, "/$ref"),
        (##"{"properties": {"a": {"$ref": "#anchor-that-is-not-there"}}}"##, "/properties/a/$ref"),
        (##"{"$defs": {"x": {"$ref": "other.json"}}}"##, "/$defs/x/$ref"),
        (##"{"type": "strin"}"##, "/type"),
        (##"{"pattern": "(unclosed"}"##, "/pattern"),
        (##"{"minLength": -1}"##, "/minLength"),
        (##"{"properties": {"a": 5}}"##, "/properties/a"),
        (##"{"$ref": "#"}"##, ""),
        (##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}"##, ""),
    ])
    func compileErrors(_ schema: String, _ location: String) throws {
        do {
            _ = try SchemaValidator(schema: try JSONValue.parse(schema))
            Issue.record("expected a compile error for \(schema)")
        } catch let e as SchemaCompileError {
            if !location.isEmpty { #expect(e.location == location) }
            #expect(!e.message.isEmpty)
        }
    }

    @Test func nonSchemaIsRejected() {
        #expect(throws: SchemaCompileError.self) { try SchemaValidator(schema: 5) }
    }

    @Test func recursionThroughInstanceIsFine() throws {
        let tree: JSONValue = [
            "type": "object",
            "properties": ["children": ["type": "array", "items": ["$ref": "#"]], "value": ["type": "integer"]],
        ]
        let v = try SchemaValidator(schema: tree)
        #expect(v.isValid(["value": 1, "children": [["value": 2, "children": []]]]))
        #expect(!v.isValid(["value": 1, "children": [["value": "x"]]]))
    }

    @Test func deepInstancesAreBounded() throws {
        let v = try SchemaValidator(schema: ["items": ["$ref": "#"]])
        var deep: JSONValue = 1
        for _ in 0..<1000 { deep = [deep] }
        let r = v.validate(deep)
        #expect(!r.isValid)
        #expect(r.errors.contains { $0.message.contains("deeper") })
    }

    @Test func registryResolvesRemoteReferences() throws {
        var registry = SchemaRegistry()
        registry.add(["$defs": ["id": ["type": "string", "pattern": "^[a-z]+$"]]], at: "https://schemas.example/common.json")
        let v = try SchemaValidator(schema: ["$ref": "https://schemas.example/common.json#/$defs/id"], registry: registry)
        #expect(v.isValid("abc"))
        #expect(!v.isValid("ABC"))
        #expect(throws: SchemaCompileError.self) {
            try SchemaValidator(schema: ["$ref": "https://schemas.example/other.json"], registry: registry)
        }
    }

    @Test func catastrophicPatternIsBounded() throws {
        let options = ValidationOptions(regexTimeBudget: .milliseconds(50))
        // The lookahead sends this pattern to ICU, which backtracks exponentially on it.
        let v = try SchemaValidator(schema: ["type": "string", "pattern": "^(a+)+(?=$)"], options: options)
        let hostile = String(repeating: "a", count: 64) + "!"
        let start = ContinuousClock.now
        let r = v.validate(.string(hostile))
        #expect(ContinuousClock.now - start < .seconds(30))  // loose: exponential backtracking would take hours
        #expect(!r.isValid)
        #expect(r.errors.first?.message.contains("time budget") == true)
        #expect(v.isValid("aaaa"))
    }

    @Test func nestedQuantifiersRunInLinearTime() throws {
        let v = try SchemaValidator(schema: ["type": "string", "pattern": "^(a+)+$"])
        let hostile = String(repeating: "a", count: 5000) + "!"
        let start = ContinuousClock.now
        let r = v.validate(.string(hostile))
        #expect(ContinuousClock.now - start < .seconds(20))  // loose: a quadratic or exponential scan would take far longer
        #expect(!r.isValid)
        #expect(r.errors.first?.message.contains("does not match") == true)
    }

    @Test("format is an annotation unless asked", arguments: [
        ("date-time", "2024-02-30T10:00:00Z"), ("email", "no-at-sign"), ("ipv4", "256.1.1.1"), ("uuid", "xyz"),
        ("uri", "not a uri"), ("hostname", "-bad-"), ("duration", "P1D2H"), ("json-pointer", "a/b"), ("regex", "(x"),
    ])
    func formats(_ format: String, _ bad: String) throws {
        let schema: JSONValue = ["format": .string(format)]
        #expect(try SchemaValidator(schema: schema).isValid(.string(bad)))
        let strict = try SchemaValidator(schema: schema, options: ValidationOptions(assertFormat: true))
        #expect(!strict.isValid(.string(bad)))
    }

    @Test func checkSchemaUsesTheNamedMetaSchema() throws {
        #expect(SchemaValidator.checkSchema(Self.toolSchema).isValid)
        #expect(SchemaValidator.checkSchema(true).isValid)
        #expect(!SchemaValidator.checkSchema(5).isValid)
        let bad = SchemaValidator.checkSchema(["type": "object", "properties": ["a": ["minLength": "three"]]])
        #expect(!bad.isValid)
        #expect(bad.errors.contains { $0.instanceLocation == "/properties/a/minLength" })
        let draft7: JSONValue = ["$schema": "http://json-schema.org/draft-07/schema#", "items": [["type": "string"]], "additionalItems": 5]
        #expect(!SchemaValidator.checkSchema(draft7).isValid)
        #expect(SchemaValidator.checkSchema(["$schema": "http://json-schema.org/draft-07/schema#", "definitions": ["a": ["type": "string"]]]).isValid)
    }

    @Test func draft07IsChosenBySchemaKeyword() throws {
        let v = try SchemaValidator(schema: [
            "$schema": "http://json-schema.org/draft-07/schema#", "items": [["type": "integer"]], "additionalItems": false,
        ])
        #expect(v.isValid([1]))
        #expect(!v.isValid([1, 2]))
    }

    @Test func validatorIsSharedAcrossTasks() async throws {
        let v = try SchemaValidator(schema: Self.toolSchema)
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<32 {
                group.addTask { v.isValid(["path": .string("p\(i)"), "lines": [["from": .number(JSONNumber(i + 1))]]]) }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }
}

@Suite("Hostile schemas")
struct HostileSchemaTests {
    @Test func longReferenceChainsCompileWithoutRecursion() throws {
        var defs: [String: JSONValue] = [:]
        for i in 0..<5000 { defs["d\(i)"] = ["properties": ["next": ["$ref": .string("#/$defs/d\(i + 1)")]]] }
        defs["d5000"] = ["type": "string"]
        let v = try SchemaValidator(schema: ["$defs": .object(defs), "$ref": "#/$defs/d0"])
        #expect(v.isValid(["next": ["next": 1]]))
        // A chain of pure references applies 5000 schemas to one value: stopped by the depth limit.
        var chain: [String: JSONValue] = [:]
        for i in 0..<5000 { chain["d\(i)"] = ["$ref": .string("#/$defs/d\(i + 1)")] }
        chain["d5000"] = ["type": "string"]
        let c = try SchemaValidator(schema: ["$defs": .object(chain), "$ref": "#/$defs/d0"])
        #expect(!c.isValid("x"))
        #expect(c.validate("x").errors.contains { $0.message.contains("deeper") })
    }

    @Test func deepButAllowedNesting() throws {
        var schema: JSONValue = ["type": "string"]
        var instance: JSONValue = "x"
        for _ in 0..<200 {
            schema = ["type": "object", "properties": ["a": schema], "required": ["a"]]
            instance = ["a": instance]
        }
        let v = try SchemaValidator(schema: schema)
        #expect(v.isValid(instance))
    }

    @Test func deeplyNestedSchemasAreRejected() throws {
        var schema: JSONValue = ["type": "string"]
        for _ in 0..<2000 { schema = ["items": schema] }
        #expect(throws: SchemaCompileError.self) { try SchemaValidator(schema: schema) }
    }

    @Test func dynamicReferenceLoopsStopAtTheDepthLimit() throws {
        let schema = try JSONValue.parse(#"""
            {"$id": "https://example.com/root", "$dynamicAnchor": "node",
             "anyOf": [{"type": "integer"}, {"$dynamicRef": "#node"}]}
            """#)
        if let v = try? SchemaValidator(schema: schema) {
            #expect(!v.isValid("x"))
        }
    }
}
