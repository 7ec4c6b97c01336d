import Foundation
import JSONSchema
import Testing

@Suite("JSON parser")
struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let v = try JSONValue.parse(#" {"a": [1, -2.5, 3e2, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}} "#)
        #expect(v == ["a": [1, -2.5, 300, true, false, nil, "x\né😀"], "b": [:]])
    }

    @Test func keepsBigNumbersExact() throws {
        let v = try JSONValue.parse("[12345678910111213141516171819202122232425262728293031, 0.1000000000000000000000001]")
        let a = try #require(v.arrayValue)
        #expect(a[0].numberValue?.canonicalText == "12345678910111213141516171819202122232425262728293031")
        #expect(a[0].numberValue?.isInteger == true)
        #expect(a[1] != .number(JSONNumber(0.1)))
        #expect(try JSONValue.parse("1.0") == 1)
        #expect(try JSONValue.parse("-0") == 0)
    }

    @Test("rejects malformed input with a position", arguments: [
        "", " ", "{", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
        "\"abc", "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\u{01}\"", "[1] 2", "{'a':1}", "NaN", "Infinity",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func reportsTheOffset() {
        do {
            _ = try JSONValue.parse("[1, 2, x]")
            Issue.record("expected an error")
        } catch let e as JSONParseError {
            #expect(e.offset == 7)
            #expect(e.description.contains("byte 7"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
    }

    @Test func limitsNestingDepth() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        _ = try JSONValue.parse(ok)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(ok, maxDepth: 99) }
        let deepObject = String(repeating: "{\"a\":", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: Data(deepObject.utf8)) }
    }

    @Test func parsesLargeDocuments() throws {
        let items = (0..<50_000).map { "{\"id\":\($0),\"name\":\"item \($0)\",\"tags\":[\"a\",\"b\"]}" }
        let text = "[" + items.joined(separator: ",") + "]"
        let v = try JSONValue(parsing: Data(text.utf8))
        #expect(v.arrayValue?.count == 50_000)
        #expect(v.arrayValue?.last?["id"] == 49_999)
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try JSONValue.parse(#"{"a":1,"a":2}"#) == ["a": 2])
    }

    @Test func skipsByteOrderMark() throws {
        #expect(try JSONValue(parsing: [0xEF, 0xBB, 0xBF] + Array("true".utf8)) == true)
    }
}

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test("canonical text", arguments: [
        (#"{"b":1,"a":[true,null,"x"]}"#, #"{"a":[true,null,"x"],"b":1}"#),
        ("1.0", "1"),
        ("1e2", "100"),
        ("0.5", "0.5"),
        (#""a\"b\\c\u0001\n""#, #""a\"b\\c\u0001\n""#),
        (#"{"é":1,"e":2,"z":3}"#, #"{"e":2,"z":3,"é":1}"#),
        ("123456789012345678901234567890", "123456789012345678901234567890"),
        ("[0,-0,-1,9223372036854775807,-9223372036854775808]", "[0,0,-1,9223372036854775807,-9223372036854775808]"),
        (#""tab\there\u001f\u007f done""#, "\"tab\\there\\u001f\u{7f} done\""),
        // UTF-16 order puts a supplementary character (surrogates D800-DFFF) before U+FF61, unlike byte order.
        ("{\"\u{FF61}\":1,\"\u{1F600}\":2,\"a\":3}", "{\"a\":3,\"\u{1F600}\":2,\"\u{FF61}\":1}"),
    ])
    func canonical(_ input: String, _ expected: String) throws {
        #expect(try JSONValue.parse(input).canonicalString == expected)
    }

    @Test func equalValuesHaveEqualBytes() throws {
        let a = try JSONValue.parse(#"{"x": [1, 2.0], "y": {"q": "r", "p": null}}"#)
        let b = try JSONValue.parse(#"{"y":{"p":null,"q":"r"},"x":[1.0,2]}"#)
        #expect(a == b)
        #expect(a.canonicalData == b.canonicalData)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func stringsCompareByCodePoints() {
        #expect(JSONValue.string("\u{e9}") != JSONValue.string("e\u{301}"))
    }
}

@Suite("JSON numbers")
struct JSONNumberTests {
    @Test("exact comparison and multipleOf", arguments: [
        (#"{"maximum": 18446744073709551615}"#, "18446744073709551600", true),
        (#"{"exclusiveMaximum": 972783798187987123879878123.18878137}"#, "972783798187987123879878123.188781371", false),
        (#"{"multipleOf": 0.0001}"#, "0.0075", true),
        (#"{"multipleOf": 0.0001}"#, "0.00751", false),
        (#"{"multipleOf": 0.5}"#, "1e308", true),
        (#"{"multipleOf": 0.123456789}"#, "1e308", false),
        (#"{"multipleOf": 1e-8}"#, "12391239123", true),
        (#"{"multipleOf": 3}"#, "1e400", false),
        (#"{"multipleOf": 5}"#, "1e400", true),
        (#"{"minimum": 1.5}"#, "1.4999999999999999999", false),
    ])
    func exact(_ schema: String, _ instance: String, _ valid: Bool) throws {
        let v = try SchemaValidator(schema: try JSONValue.parse(schema))
        #expect(v.isValid(try JSONValue.parse(instance)) == valid)
    }

    @Test func initializers() {
        #expect(JSONNumber(3).int64Value == 3)
        #expect(JSONNumber(3.0) == JSONNumber(3))
        #expect(JSONNumber(2.5).isInteger == false)
        #expect(JSONNumber(jsonText: "1e3")?.intValue == 1000)
        #expect(JSONNumber(jsonText: "abc") == nil)
    }
}
