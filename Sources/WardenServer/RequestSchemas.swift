import Foundation
import WardenCore

/// Validators for request bodies, built from the component schemas of the committed OpenAPI document,
/// so the document and the checks can never drift apart.
public struct RequestSchemas: Sendable {
    /// The OpenAPI document as served.
    public let document: JSONValue
    let documentData: Data
    let validators: [String: SchemaValidator]

    /// Loads the OpenAPI document shipped with Warden and compiles its request schemas.
    /// - Throws: when the document is missing or a schema does not compile (a packaging bug).
    public static func load() throws -> RequestSchemas {
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
        let defs = JSONValue.object(components.mapValues(Self.rewriteRefs))
        var validators: [String: SchemaValidator] = [:]
        for name in components.keys {
            let schema: JSONValue = ["$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": defs,
                                     "$ref": .string("#/$defs/\(name)")]
            validators[name] = try SchemaValidator(schema: schema)
        }
        self.validators = validators
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
