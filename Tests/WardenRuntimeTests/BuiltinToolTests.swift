import Foundation
import Testing
import WardenCore
@testable import WardenRuntime

private struct FixedClock: WallClock {
    var date: Date
    func now() -> Date { date }
}

/// Runs `tool` and returns the `invalid_input` message, or records an issue when it does not fail so.
private func invalidInputMessage(_ tool: some BuiltinTool, _ arguments: JSONValue) async -> String? {
    do {
        let out = try await tool.call(arguments)
        Issue.record("expected invalid_input, got \(out)")
    } catch let e as WardenError {
        #expect(e.code == .invalidInput, "\(e)")
        return e.message
    } catch {
        Issue.record("unexpected \(error)")
    }
    return nil
}

@Suite("Built-in tool: time.now")
struct TimeNowToolTests {
    // 2026-01-15T12:00:00Z and 2026-07-01T12:00:00Z
    static let winter = Date(timeIntervalSince1970: 1_768_478_400)
    static let summer = Date(timeIntervalSince1970: 1_782_907_200)

    @Test("valid zones", arguments: [
        (winter, nil, "2026-01-15T12:00:00Z", "UTC", 0),
        (winter, "UTC", "2026-01-15T12:00:00Z", "UTC", 0),
        (winter, "Europe/Paris", "2026-01-15T13:00:00+01:00", "Europe/Paris", 3600),
        (summer, "Europe/Paris", "2026-07-01T14:00:00+02:00", "Europe/Paris", 7200),
        (winter, "America/New_York", "2026-01-15T07:00:00-05:00", "America/New_York", -18000),
        (winter, "Asia/Kolkata", "2026-01-15T17:30:00+05:30", "Asia/Kolkata", 19800),
        (winter, "Pacific/Kiritimati", "2026-01-16T02:00:00+14:00", "Pacific/Kiritimati", 50400),
    ] as [(Date, String?, String, String, Int)])
    func valid(date: Date, zone: String?, iso: String, zoneOut: String, offset: Int) async throws {
        let tool = TimeNowTool(clock: FixedClock(date: date))
        let args: JSONValue = zone.map { ["timeZone": .string($0)] } ?? [:]
        let out = try await tool.call(args)
        #expect(out == ["iso8601": .string(iso), "timeZone": .string(zoneOut), "utcOffsetSeconds": .number(JSONNumber(offset))])
    }

    @Test("invalid arguments", arguments: [
        ["timeZone": "Mars/Olympus_Mons"], ["timeZone": ""], ["timeZone": 3], ["timeZone": nil],
        ["timeZone": .string(String(repeating: "A", count: 65))], ["zone": "UTC"], "UTC", [],
    ] as [JSONValue])
    func invalid(arguments: JSONValue) async {
        _ = await invalidInputMessage(TimeNowTool(clock: FixedClock(date: Self.winter)), arguments)
    }

    @Test("dates before 1970 and leap days format correctly", arguments: [
        (Date(timeIntervalSince1970: -1), "1969-12-31T23:59:59Z"),
        (Date(timeIntervalSince1970: 951_782_400), "2000-02-29T00:00:00Z"),
        (Date(timeIntervalSince1970: 0.999), "1970-01-01T00:00:00Z"),
    ])
    func formatting(date: Date, expected: String) {
        #expect(TimeNowTool.iso8601(date, utcOffsetSeconds: 0) == expected)
    }

    @Test("the system clock is the default")
    func systemClock() async throws {
        let out = try await TimeNowTool().call([:])
        let text = try #require(out["iso8601"]?.stringValue)
        #expect(text.hasSuffix("Z") && text.count == 20)
    }
}

