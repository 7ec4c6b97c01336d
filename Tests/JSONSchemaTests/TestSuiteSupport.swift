import Foundation
import JSONSchema

/// Runs the official JSON Schema Test Suite (shared/testdata/json-schema-test-suite beside the repo).
enum TestSuite {
    struct Outcome {
        var passed = 0
        var failed: [String] = []
    }

    /// The suite's root, found from this file: repo root, then `../shared/testdata/...`.
    static let root: URL? = {
        if let env = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            return URL(fileURLWithPath: env)
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("../shared/testdata/json-schema-test-suite").standardizedFileURL
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("tests").path) { return candidate }
        }
        return nil
    }()

    /// Every file of `remotes/`, registered at http://localhost:1234/<relative path>.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry()
        guard let root else { return registry }
        let remotes = root.appendingPathComponent("remotes")
        let base = remotes.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return registry }
        for case let relative as String in walker where relative.hasSuffix(".json") {
            let url = URL(fileURLWithPath: base).appendingPathComponent(relative)
            if let data = try? Data(contentsOf: url), let value = try? JSONValue(parsing: data) {
                registry.add(value, at: "http://localhost:1234/" + relative)
            }
        }
        return registry
    }()

    static func files(_ dialect: String, _ subdirectory: String) -> [URL] {
        guard let root else { return [] }
        let dir = root.appendingPathComponent("tests").appendingPathComponent(dialect).appendingPathComponent(subdirectory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
    }

    static func run(dialect: String, subdirectory: String, assertFormat: Bool = false) -> Outcome {
        var outcome = Outcome()
        let defaultDialect: SchemaDialect = dialect == "draft7" ? .draft7 : .draft2020_12
        for file in files(dialect, subdirectory) {
            let name = (subdirectory.isEmpty ? "" : subdirectory + "/") + file.lastPathComponent
            guard let data = try? Data(contentsOf: file), case .array(let groups)? = try? JSONValue(parsing: data) else {
                outcome.failed.append("\(name): unreadable")
                continue
            }
            for group in groups {
                let description = group["description"]?.stringValue ?? "?"
                let tests = group["tests"]?.arrayValue ?? []
                let schema = group["schema"] ?? .null
                let validator: SchemaValidator
                do {
                    validator = try SchemaValidator(
                        schema: schema, options: ValidationOptions(assertFormat: assertFormat, defaultDialect: defaultDialect),
                        registry: registry)
                } catch {
                    for test in tests {
                        outcome.failed.append("\(name) | \(description) | \(test["description"]?.stringValue ?? "?"): compile error \(error)")
                    }
                    continue
                }
                for test in tests {
                    let expected = test["valid"]?.boolValue ?? false
                    let instance = test["data"] ?? .null
                    let fast = validator.isValid(instance)
                    let full = validator.validate(instance)
                    if fast == expected && full.isValid == expected && (expected || !full.errors.isEmpty) {
                        outcome.passed += 1
                    } else {
                        outcome.failed.append(
                            "\(name) | \(description) | \(test["description"]?.stringValue ?? "?"): expected \(expected ? "valid" : "invalid"), isValid=\(fast), validate=\(full.isValid)")
                    }
                }
            }
        }
        return outcome
    }
}
