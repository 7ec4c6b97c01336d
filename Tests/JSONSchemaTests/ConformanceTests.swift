import Foundation
import JSONSchema
import Testing

@Suite("JSON Schema Test Suite")
struct ConformanceTests {
    @Test("required files pass with zero failures", arguments: ["draft2020-12", "draft7"])
    func required(dialect: String) throws {
        try #require(TestSuite.root != nil, "the JSON Schema Test Suite was not found beside the repository")
        let outcome = TestSuite.run(dialect: dialect, subdirectory: "")
        print("\(dialect): \(outcome.passed) passed, \(outcome.failed.count) failed")
        #expect(outcome.passed > 0)
        #expect(outcome.failed.isEmpty, "failing cases:\n\(outcome.failed.joined(separator: "\n"))")
    }

    @Test("optional files (figures printed, failures do not fail the test)", arguments: ["draft2020-12", "draft7"])
    func optional(dialect: String) throws {
        try #require(TestSuite.root != nil, "the JSON Schema Test Suite was not found beside the repository")
        let optional = TestSuite.run(dialect: dialect, subdirectory: "optional")
        let format = TestSuite.run(dialect: dialect, subdirectory: "optional/format", assertFormat: true)
        print("\(dialect)-optional: \(optional.passed) passed, \(optional.failed.count) failed")
        print("\(dialect)-optional-format: \(format.passed) passed, \(format.failed.count) failed")
        if ProcessInfo.processInfo.environment["JSON_SCHEMA_SUITE_VERBOSE"] != nil {
            for f in optional.failed + format.failed { print("  optional failure: \(f)") }
        }
    }
}
