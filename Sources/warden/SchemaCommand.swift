import ArgumentParser
import Foundation
import JSONSchema

/// `warden schema`: validate JSON documents against a JSON Schema, or check a schema itself.
struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Validate JSON documents against JSON Schemas (draft 2020-12 and draft-07).",
        discussion: """
            The dialect is chosen by the schema's "$schema" (draft 2020-12 when absent). References \
            resolve only within the schema and the bundled meta-schemas: nothing is fetched from the network.
            """,
        subcommands: [Validate.self, Check.self])

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate one or more JSON instances against a schema.",
            discussion: """
                Prints one line per instance: "valid", or every error with its instance location, \
                keyword location and message. With --json, prints the JSON Schema "basic" output \
                object for each instance instead (one per line).

                Exit status: 0 when every instance is valid, 1 when at least one is not, 2 when the \
                schema is not a usable schema or a file cannot be read or parsed.
                """)

        @Option(name: .long, help: ArgumentHelp("The JSON Schema file to validate against.", valueName: "schema.json"))
        var schema: String

        @Flag(name: .long, help: "Print the JSON Schema \"basic\" output object for each instance.")
        var json = false

        @Flag(name: .long, help: "Treat \"format\" as an assertion (date-time, email, uri, uuid, ...) rather than an annotation.")
        var assertFormat = false

        @Argument(help: ArgumentHelp("The JSON documents to validate.", valueName: "instance.json"))
        var instances: [String]

        func validate() throws {
            if instances.isEmpty { throw ArgumentParser.ValidationError("give at least one instance file") }
        }

        func run() async throws {
            let schemaValue: JSONValue
            let validator: SchemaValidator
            do {
                schemaValue = try readSchemaJSONFile(schema)
                validator = try SchemaValidator(schema: schemaValue, options: ValidationOptions(assertFormat: assertFormat))
            } catch {
                schemaPrintError("\(schema): \(error)")
                throw ExitCode(2)
            }
            var anyInvalid = false
            var unreadable = false
            for path in instances {
                let instance: JSONValue
                do { instance = try readSchemaJSONFile(path) } catch {
                    schemaPrintError("\(path): \(error)")
                    unreadable = true
                    continue
                }
                let result = validator.validate(instance)
                if !result.isValid { anyInvalid = true }
                if json {
                    var out = result.basicOutput
                    if case .object(var o) = out {
                        o["instance"] = .string(path)
                        out = .object(o)
                    }
                    print(out.canonicalString)
                } else if result.isValid {
                    print("\(path): valid")
                } else {
                    print("\(path): invalid (\(result.errors.count) error\(result.errors.count == 1 ? "" : "s"))")
                    for e in result.errors {
                        print("  " + describeSchemaError(e))
                    }
                }
            }
            if unreadable { throw ExitCode(2) }
            if anyInvalid { throw ExitCode(1) }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check that a file is a valid JSON Schema.",
            discussion: """
                Validates the schema against the meta-schema its "$schema" names (draft 2020-12 when \
                absent), then compiles it, which also resolves every "$ref" and every "pattern".

                Exit status: 0 when the schema is valid, 1 when it is not, 2 when the file cannot be \
                read or parsed.
                """)

        @Argument(help: ArgumentHelp("The JSON Schema file to check.", valueName: "schema.json"))
        var schema: String

        @Flag(name: .long, help: "Print the JSON Schema \"basic\" output object.")
        var json = false

        func run() async throws {
            let value: JSONValue
            do { value = try readSchemaJSONFile(schema) } catch {
                schemaPrintError("\(schema): \(error)")
                throw ExitCode(2)
            }
            var result = SchemaValidator.checkSchema(value)
            if result.isValid {
                do { _ = try SchemaValidator(schema: value) } catch let e as SchemaCompileError {
                    result = ValidationResult(errors: [
                        JSONSchema.ValidationError(instanceLocation: e.location, keywordLocation: "", message: e.message)
                    ])
                }
            }
            if json {
                print(result.basicOutput.canonicalString)
            } else if result.isValid {
                print("\(schema): valid schema")
            } else {
                print("\(schema): not a valid schema (\(result.errors.count) error\(result.errors.count == 1 ? "" : "s"))")
                for e in result.errors {
                    print("  " + describeSchemaError(e))
                }
            }
            if !result.isValid { throw ExitCode(1) }
        }
    }
}

private func readSchemaJSONFile(_ path: String) throws -> JSONValue {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw SchemaFileError(message: "cannot read the file")
    }
    return try JSONValue(parsing: data)
}

private struct SchemaFileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

private func describeSchemaError(_ e: JSONSchema.ValidationError) -> String {
    let at = e.instanceLocation.isEmpty ? "/" : e.instanceLocation
    return e.keywordLocation.isEmpty ? "\(at): \(e.message)" : "\(at): \(e.message) [schema \(e.keywordLocation)]"
}

private func schemaPrintError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}
