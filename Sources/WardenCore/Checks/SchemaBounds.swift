/// Which of the lint's bounds a subschema sets for its instance, counting what must hold with it:
/// its `allOf` members (any of them), its `anyOf` and `oneOf` branches (all of them) and, for in-place
/// subschemas, its parent's bounds (see ``SchemaWalker/Node/inPlace``).
struct SchemaBounds: OptionSet, Sendable {
    let rawValue: UInt8

    /// `additionalProperties: false`, `unevaluatedProperties: false` or a non-empty `x-warden-open-reason`.
    static let closedObject = SchemaBounds(rawValue: 1)
    /// `maxLength`, `enum` or `const`.
    static let boundedString = SchemaBounds(rawValue: 2)
    /// `maxItems`, `enum`, `const`, or a closed tuple (`prefixItems` with `items: false`, or a draft-07 `items`
    /// array with `additionalItems: false`).
    static let boundedArray = SchemaBounds(rawValue: 4)
    /// A `required` array (possibly empty: an explicit choice).
    static let declaresRequired = SchemaBounds(rawValue: 8)

    static let all: SchemaBounds = [.closedObject, .boundedString, .boundedArray, .declaresRequired]

    /// How far into `allOf`/`anyOf`/`oneOf` the bounds are looked for.
    private static let maxCompositionDepth = 4

    /// The bounds `schema` sets by itself and through its composition keywords.
    static func of(_ schema: JSONValue, depth: Int = 0) -> SchemaBounds {
        switch schema {
        case .bool(false): return .all  // admits nothing, so it bounds everything
        case .object(let m):
            var b = own(m)
            guard depth < maxCompositionDepth else { return b }
            if case .array(let members)? = m["allOf"] {
                for s in members { b.formUnion(of(s, depth: depth + 1)) }
            }
            for k in ["anyOf", "oneOf"] {
                guard case .array(let branches)? = m[k], !branches.isEmpty else { continue }
                var common = SchemaBounds.all
                for s in branches { common.formIntersection(of(s, depth: depth + 1)) }
                b.formUnion(common)
            }
            return b
        default: return []
        }
    }

    private static func own(_ m: [String: JSONValue]) -> SchemaBounds {
        var b: SchemaBounds = []
        let hasEnumOrConst = m["enum"] != nil || m["const"] != nil
        if m["additionalProperties"] == .bool(false) || m["unevaluatedProperties"] == .bool(false)
            || openReason(m) != nil {
            b.insert(.closedObject)
        }
        if m["maxLength"]?.numberValue != nil || hasEnumOrConst { b.insert(.boundedString) }
        let closedTuple = (m["prefixItems"]?.arrayValue != nil && m["items"] == .bool(false))
            || (m["items"]?.arrayValue != nil && m["additionalItems"] == .bool(false))
        if m["maxItems"]?.numberValue != nil || hasEnumOrConst || closedTuple { b.insert(.boundedArray) }
        if m["required"]?.arrayValue != nil { b.insert(.declaresRequired) }
        return b
    }

    /// The schema's `x-warden-open-reason`, when it is a string with something in it.
    static func openReason(_ m: [String: JSONValue]) -> String? {
        guard case .string(let r)? = m[SchemaLintCheck.openReasonKeyword],
              r.contains(where: { !$0.isWhitespace }) else { return nil }
        return r
    }
}
