import JSONSchema
import Synchronization

/// The compiled input and output schemas of each target's skills, compiled on first use and kept while the
/// target's published schemas stay the same. Thread-safe; bounded.
final class A2ASkillValidators: Sendable {
    struct Compiled: Sendable {
        var schemas: SkillSchemasExtension.Schemas
        var input: SchemaValidator?
        var output: SchemaValidator?
    }

    private let table = Mutex<[String: Compiled]>([:])
    let maxEntries: Int

    init(maxEntries: Int = 4096) {
        self.maxEntries = max(1, maxEntries)
    }

    /// The validators of `skill` on `target`.
    /// - Throws: ``A2AClientFailure/unknownSkill(_:)`` when the target publishes no such skill,
    ///   ``A2AClientFailure/invalidSchema(skill:which:)`` when a published schema does not compile.
    func validators(for skill: String, of target: A2ATarget) throws(A2AClientFailure) -> Compiled {
        guard let schemas = target.skills[skill] else { throw .unknownSkill(skill) }
        // A NUL cannot occur in a registry name, so the key is unambiguous.
        let key = target.name + "\u{0}" + skill
        if let hit = table.withLock({ $0[key] }), hit.schemas == schemas { return hit }
        let compiled = Compiled(schemas: schemas, input: try Self.compile(schemas.input, skill: skill, which: "input"),
                                output: try Self.compile(schemas.output, skill: skill, which: "output"))
        table.withLock { t in
            if t.count >= maxEntries && t[key] == nil { t.removeAll(keepingCapacity: true) }
            t[key] = compiled
        }
        return compiled
    }

    private static func compile(_ schema: JSONValue?, skill: String, which: String) throws(A2AClientFailure) -> SchemaValidator? {
        guard let schema else { return nil }
        do {
            return try SchemaValidator(schema: schema)
        } catch {
            throw .invalidSchema(skill: skill, which: which)
        }
    }

    /// Up to five problems with their JSON Pointers.
    static func summary(_ result: ValidationResult) -> String {
        result.errors.prefix(5).map { "\($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation): \($0.message)" }
            .joined(separator: "; ")
    }
}
