import Foundation
import JSONSchema

/// Compiles a JSON Schema's `x-sensitivity` and `x-pii` marks into the states of a ``SensitivityMap``.
///
/// First every subschema becomes a node (with `$ref`s resolved to nodes), then the nodes that lead to no
/// mark are dropped, then the sets of nodes that can apply together at one location (through `allOf`,
/// `$ref` and the like) become states, each set once, so that using the map is one lookup per step.
struct SensitivitySchemaCompiler {
    struct Compiled {
        var states: [MarkState]
        var root: Int
        var declaredLevels: Set<SensitivityLevel>
        var declaresPII: Bool
        var externalReferences: [String]
    }

    /// One subschema.
    struct Node {
        var level: SensitivityLevel?
        var pii = false
        /// Subschemas that apply at the same location: `$ref`, `allOf`, `anyOf`, `oneOf`, `if`, `then`, `else`,
        /// `dependentSchemas`.
        var applied: [Int] = []
        var properties: [String: Int] = [:]
        var patterns: [(pattern: String, node: Int)] = []
        var additionalProperties: Int?
        var unevaluatedProperties: Int?
        var prefixItems: [Int] = []
        /// Items after `prefixItems`: `items`, draft-07 `additionalItems`, `unevaluatedItems`.
        var otherItems: [Int] = []
        /// Every item: `contains` (which items it describes is not known without validating).
        var everyItem: [Int] = []

        var children: [Int] {
            Array(properties.values) + patterns.map(\.node) + [additionalProperties, unevaluatedProperties].compactMap { $0 }
                + prefixItems + otherItems + everyItem
        }
    }

    static let maxDepth = 256
    static let maxNodes = 50_000
    static let maxStates = 10_000
    static let maxPatterns = 8

    let document: JSONValue
    private var nodes: [Node] = []
    private var nodeAtPointer: [String: Int] = [:]
    private var anchors: [String: Int] = [:]
    private var pendingReferences: [(node: Int, reference: String, resource: String, pointer: String)] = []
    private var externalReferences: [String] = []
    private var declaredLevels: Set<SensitivityLevel> = []
    private var declaresPII = false
    private var validators: [String: SchemaValidator] = [:]

    init(document: JSONValue) {
        self.document = document
    }

    mutating func compile() throws(WardenError) -> Compiled {
        let root = try node(document, pointer: "", resource: "", depth: 0)
        try resolveReferences()
        var builder = StateBuilder(nodes: nodes, validators: validators)
        let rootState = try builder.state(for: [root])
        return Compiled(states: builder.states, root: rootState, declaredLevels: declaredLevels, declaresPII: declaresPII,
                        externalReferences: externalReferences.sorted())
    }

    // MARK: nodes

