import Foundation
import JSONSchema
import Testing

@Suite("Patterns")
struct PatternTests {
    static let patterns = [
        "^[a-z][a-z0-9_]{0,62}$", "^[A-Za-z0-9-]+$", "^https?://", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "[^@\\s]+@[^@\\s]+",
        "^\\d+$", "a*b", "^a{2,3}$", "x?y", "^\\w+\\.\\w+$", "[.-]", "^$", "abc", "^[^a-c]*$", "^\\s*$",
        "^(a|b)+$", "^.{2}$", "[\\d-]+", "^(/|\\./)[^\\u0000]*$", "^[0-9]{4}(-[0-9]{2}){2}$", "(ab|a)(c|bcd)?$",
        "^(?:https?|ftp)://[^\\s/$.?#].[^\\s]*$", "^(a*)*$", "^(a|ab)(c|bcd)(d*)$", "x|", "^\\u00e9+$", "^[\\w.-]+@[\\w-]+(\\.[\\w-]+)+$",
        "^\\S+$", "^[^\\d\\s]+$", "\\x41", "^a{0}b", "^(?:a|b|c){2,3}$", "[]", "[^]", "^\\cJ$",
    ]
    static let strings = [
        "", "a", "ab", "abc", "aab", "aaab", "b", "y", "xy", "xxy", "2024-01-02", "2024-1-2", "https://x", "http://",
        "ftp://", "user@example.com", "a@b", "@", "foo_bar", "Foo", "9abc", "a.b", "a..b", "  ", " x ", "é", "aé",
        "😀", "a😀b", "12-34", "-", ".", "\n", "abc\n", "zzz", "d", "/etc/x", "./a", "a/b", "2024-01-02-03",
        "abcd", "abcbcd", "https://example.com/a b", "ftp://x.y", "é", "ééé", "a@b.c", "john.doe@mail.example.org",
        "abc", "ac", "bca", "\u{0B}", "\u{FEFF}", "ab1", "A",
    ]

    @Test("simple patterns agree with the regular-expression engine", arguments: patterns)
    func agreesWithICU(_ pattern: String) throws {
        let schema: JSONValue = ["pattern": .string(pattern)]
        let validator = try SchemaValidator(schema: schema)
        // An alternation forces the ICU path while meaning the same thing.
        let reference = try SchemaValidator(schema: ["pattern": .string("(?:\(pattern))|(?!)")])
        for s in Self.strings {
            #expect(validator.isValid(.string(s)) == reference.isValid(.string(s)), "pattern \(pattern) on \(s.debugDescription)")
        }
    }

    @Test func ecmaClassesAreASCII() throws {
        let v = try SchemaValidator(schema: ["pattern": "^\\w+$"])
        #expect(v.isValid("abc_1"))
        #expect(!v.isValid("é"))
        let d = try SchemaValidator(schema: ["pattern": "^\\d$"])
        #expect(!d.isValid("\u{07C0}"))
    }

    @Test func dollarDoesNotMatchBeforeTrailingNewline() throws {
        let v = try SchemaValidator(schema: ["pattern": "^abc$"])
        #expect(!v.isValid("abc\n"))
        let icu = try SchemaValidator(schema: ["pattern": "^(abc)$"])
        #expect(!icu.isValid("abc\n"))
    }

    @Test func patternPropertiesBudget() throws {
        let v = try SchemaValidator(
            schema: ["patternProperties": ["^(a+)+(?=$)": true], "additionalProperties": false],
            options: ValidationOptions(regexTimeBudget: .milliseconds(30)))
        let key = String(repeating: "a", count: 40) + "!"
        let r = v.validate(.object([key: 1]))
        #expect(!r.isValid)
        #expect(r.errors.contains { $0.message.contains("time budget") })
    }
}
