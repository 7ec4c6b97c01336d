import Foundation
import Testing

/// `warden schema validate` and `warden schema check` as processes: exit codes and output.
@Suite("warden schema")
struct SchemaCommandTests {
    static let schema = #"""
        {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20}, "days": {"type": "integer", "minimum": 1}},
         "required": ["city"], "additionalProperties": false}
        """#

    /// Writes `files` into a fresh directory and returns it.
    func directory(_ files: [String: String]) throws -> URL {
        let dir = try CLIHarness.temporaryDirectory()
        for (name, text) in files {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        return dir
    }

    @Test("validate: exit 0 when all are valid, 1 when one is not, with the location of each error")
    func validateExitCodes() throws {
        let dir = try directory([
            "schema.json": Self.schema, "good.json": #"{"city": "Oslo", "days": 3}"#,
            "bad.json": #"{"city": 7, "days": 0, "extra": true}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("schema.json").path
        let good = dir.appendingPathComponent("good.json").path, bad = dir.appendingPathComponent("bad.json").path

        let ok = try CLIHarness.run(["schema", "validate", "--schema", schema, good])
        #expect(ok.status == 0, "\(ok)")
        #expect(ok.out.contains("valid"))

        let mixed = try CLIHarness.run(["schema", "validate", "--schema", schema, good, bad])
        #expect(mixed.status == 1, "\(mixed)")
        #expect(mixed.out.contains("/city"))
        #expect(mixed.out.contains("/days"))

        let json = try CLIHarness.run(["schema", "validate", "--json", "--schema", schema, bad])
        #expect(json.status == 1)
        let line = try #require(json.out.split(separator: "\n").first)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["valid"] as? Bool == false)
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.contains { ($0["instanceLocation"] as? String) == "/city" })
        #expect(errors.allSatisfy { $0["keywordLocation"] is String && $0["error"] is String })
    }

    @Test("validate: exit 2 on a bad schema, an unreadable or malformed file")
    func validateUsageErrors() throws {
        let dir = try directory([
            "schema.json": Self.schema, "notaschema.json": #"{"type": 12}"#, "broken.json": #"{"city": "#,
            "good.json": #"{"city": "Oslo"}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }

        let badSchema = try CLIHarness.run(["schema", "validate", "--schema", path("notaschema.json"), path("good.json")])
        #expect(badSchema.status == 2, "\(badSchema)")
        #expect(!badSchema.err.isEmpty)

        let missing = try CLIHarness.run(["schema", "validate", "--schema", path("schema.json"), path("nope.json")])
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("nope.json"))

        let malformed = try CLIHarness.run(["schema", "validate", "--schema", path("schema.json"), path("broken.json")])
        #expect(malformed.status == 2, "\(malformed)")
    }

    @Test("check: a schema against its meta-schema")
    func check() throws {
        let dir = try directory([
            "schema.json": Self.schema, "notaschema.json": #"{"type": "object", "minLength": -1}"#,
            "draft7.json": #"{"$schema": "http://json-schema.org/draft-07/schema#", "definitions": {"a": {"type": "strin"}}}"#,
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        func path(_ n: String) -> String { dir.appendingPathComponent(n).path }

        let good = try CLIHarness.run(["schema", "check", path("schema.json")])
        #expect(good.status == 0, "\(good)")
        let bad = try CLIHarness.run(["schema", "check", path("notaschema.json")])
        #expect(bad.status != 0, "\(bad)")
        #expect((bad.out + bad.err).contains("minLength"))
        let bad7 = try CLIHarness.run(["schema", "check", path("draft7.json")])
        #expect(bad7.status != 0, "\(bad7)")
    }
}