    private mutating func node(_ schema: JSONValue, pointer: String, resource: String, depth: Int) throws(WardenError) -> Int {
        if let id = nodeAtPointer[pointer] { return id }
        guard depth <= Self.maxDepth else {
            throw WardenError.invalidInput("the schema is nested deeper than \(Self.maxDepth) levels at \(Self.show(pointer)); flatten it with $defs and $ref")
        }
        guard nodes.count < Self.maxNodes else {
            throw WardenError.invalidInput("the schema has more than \(Self.maxNodes) subschemas; split it")
        }
        let id = nodes.count
        nodes.append(Node())
        nodeAtPointer[pointer] = id
        let members: [String: JSONValue]
        switch schema {
        case .bool: return id
        case .object(let o): members = o
        default:
            throw WardenError.invalidInput("the schema at \(Self.show(pointer)) is a \(schema.typeName); a schema is an object or a Boolean")
        }
        var n = Node()
        var resource = resource
        if !pointer.isEmpty, members["$id"]?.stringValue != nil { resource = pointer }
        if let mark = members["x-sensitivity"] {
            guard let text = mark.stringValue, let level = SensitivityLevel(rawValue: text) else {
                let shown = mark.stringValue.map { "\"\(Self.clip($0))\"" } ?? "a \(mark.typeName)"
                throw WardenError.invalidInput(
                    "x-sensitivity at \(Self.show(pointer)) is \(shown); use one of public, internal, confidential, restricted")
            }
            n.level = level
            declaredLevels.insert(level)
        }
        if let tag = members["x-pii"] {
            guard let pii = tag.boolValue else {
                throw WardenError.invalidInput("x-pii at \(Self.show(pointer)) is a \(tag.typeName); use true or false")
            }
            n.pii = pii
            declaresPII = declaresPII || pii
        }
        for key in ["$anchor", "$dynamicAnchor"] {
            if let name = members[key]?.stringValue { anchors[resource + "#" + name] = id }
        }
        for key in ["$ref", "$dynamicRef"] {
            if let ref = members[key]?.stringValue { pendingReferences.append((id, ref, resource, pointer)) }
        }

        func sub(_ value: JSONValue, _ tokens: String...) throws(WardenError) -> Int {
            var p = pointer
            for t in tokens { p += "/" + Self.escape(t) }
            return try node(value, pointer: p, resource: resource, depth: depth + 1)
        }
        func list(_ key: String) throws(WardenError) -> [Int] {
            guard let value = members[key] else { return [] }
            guard let items = value.arrayValue else {
                throw WardenError.invalidInput("\(key) at \(Self.show(pointer)) is a \(value.typeName); it must be an array of schemas")
            }
            var out: [Int] = []
            for (i, v) in items.enumerated() { out.append(try sub(v, key, String(i))) }
            return out
        }
        func map(_ key: String) throws(WardenError) -> [(String, Int)] {
            guard let value = members[key] else { return [] }
            guard let o = value.objectValue else {
                throw WardenError.invalidInput("\(key) at \(Self.show(pointer)) is a \(value.typeName); it must be an object of schemas")
            }
            var out: [(String, Int)] = []
            for name in o.keys.sorted() {
                // The key came from `o`, so the lookup cannot fail.
                if let v = o[name] { out.append((name, try sub(v, key, name))) }
            }
            return out
        }
        func single(_ key: String) throws(WardenError) -> Int? {
            guard let value = members[key] else { return nil }
            return try sub(value, key)
        }

        for key in ["allOf", "anyOf", "oneOf"] { n.applied += try list(key) }
        for key in ["if", "then", "else"] { if let s = try single(key) { n.applied.append(s) } }
        n.applied += try map("dependentSchemas").map(\.1)
        if let deps = members["dependencies"]?.objectValue {
            // Draft-07: a value is either a schema or a list of property names.
            for name in deps.keys.sorted() where deps[name]?.arrayValue == nil {
                if let v = deps[name] { n.applied.append(try sub(v, "dependencies", name)) }
            }
        }
        for (name, s) in try map("properties") { n.properties[name] = s }
        for (pattern, s) in try map("patternProperties") {
            if validators[pattern] == nil {
                do {
                    validators[pattern] = try SchemaValidator(schema: .object(["pattern": .string(pattern)]))
                } catch {
                    throw WardenError.invalidInput(
                        "patternProperties at \(Self.show(pointer)) has the pattern \"\(Self.clip(pattern))\", which is not a valid regular expression")
                }
            }
            n.patterns.append((pattern, s))
        }
        n.additionalProperties = try single("additionalProperties")
        n.unevaluatedProperties = try single("unevaluatedProperties")
        n.prefixItems = try list("prefixItems")
        if let items = members["items"] {
            if items.arrayValue != nil {
                n.prefixItems = try list("items")
                if let s = try single("additionalItems") { n.otherItems.append(s) }
            } else {
                n.otherItems.append(try sub(items, "items"))
            }
        }
        if let s = try single("unevaluatedItems") { n.otherItems.append(s) }
        if let s = try single("contains") { n.everyItem.append(s) }
        // Definitions are compiled so that references into them resolve and their marks are checked.
        _ = try map("$defs")
        _ = try map("definitions")
        nodes[id] = n
        return id
    }

    private mutating func resolveReferences() throws(WardenError) {
        // A reference by the document's own $id is a local one.
        let ownID = document["$id"]?.stringValue.map { $0.hasSuffix("#") ? String($0.dropLast()) : $0 }
        while let (id, reference, resource, pointer) = pendingReferences.popLast() {
            guard let hash = reference.firstIndex(of: "#") ?? (reference == ownID ? reference.endIndex : nil),
                reference[..<hash].isEmpty || String(reference[..<hash]) == ownID
            else {
                // Another document: not followed.
                externalReferences.append(reference)
                continue
            }
            let raw = hash < reference.endIndex ? String(reference[reference.index(after: hash)...]) : ""
            let fragment = raw.removingPercentEncoding ?? raw
            let target: Int
            if fragment.isEmpty {
                target = try node(at: resource)
            } else if fragment.hasPrefix("/") {
                target = try node(at: resource + fragment, reference: reference, from: pointer)
            } else if let anchor = anchors[resource + "#" + fragment] ?? anchors["#" + fragment] {
                target = anchor
            } else {
                throw WardenError.invalidInput("$ref \"\(Self.clip(reference))\" at \(Self.show(pointer)) names no $anchor in the schema")
            }
            nodes[id].applied.append(target)
        }
    }

    /// The node of the subschema at `pointer` in the document, compiling it when nothing led there yet.
    private mutating func node(at pointer: String, reference: String = "#", from: String = "") throws(WardenError) -> Int {
        if let id = nodeAtPointer[pointer] { return id }
        var value = document
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let t = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let next = value[t] {
                value = next
            } else if let items = value.arrayValue, let i = Int(t), items.indices.contains(i) {
                value = items[i]
            } else {
                throw WardenError.invalidInput("$ref \"\(Self.clip(reference))\" at \(Self.show(from)) leads nowhere in the schema")
            }
        }
        let resource = pointer.isEmpty ? "" : (value["$id"] != nil ? pointer : "")
        return try node(value, pointer: pointer, resource: resource, depth: 0)
    }

    // MARK: text

    static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == ASCII.slash }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func show(_ pointer: String) -> String { pointer.isEmpty ? "the root" : clip(pointer, 120) }

    static func clip(_ s: String, _ limit: Int = 40) -> String { s.count <= limit ? s : String(s.prefix(limit)) + "…" }
}