@Suite("Built-in tool: math.evaluate")
struct MathEvaluateToolTests {
    @Test("valid expressions", arguments: [
        ("1 + 2", 3.0), ("2 * (3 + 4)", 14), ("10 / 4", 2.5), ("7 % 3", 1), ("-7 % 3", -1),
        ("2 ^ 10", 1024), ("2 ^ 3 ^ 2", 512), ("-2 ^ 2", -4), ("(-2) ^ 2", 4), ("2 ^ -1", 0.5),
        ("--3", 3), ("-(1 + 2) * 3", -9), ("+5", 5), ("1.5 + .5", 2), ("5.", 5), ("1e3 + 2E-1", 1000.2),
        ("1 - 2 - 3", -4), ("2 * 3 + 4 * 5", 26), ("100 / 10 / 5", 2), ("0.1 + 0.2", 0.30000000000000004),
        ("  \t( 1 )\n", 1), ("0 * -1", 0), ("9007199254740993", 9007199254740992), ("4 ^ 0.5", 2),
    ] as [(String, Double)])
    func valid(expression: String, expected: Double) async throws {
        let out = try await MathEvaluateTool().call(["expression": .string(expression)])
        #expect(out == ["value": .number(JSONNumber(expected))])
    }

    @Test("invalid expressions", arguments: [
        ("", "empty"), ("   ", "empty"), ("1 +", "ends"), ("(1 + 2", "never closed"), ("1 + 2)", "unexpected ')'"),
        ("2 * x", "unexpected 'x' at position 5"), ("1 / 0", "division by zero"), ("1 % 0", "modulo by zero"),
        ("0 ^ -1", "division by zero"), ("(-8) ^ (1/3)", "not a real number"), ("10 ^ 400", "too large"),
        ("1e400", "too large"), ("1e", "exponent"), (".", "lone '.'"), ("1 2", "unexpected '2'"),
        ("1e308 * 10", "too large"), ("-1e308 - 1e308", "too large"), ("sqrt(4)", "unexpected 's'"),
        ("1,5", "unexpected ','"), ("2 ** 3", "unexpected '*'"), ("1 + é", "unexpected 'é' at position 5"),
    ])
    func invalid(expression: String, fragment: String) async {
        let message = await invalidInputMessage(MathEvaluateTool(), ["expression": .string(expression)])
        #expect(message?.contains(fragment) == true, "\(message ?? "nil")")
    }

    @Test("invalid arguments", arguments: [[:], ["expression": 3], ["expression": "1", "x": 1], [1]] as [JSONValue])
    func invalidArguments(arguments: JSONValue) async {
        _ = await invalidInputMessage(MathEvaluateTool(), arguments)
    }

    @Test("nesting is bounded at 64 levels")
    func depth() async throws {
        let ok = String(repeating: "(", count: 64) + "1" + String(repeating: ")", count: 64)
        #expect(try await MathEvaluateTool().call(["expression": .string(ok)]) == ["value": 1])
        for deep in [String(repeating: "(", count: 65) + "1" + String(repeating: ")", count: 65),
                     String(repeating: "(", count: 900),
                     String(repeating: "-", count: 500) + "1",
                     Array(repeating: "2", count: 300).joined(separator: "^")] {
            let message = await invalidInputMessage(MathEvaluateTool(), ["expression": .string(deep)])
            #expect(message?.contains("nests deeper than 64") == true, "\(message ?? "nil")")
        }
    }

    @Test("length is bounded at 1000 characters")
    func length() async throws {
        let atLimit = Array(repeating: "1", count: 500).joined(separator: "+").padding(toLength: 1000, withPad: " ", startingAt: 0)
        #expect(try await MathEvaluateTool().call(["expression": .string(atLimit)]) == ["value": 500])
        let message = await invalidInputMessage(MathEvaluateTool(), ["expression": .string(atLimit + "1")])
        #expect(message?.contains("longer than 1000") == true)
    }

    @Test("huge literals are refused, long flat sums are fine")
    func huge() async throws {
        let message = await invalidInputMessage(MathEvaluateTool(), ["expression": .string(String(repeating: "9", count: 400))])
        #expect(message?.contains("too large") == true)
        #expect(try await MathEvaluateTool().call(["expression": .string(String(repeating: "9", count: 300))])["value"] != nil)
    }
}

