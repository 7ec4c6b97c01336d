import JSONSchema
import Testing
import WardenCore

private func schema(_ text: String) throws -> JSONValue { try JSONValue.parse(text) }

private let walkSchema = #"""
{
  "$defs": {
    "address": {"type": "object", "properties": {"street": {"type": "string", "x-sensitivity": "confidential"}, "city": {"type": "string"}}},
    "node": {"type": "object", "properties": {"secret": {"x-sensitivity": "restricted"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}},
    "anchored": {"$anchor": "acct", "x-sensitivity": "confidential"},
    "a~b/c": {"x-sensitivity": "restricted"}
  },
  "definitions": {"legacy": {"x-sensitivity": "confidential"}},
  "type": "object",
  "properties": {
    "name": {"type": "string", "x-pii": true},
    "note": {"type": "string", "x-sensitivity": "public"},
    "home": {"$ref": "#/$defs/address"},
    "old": {"$ref": "#/definitions/legacy"},
    "escaped": {"$ref": "#/$defs/a~0b~1c"},
    "percent": {"$ref": "#/$defs/a~0b%7E1c"},
    "tree": {"$ref": "#/$defs/node"},
    "account": {"$ref": "#acct"},
    "tags": {"type": "array", "items": {"type": "string", "x-sensitivity": "internal"}},
    "pair": {"prefixItems": [{"x-sensitivity": "public"}, {"x-sensitivity": "restricted"}], "items": {"x-sensitivity": "confidential"}},
    "tuple": {"items": [{"x-sensitivity": "restricted"}], "additionalItems": {"x-sensitivity": "public"}},
    "vault": {"type": "object", "x-sensitivity": "restricted", "properties": {"inner": {"x-sensitivity": "public"}}},
    "extra": {"type": "object", "properties": {"known": {"x-sensitivity": "public"}}, "additionalProperties": {"x-sensitivity": "confidential"}},
    "pat": {"type": "object", "patternProperties": {"^secret_": {"x-sensitivity": "restricted"}, "_pii$": {"x-pii": true}},
            "additionalProperties": {"x-sensitivity": "public"}},
    "choice": {"anyOf": [{"x-sensitivity": "internal"}, {"x-sensitivity": "confidential"}]},
    "both": {"allOf": [{"properties": {"a": {"x-sensitivity": "confidential"}}},
                       {"properties": {"a": {"x-sensitivity": "internal"}, "b": {"x-sensitivity": "restricted"}}}]},
    "one": {"oneOf": [{"type": "string"}, {"type": "object", "properties": {"card": {"x-sensitivity": "restricted", "x-pii": true}}}]},
    "cond": {"if": {"properties": {"k": {"const": 1}}}, "then": {"properties": {"v": {"x-sensitivity": "restricted"}}}},
    "dep": {"dependentSchemas": {"k": {"properties": {"w": {"x-sensitivity": "confidential"}}}}},
    "found": {"type": "array", "contains": {"x-sensitivity": "confidential"}},
    "self": {"properties": {"again": {"$ref": "#"}}},
    "merged": {"allOf": [{"properties": {"x": {"x-sensitivity": "internal"}}}, {"additionalProperties": {"x-sensitivity": "restricted"}}]}
  }
}
"""#

@Suite("Sensitivity map")
struct SensitivityMapTests {
    typealias Step = SensitivityMap.Step

    @Test("marks along schema walks", arguments: [
        ([Step](), SensitivityLevel?.none, false),
        ([.property("name")], nil, true),
        ([.property("note")], .public, false),
        ([.property("home"), .property("street")], .confidential, false),
        ([.property("home"), .property("city")], nil, false),
        ([.property("old")], .confidential, false),
        ([.property("escaped")], .restricted, false),
        ([.property("percent")], .restricted, false),
        ([.property("tree"), .property("secret")], .restricted, false),
        ([.property("tree"), .property("children"), .item(0), .property("children"), .item(3), .property("secret")], .restricted, false),
        ([.property("tree"), .property("children"), .item(0), .property("other")], nil, false),
        ([.property("account")], .confidential, false),
        ([.property("tags"), .item(5)], .internal, false),
        ([.property("pair"), .item(0)], .public, false),
        ([.property("pair"), .item(1)], .restricted, false),
        ([.property("pair"), .item(2)], .confidential, false),
        ([.property("tuple"), .item(0)], .restricted, false),
        ([.property("tuple"), .item(1)], .public, false),
        // A mark on an object applies to everything below; a lower mark below does not lower it.
        ([.property("vault"), .property("inner")], .restricted, false),
        ([.property("vault"), .property("anything"), .item(2)], .restricted, false),
        ([.property("extra"), .property("known")], .public, false),
        ([.property("extra"), .property("whatever")], .confidential, false),
        ([.property("pat"), .property("secret_key")], .restricted, false),
        ([.property("pat"), .property("email_pii")], nil, true),
        ([.property("pat"), .property("secret_email_pii")], .restricted, true),
        ([.property("pat"), .property("other")], .public, false),
        // Where several branches may apply, the most sensitive mark wins.
        ([.property("choice")], .confidential, false),
        ([.property("both"), .property("a")], .confidential, false),
        ([.property("both"), .property("b")], .restricted, false),
        ([.property("one"), .property("card")], .restricted, true),
        ([.property("cond"), .property("v")], .restricted, false),
        ([.property("dep"), .property("w")], .confidential, false),
        ([.property("found"), .item(7)], .confidential, false),
        ([.property("self"), .property("again"), .property("self"), .property("again"), .property("note")], .public, false),
        // additionalProperties of one branch covers a name only another branch lists.
        ([.property("merged"), .property("x")], .restricted, false),
        ([.property("merged"), .property("y")], .restricted, false),
        ([.property("unknown")], nil, false),
        ([.property("note"), .item(0)], .public, false),
    ])
    func marks(path: [Step], level: SensitivityLevel?, pii: Bool) throws {
        let map = try SensitivityMap(schema: try schema(walkSchema))
        #expect(map.mark(at: path) == SensitivityMark(level: level, pii: pii))
    }

    @Test func summarizesWhatTheSchemaDeclares() throws {
        let map = try SensitivityMap(schema: try schema(walkSchema), defaultLevel: .confidential)
        #expect(map.declaredLevels == Set(SensitivityLevel.allCases))
        #expect(map.declaresPII)
        #expect(map.defaultLevel == .confidential)
        #expect(map.level(at: [.property("home"), .property("city")]) == .confidential)
        #expect(map.level(at: [.property("home")], isScalar: false) == nil)
        #expect(map.externalReferences.isEmpty)
    }

    @Test func booleanAndUnmarkedSchemas() throws {
        for s in ["true", "false", #"{"type": "object", "properties": {"a": {"type": "string"}}}"#] {
            let map = try SensitivityMap(schema: try schema(s))
            #expect(map.mark(at: [.property("a")]) == SensitivityMark(level: nil, pii: false))
            #expect(map.declaredLevels.isEmpty && !map.declaresPII)
        }
    }

    @Test func referencesByTheDocumentsOwnIDAreLocalOthersAreListed() throws {
        let map = try SensitivityMap(schema: try schema(#"""
            {"$id": "https://example.com/msg.json", "$defs": {"s": {"x-sensitivity": "restricted"}},
             "properties": {"a": {"$ref": "https://example.com/msg.json#/$defs/s"},
                            "b": {"$ref": "https://example.com/other.json"}, "c": {"$ref": "other.json#/x"}}}
            """#))
        #expect(map.mark(at: [.property("a")]).level == .restricted)
        #expect(map.mark(at: [.property("b")]).level == nil)
        #expect(map.externalReferences == ["https://example.com/other.json", "other.json#/x"])
    }

    @Test func referencesInsideANestedResourceResolveAgainstIt() throws {
        let map = try SensitivityMap(schema: try schema(#"""
            {"properties": {"inner": {"$id": "inner.json", "$defs": {"s": {"x-sensitivity": "confidential"}},
                                      "properties": {"x": {"$ref": "#/$defs/s"}}}}}
            """#))
        #expect(map.mark(at: [.property("inner"), .property("x")]).level == .confidential)
    }

    @Test("malformed schemas are refused with invalid_input", arguments: [
        (#"{"properties": {"ssn": {"x-sensitivity": "secret"}}}"#, ["x-sensitivity", "/properties/ssn", "\"secret\"", "public, internal, confidential, restricted"]),
        (#"{"x-sensitivity": "Confidential"}"#, ["the root", "\"Confidential\""]),
        (#"{"items": {"x-sensitivity": 3}}"#, ["/items", "a number"]),
        (#"{"properties": {"a": {"x-pii": "yes"}}}"#, ["x-pii", "/properties/a", "true or false"]),
        (##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##, ["/$defs/missing", "leads nowhere"]),
        (##"{"$ref": "#nowhere"}"##, ["nowhere", "$anchor"]),
        (#"{"patternProperties": {"(": {"x-sensitivity": "public"}}}"#, ["patternProperties", "\"(\""]),
        (#"{"properties": {"a": 5}}"#, ["/properties/a", "a number"]),
        (#"{"allOf": {"x-sensitivity": "public"}}"#, ["allOf", "array"]),
        (#"{"properties": []}"#, ["properties", "object"]),
        ("42", ["the root"]),
    ])
    func malformed(text: String, fragments: [String]) throws {
        let s = try schema(text)
        do {
            _ = try SensitivityMap(schema: s)
            Issue.record("no error for \(text)")
        } catch {
            #expect(error.code == .invalidInput)
            for f in fragments { #expect(error.message.contains(f), "\(error.message) lacks \(f)") }
        }
    }

    @Test func tooDeepASchemaIsAnErrorNotACrash() {
        var s: JSONValue = ["x-sensitivity": "public"]
        for _ in 0..<400 { s = ["properties": ["a": s]] }
        #expect(throws: WardenError.self) { try SensitivityMap(schema: s) }
        do {
            _ = try SensitivityMap(schema: s)
        } catch {
            #expect(error.code == .invalidInput && error.message.contains("deeper"))
        }
    }
}