/// Turns sets of nodes that apply together into ``MarkState``s.
struct StateBuilder {
    let nodes: [SensitivitySchemaCompiler.Node]
    let validators: [String: SchemaValidator]
    /// Each node with everything applied along with it, only nodes that lead to a mark, sorted.
    private var closures: [[Int]]
    private(set) var states: [MarkState] = [.unmarked]
    private var stateOfSet: [[Int]: Int] = [[]: 0]
    private var pending: [(state: Int, set: [Int])] = []

    init(nodes: [SensitivitySchemaCompiler.Node], validators: [String: SchemaValidator]) {
        self.nodes = nodes
        self.validators = validators
        let marks = Self.leadsToMark(nodes)
        closures = nodes.indices.map { start in
            var seen: Set<Int> = [start]
            var stack = [start]
            while let n = stack.popLast() {
                for a in nodes[n].applied where seen.insert(a).inserted { stack.append(a) }
            }
            return seen.filter { marks[$0] }.sorted()
        }
    }

    /// The state of the location where the nodes `roots` apply; builds it and everything below it.
    mutating func state(for roots: [Int]) throws(WardenError) -> Int {
        let first = try stateID(expanding: roots)
        while let (id, set) = pending.popLast() { states[id] = try build(set) }
        return first
    }

    private mutating func stateID(expanding roots: [Int]) throws(WardenError) -> Int {
        var set: [Int]
        if roots.count == 1 {
            set = closures[roots[0]]
        } else {
            set = Array(Set(roots.flatMap { closures[$0] })).sorted()
        }
        if let id = stateOfSet[set] { return id }
        guard states.count < SensitivitySchemaCompiler.maxStates else {
            throw WardenError.invalidInput(
                "the schema combines its subschemas in more than \(SensitivitySchemaCompiler.maxStates) ways; simplify its allOf/anyOf/oneOf")
        }
        let id = states.count
        states.append(.unmarked)
        stateOfSet[set] = id
        pending.append((id, set))
        set = []
        return id
    }

    private mutating func build(_ set: [Int]) throws(WardenError) -> MarkState {
        var s = MarkState()
        let members = set.map { nodes[$0] }
        for m in members {
            s.level = max(s.level, m.level)
            s.pii = s.pii || m.pii
        }
        var patterns: [String] = []
        for m in members {
            for p in m.patterns where !patterns.contains(p.pattern) { patterns.append(p.pattern) }
        }
        guard patterns.count <= SensitivitySchemaCompiler.maxPatterns else {
            throw WardenError.invalidInput(
                "more than \(SensitivitySchemaCompiler.maxPatterns) patternProperties apply at one location; mark the data on named properties instead")
        }
        let names = Set(members.flatMap { $0.properties.keys })
        for name in names.sorted() {
            var children: [Int] = []
            for m in members {
                var evaluated = false
                if let c = m.properties[name] {
                    children.append(c)
                    evaluated = true
                }
                for p in m.patterns where validators[p.pattern]?.isValid(.string(name)) ?? true {
                    children.append(p.node)
                    evaluated = true
                }
                if !evaluated, let a = m.additionalProperties { children.append(a) }
            }
            s.properties[name] = try stateID(expanding: children)
        }
        if patterns.isEmpty {
            s.otherProperties = try stateID(expanding: members.flatMap { [$0.additionalProperties, $0.unevaluatedProperties].compactMap { $0 } })
        } else {
            s.patterns = patterns.compactMap { validators[$0] }
            for mask in 0..<(1 << patterns.count) {
                var children: [Int] = []
                for m in members {
                    let matched = m.patterns.filter { p in patterns.firstIndex(of: p.pattern).map { mask & (1 << $0) != 0 } ?? false }
                    if matched.isEmpty {
                        if let a = m.additionalProperties { children.append(a) }
                    } else {
                        children += matched.map(\.node)
                    }
                    if let u = m.unevaluatedProperties { children.append(u) }
                }
                s.patternChildren.append(try stateID(expanding: children))
            }
        }
        let prefixCount = members.map(\.prefixItems.count).max() ?? 0
        for i in 0..<prefixCount {
            var children: [Int] = []
            for m in members {
                children += i < m.prefixItems.count ? [m.prefixItems[i]] : m.otherItems
                children += m.everyItem
            }
            s.prefixItems.append(try stateID(expanding: children))
        }
        s.otherItems = try stateID(expanding: members.flatMap { $0.otherItems + $0.everyItem })
        return s
    }

    /// Whether a mark is reachable from each node (through what applies with it and through its children).
    private static func leadsToMark(_ nodes: [SensitivitySchemaCompiler.Node]) -> [Bool] {
        var reverse = [[Int]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            for t in n.applied + n.children { reverse[t].append(i) }
        }
        var marks = nodes.map { $0.level != nil || $0.pii }
        var stack = marks.indices.filter { marks[$0] }
        while let t = stack.popLast() {
            for s in reverse[t] where !marks[s] {
                marks[s] = true
                stack.append(s)
            }
        }
        return marks
    }
}
