/// Lists every subschema of a JSON Schema document, each with its pointer, without recursion and within fixed
/// bounds, so that hostile schemas (deeply nested, huge) cost bounded time and memory.
///
/// Subschemas are found under the applicator keywords of draft 2020-12 and draft-07: `properties`,
/// `patternProperties`, `additionalProperties`, `items` (schema or draft-07 array), `prefixItems`, `additionalItems`,
/// `contains`, `propertyNames`, `unevaluatedItems`, `unevaluatedProperties`, `allOf`, `anyOf`, `oneOf`, `not`,
/// `if`, `then`, `else`, `dependentSchemas`, `dependencies` (schema form), `$defs`, `definitions` and
/// `contentSchema`. `$ref` is not followed here (see ``SchemaRecursionDetector``).
struct SchemaWalker {
    /// Subschemas nested deeper than this (counting every applicator step) are not listed.
    static let maxDepth = 64
    /// At most this many subschemas are listed.
    static let maxNodes = 10_000

    /// Why a subschema is there, which decides which lint rules apply to it.
    enum Position: Sendable, Equatable {
        /// It describes the values the tool accepts or returns.
        case shape
        /// It is a condition or a prohibition (under `not`, `if`, `contains`, `propertyNames`, `contentSchema`):
        /// closing or bounding it would change what the condition means, not tighten the contract.
        case condition
    }

    struct Node: Sendable {
        /// Pointer from the definition's root, e.g. `/inputSchema/properties/city`.
        var pointer: String
        /// Pointer inside the schema document, e.g. `/properties/city` (`""` for the root), as `$ref` fragments spell it.
        var localPointer: String
        var value: JSONValue
        var depth: Int
        var parent: Int?
        var position: Position
        /// Whether it applies to the same instance as its parent (`allOf`, `anyOf`, `oneOf`, `not`, `if`, `then`,
        /// `else`, `dependentSchemas`, `dependencies`), so the parent's constraints hold for it too.
        var inPlace: Bool
    }

    struct Walk: Sendable {
        var nodes: [Node] = []
        /// Pointers of subschemas not listed because they were too deep (the first few).
        var tooDeep: [String] = []
        var tooDeepCount = 0
        /// Whether ``SchemaWalker/maxNodes`` stopped the walk.
        var truncated = false
    }

    private static let singleInPlace = ["not", "if", "then", "else"]
    private static let single = ["additionalProperties", "items", "additionalItems", "contains", "propertyNames",
                                 "unevaluatedItems", "unevaluatedProperties", "contentSchema"]
    private static let arraysInPlace = ["allOf", "anyOf", "oneOf"]
    private static let maps = ["properties", "patternProperties", "$defs", "definitions"]
    private static let mapsInPlace = ["dependentSchemas", "dependencies"]
    private static let conditionKeywords: Set<String> = ["not", "if", "contains", "propertyNames", "contentSchema"]

    /// Every subschema of `schema` in pre-order (a parent before its children, keywords in a fixed order, map
    /// keys sorted), pointers starting with `base`.
    static func walk(_ schema: JSONValue, base: String) -> Walk {
        var walk = Walk()
        var stack: [Node] = [Node(pointer: base, localPointer: "", value: schema, depth: 0, parent: nil,
                                  position: .shape, inPlace: false)]
        while let node = stack.popLast() {
            guard walk.nodes.count < maxNodes else {
                walk.truncated = true
                break
            }
            let index = walk.nodes.count
            walk.nodes.append(node)
            guard case .object(let members) = node.value else { continue }
            // Nodes already waiting count against the limit, so a map with a million members costs no more.
            let budget = max(0, maxNodes - walk.nodes.count - stack.count)
            let (children, cut) = Self.children(of: node, members: members, index: index, budget: budget)
            if cut { walk.truncated = true }
            if node.depth >= maxDepth, !children.isEmpty {
                walk.tooDeepCount += children.count
                if walk.tooDeep.count < 5 { walk.tooDeep.append(node.pointer) }
                continue
            }
            // Reversed so that popping visits them in order.
            stack.append(contentsOf: children.reversed())
        }
        return walk
    }

    private static func children(of node: Node, members: [String: JSONValue], index: Int,
                                 budget: Int) -> (nodes: [Node], cut: Bool) {
        var out: [Node] = []
        var cut = false
        func add(_ value: JSONValue, _ keyword: String, _ tokens: [String], inPlace: Bool) {
            guard isSchema(value) else { return }
            guard out.count < budget else {
                cut = true
                return
            }
            var pointer = node.pointer
            var local = node.localPointer
            for t in [keyword] + tokens {
                pointer += "/" + DefinitionPointer.escape(t)
                local += "/" + DefinitionPointer.escape(t)
            }
            let position: Position = node.position == .condition || conditionKeywords.contains(keyword) ? .condition : .shape
            out.append(Node(pointer: pointer, localPointer: local, value: value, depth: node.depth + 1, parent: index,
                            position: position, inPlace: inPlace))
        }
        for k in singleInPlace { if let v = members[k] { add(v, k, [], inPlace: true) } }
        for k in single {
            guard let v = members[k] else { continue }
            if case .array(let items) = v, k == "items" {
                for (i, item) in items.enumerated() { add(item, k, [String(i)], inPlace: false) }
            } else {
                add(v, k, [], inPlace: false)
            }
        }
        for k in arraysInPlace + ["prefixItems"] {
            guard case .array(let items)? = members[k] else { continue }
            for (i, item) in items.enumerated() { add(item, k, [String(i)], inPlace: k != "prefixItems") }
        }
        for k in maps + mapsInPlace {
            guard case .object(let map)? = members[k] else { continue }
            for key in map.keys.sorted() {
                if cut { break }
                if let v = map[key] { add(v, k, [key], inPlace: mapsInPlace.contains(k)) }
            }
        }
        return (out, cut)
    }

    private static func isSchema(_ value: JSONValue) -> Bool {
        switch value {
        case .object, .bool: true
        default: false
        }
    }
}