@Suite("Built-in tool: text.redact")
struct TextRedactToolTests {
    @Test("redactions", arguments: [
        ("write to jane.doe+tag@example.co.uk today", "write to [EMAIL] today", 1),
        ("Mail: a@b.io.", "Mail: [EMAIL].", 1),
        ("x@y.com,z@w.org", "[EMAIL],[EMAIL]", 2),
        ("call +33 6 12 34 56 78 now", "call [PHONE] now", 1),
        ("+1 (555) 123-4567", "[PHONE]", 1),
        ("+44 (0)20 7946 0958.", "[PHONE].", 1),
        ("+49-30-1234567", "[PHONE]", 1),
        ("+33612345678", "[PHONE]", 1),
        ("(555) 123-4567", "[PHONE]", 1),
        ("tel 555.123.4567 or 06 12 34 56 78", "tel [PHONE] or [PHONE]", 2),
        ("ring 5551234567!", "ring [PHONE]!", 1),
        ("(call 555-123-4567)", "(call [PHONE])", 1),
        ("e-mail bob@example.com or +1 555 123 4567", "e-mail [EMAIL] or [PHONE]", 2),
        ("héllo ünïcode jane@example.com ✓", "héllo ünïcode [EMAIL] ✓", 1),
    ])
    func redacts(text: String, expected: String, count: Int) async throws {
        let out = try await TextRedactTool().call(["text": .string(text)])
        #expect(out == ["text": .string(expected), "redactions": .number(JSONNumber(count))])
    }

    @Test("left alone", arguments: [
        "no personal data here", "on 2024-01-15 at 10:30", "due 15/01/2024", "pi is 3.14159265",
        "total 1234567.89", "order 123456", "version 1.2.3", "user@localhost", "a@b.c", "@handle", "trailing@",
        "1,234,567", "id abc1234567890def", "+12345", "sum 3+4567890", "1234567890123456789",
        "key sk_5551234567",
    ])
    func untouched(text: String) async throws {
        let out = try await TextRedactTool().call(["text": .string(text)])
        #expect(out == ["text": .string(text), "redactions": 0])
    }

    @Test("invalid arguments", arguments: [
        [:], ["text": 1], ["text": "a", "extra": true], "text",
        ["text": .string(String(repeating: "a", count: 100_001))],
    ] as [JSONValue])
    func invalid(arguments: JSONValue) async {
        _ = await invalidInputMessage(TextRedactTool(), arguments)
    }

    @Test("adversarial input stays fast (linear scan)")
    func adversarial() async throws {
        for text in [String(repeating: "a@", count: 50_000), String(repeating: "a.", count: 49_999) + "@",
                     String(repeating: "1 ", count: 50_000), String(repeating: "+1-", count: 33_000),
                     "x@" + String(repeating: "a.", count: 49_000)] {
            let start = ContinuousClock.now
            _ = try await TextRedactTool().call(["text": .string(text)])
            #expect(ContinuousClock.now - start < .seconds(20))  // loose: a quadratic or exponential scan would take far longer
        }
    }
}

@Suite("Built-in toolbox")
struct BuiltinToolboxTests {
    @Test("every built-in definition has an implementation, and calls dispatch by name")
    func standard() async throws {
        let box = BuiltinToolbox.standard(clock: FixedClock(date: Date(timeIntervalSince1970: 0)))
        #expect(box.names == BuiltinTools.definitions.map(\.name).sorted())
        #expect(try await box.call("math.evaluate", arguments: ["expression": "6*7"]) == ["value": 42])
        #expect(try await box.call("time.now", arguments: [:])["iso8601"] == "1970-01-01T00:00:00Z")
        await #expect(throws: WardenError.notFound("no built-in tool is named 'nope'")) {
            try await box.call("nope", arguments: [:])
        }
    }

    @Test("outputs match the definitions' output schemas")
    func outputsMatchSchemas() async throws {
        let box = BuiltinToolbox.standard()
        let samples: [String: JSONValue] = [
            "time.now": ["timeZone": "Asia/Tokyo"], "math.evaluate": ["expression": "1/3"], "text.redact": ["text": "a@b.io"],
        ]
        for definition in BuiltinTools.definitions {
            let schema = try #require(definition.outputSchema?.objectValue)
            let out = try await box.call(definition.name, arguments: samples[definition.name] ?? [:])
            let members = try #require(out.objectValue)
            let required = Set((schema["required"]?.arrayValue ?? []).compactMap(\.stringValue))
            let properties = Set(schema["properties"]?.objectValue?.keys.map { $0 } ?? [])
            #expect(Set(members.keys) == required, "\(definition.name)")
            #expect(Set(members.keys).isSubset(of: properties), "\(definition.name)")
        }
    }
}
