import Foundation
import WardenCore

/// Validators for request bodies, built from the component schemas of the committed OpenAPI document,
/// so the document and the checks can never drift apart.
public struct RequestSchemas: Sendable {
    /// The OpenAPI document as served.
    public let document: JSONValue
    let documentData: Data
    let validators: [String: SchemaValidator]

    /// The OpenAPI document shipped with Warden with its request schemas compiled, once per process (every router
    /// built in the process shares them).
    /// - Throws: when the document is missing or a schema does not compile (a packaging bug).
    public static func load() throws -> RequestSchemas {
        try bundled.get()
    }

    private static let bundled = Result<RequestSchemas, any Error> {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "openapi", withExtension: "json")
        else { throw WardenError(.internal, "openapi.json is missing from the Warden bundle") }
        return try RequestSchemas(documentData: Data(contentsOf: url))
    }

    init(documentData: Data) throws {
        self.documentData = documentData
        let doc = try JSONDecoder().decode(JSONValue.self, from: documentData)
        document = doc
        guard let components = doc["components"]?["schemas"]?.objectValue else {
            throw WardenError(.internal, "openapi.json has no components.schemas")
        }
        let defs = components.mapValues(Self.rewriteRefs)
        var validators: [String: SchemaValidator] = [:]
        for name in components.keys {
            // The compiler compiles every `$defs` entry, so each validator carries only the components its schema
            // reaches: with all of them, building the validators grew with the square of the component count.
            let reached = Self.reachable(from: name, in: defs)
            let schema: JSONValue = ["$schema": "https://json-schema.org/draft/2020-12/schema",
                                     "$defs": .object(defs.filter { reached.contains($0.key) }),
                                     "$ref": .string("#/$defs/\(name)")]
            validators[name] = try SchemaValidator(schema: schema)
        }
        self.validators = validators
    }

    /// `name` and every component its schema refers to, directly or through other components.
    static func reachable(from name: String, in defs: [String: JSONValue]) -> Set<String> {
        var seen: Set<String> = [name]
        var todo = [name]
        while let next = todo.popLast() {
            guard let schema = defs[next] else { continue }
            for ref in localRefs(in: schema) where seen.insert(ref).inserted { todo.append(ref) }
        }
        return seen
    }

    /// The component names of the `#/$defs/<name>` references in `v` (after ``rewriteRefs(_:)``).
    static func localRefs(in v: JSONValue) -> Set<String> {
        switch v {
        case .object(let o):
            var out = Set<String>()
            for (k, x) in o {
                if k == "$ref", case .string(let s) = x, s.hasPrefix("#/$defs/") {
                    let rest = s.dropFirst("#/$defs/".count)
                    let token = rest.prefix { $0 != "/" }
                    out.insert(String(token).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~"))
                } else {
                    out.formUnion(localRefs(in: x))
                }
            }
            return out
        case .array(let a): return a.reduce(into: Set<String>()) { $0.formUnion(localRefs(in: $1)) }
        default: return []
        }
    }

    /// Problems with `body` as an instance of the component schema `name`.
    func problems(_ body: JSONValue, against name: String) -> [ValidationError] {
        validators[name]?.validate(body).errors ?? []
    }

    static func rewriteRefs(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, x) in o {
                if k == "$ref", case .string(let s) = x, s.hasPrefix("#/components/schemas/") {
                    out[k] = .string("#/$defs/" + s.dropFirst("#/components/schemas/".count))
                } else {
                    out[k] = rewriteRefs(x)
                }
            }
            return .object(out)
        case .array(let a): return .array(a.map(rewriteRefs))
        default: return v
        }
    }
}
