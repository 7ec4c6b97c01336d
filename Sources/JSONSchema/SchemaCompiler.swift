import Foundation

/// Turns schema JSON into a graph of ``SchemaNode``s: indexes `$id`s and anchors, resolves every
/// `$ref` (from the schema itself, the caller's registry or the bundled meta-schemas), and rejects
/// what could not be validated safely.
final class SchemaCompiler {
    /// Where a schema sits: its document and pointer, and the base URI, pointer within its resource
    /// and dialect in effect *before* its own `$id`/`$schema` apply.
    struct Location {
        var doc: String
        var pointer: [String]
        var base: String
        var rel: [String]
        var dialect: Dialect

        func child(_ tokens: String...) -> Location {
            Location(doc: doc, pointer: pointer + tokens, base: base, rel: rel + tokens, dialect: dialect)
        }
    }

    static let rootURI = "urn:warden:schema"
    static let maxSchemaDepth = 512

    let registry: [String: JSONValue]
    let options: ValidationOptions
    private var documents: [String: JSONValue] = [:]
    private var index: [String: Location] = [:]
    private var dynamicAnchorLocations: [String: [String: Location]] = [:]
    private var nodes: [String: SchemaNode] = [:]
    private var resources: [String: SchemaResource] = [:]
    private var pendingResources: [SchemaResource] = []
    private(set) var usesDynamicRef = false
    private(set) var usesUnevaluated = false
    /// Schemas created but not yet filled in: compiling works through this list instead of
    /// recursing, so long `$ref` chains cannot exhaust the stack.
    private var pending: [(node: SchemaNode, object: [String: JSONValue], here: Location, pre: Location)] = []
    static let maxNodes = 1_000_000

    init(registry: SchemaRegistry, options: ValidationOptions) {
        self.registry = registry.documents
        self.options = options
    }

    func compileRoot(_ schema: JSONValue) throws -> SchemaNode {
        let pre = try loadDocument(schema, uri: Self.rootURI, dialect: options.defaultDialect == .draft7 ? .draft7 : .draft2020)
        let root = try compile(schema, pre)
        while true {
            if let work = pending.popLast() {
                try fill(work.node, work.object, work.here, work.pre)
                work.node.finish()
            } else if let resource = pendingResources.popLast() {
                for (name, loc) in dynamicAnchorLocations[resource.uri] ?? [:] {
                    resource.dynamicAnchors[name] = try compile(try value(at: loc), loc)
                }
            } else {
                break
            }
        }
        try checkInPlaceCycles()
        return root
    }

    // MARK: documents and identifiers

    @discardableResult
    private func loadDocument(_ value: JSONValue, uri: String, dialect: Dialect) throws -> Location {
        documents[uri] = value
        let pre = Location(doc: uri, pointer: [], base: uri, rel: [], dialect: dialect)
        index[uri] = pre
        try scan(value, pre)
        return pre
    }

    private func value(at loc: Location) throws -> JSONValue {
        guard let doc = documents[loc.doc], let v = JSONPointer.resolve(loc.pointer, in: doc) else {
            throw SchemaCompileError(location: describe(loc), message: "internal: schema location vanished")
        }
        return v
    }

    /// The location with the schema's own `$schema` and `$id` applied, and the anchor a draft-07
    /// fragment-only `$id` declares.
    private func identity(_ obj: [String: JSONValue], _ pre: Location) throws -> (Location, String?) {
        var here = pre
        if case .string(let s) = obj["$schema"] { here.dialect = try dialect(for: s, at: pre) }
        var anchor: String?
        if case .string(let id) = obj["$id"], !(here.dialect.refOverridesSiblings && obj["$ref"] != nil) {
            if here.dialect.idCanBeAnchor && id.hasPrefix("#") {
                anchor = String(id.dropFirst())
            } else {
                let (uri, fragment) = URIReference.splitFragment(URIReference.resolve(id, against: pre.base))
                here.base = uri
                here.rel = []
                if here.dialect.idCanBeAnchor && !fragment.isEmpty { anchor = fragment }
            }
        }
        return (here, anchor)
    }

    private func dialect(for uri: String, at loc: Location) throws -> Dialect {
        if let known = Dialect.known(uri) { return known }
        let key = URIReference.stripEmptyFragment(uri)
        guard case .object(let meta) = registry[key] ?? MetaSchemas.document(key) else { return .draft2020 }
        var base = Dialect.draft2020
        if case .string(let s) = meta["$schema"], let known = Dialect.known(s) { base = known }
        guard case .object(let vocabulary) = meta["$vocabulary"] else { return base }
        do {
            return try Dialect.fromVocabulary(vocabulary, base: base)
        } catch {
            throw SchemaCompileError(location: describe(loc.child("$schema")), message: error.message)
        }
    }

    private func scan(_ value: JSONValue, _ pre: Location) throws {
        guard case .object(let obj) = value else { return }
        guard pre.pointer.count < Self.maxSchemaDepth else {
            throw SchemaCompileError(location: describe(pre), message: "schema nested deeper than \(Self.maxSchemaDepth) levels")
        }
        let (here, anchor) = try identity(obj, pre)
        if here.base != pre.base, index[here.base] == nil { index[here.base] = pre }
        if let anchor { index[here.base + "#" + anchor] = pre }
        if here.dialect.draft != .draft7 {
            if case .string(let a) = obj["$anchor"] { index[here.base + "#" + a] = pre }
            if case .string(let a) = obj["$dynamicAnchor"] {
                index[here.base + "#" + a] = pre
                dynamicAnchorLocations[here.base, default: [:]][a] = pre
            }
        }
        for (tokens, child) in Self.subschemas(of: obj) {
            var loc = here
            loc.pointer = pre.pointer + tokens
            loc.rel = here.rel + tokens
            try scan(child, loc)
        }
    }

    private static let singleKeywords = [
        "additionalProperties", "additionalItems", "contains", "propertyNames", "not", "if", "then", "else",
        "unevaluatedProperties", "unevaluatedItems",
    ]
    private static let mapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]
    private static let arrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]

    /// The subschemas in the keywords this module knows, with their pointer tokens.
    static func subschemas(of obj: [String: JSONValue]) -> [([String], JSONValue)] {
        var out: [([String], JSONValue)] = []
        for k in singleKeywords { if let v = obj[k] { out.append(([k], v)) } }
        for k in mapKeywords {
            if case .object(let m) = obj[k] { for (name, v) in m { out.append(([k, name], v)) } }
        }
        for k in arrayKeywords {
            if case .array(let a) = obj[k] { for (i, v) in a.enumerated() { out.append(([k, String(i)], v)) } }
        }
        switch obj["items"] {
        case .array(let a): for (i, v) in a.enumerated() { out.append((["items", String(i)], v)) }
        case .some(let v): out.append((["items"], v))
        case .none: break
        }
        return out
    }

    // MARK: references

    private func resolveReference(_ reference: String, from here: Location, keyword: String) throws -> (JSONValue, Location) {
        let absolute = URIReference.resolve(reference, against: here.base)
        let (docPart, fragment) = URIReference.splitFragment(absolute)
        let fail = { (message: String) in
            SchemaCompileError(location: self.describe(here.child(keyword)), message: message)
        }
        if index[docPart] == nil {
            if let v = registry[docPart] {
                try loadDocument(v, uri: docPart, dialect: here.dialect)
            } else if let v = MetaSchemas.document(docPart) {
                try loadDocument(v, uri: docPart, dialect: .draft2020)
            } else {
                for (uri, v) in registry where documents[uri] == nil { try loadDocument(v, uri: uri, dialect: here.dialect) }
            }
        }
        guard let start = index[docPart] else {
            throw fail("cannot resolve \(keyword) \"\(reference)\": no schema is registered at \(docPart)")
        }
        if fragment.isEmpty || fragment.hasPrefix("/") {
            guard let tokens = JSONPointer.tokens(fragment.removingPercentEncoding ?? fragment) else {
                throw fail("invalid JSON Pointer in \(keyword) \"\(reference)\"")
            }
            var loc = start
            var v = try value(at: start)
            for t in tokens {
                var post = loc
                if case .object(let obj) = v { post = try identity(obj, loc).0 }
                guard let next = JSONPointer.resolve([t], in: v) else {
                    throw fail("cannot resolve \(keyword) \"\(reference)\": nothing at that JSON Pointer")
                }
                loc = Location(doc: post.doc, pointer: loc.pointer + [t], base: post.base, rel: post.rel + [t], dialect: post.dialect)
                v = next
            }
            return (v, loc)
        }
        guard let loc = index[docPart + "#" + fragment] else {
            throw fail("cannot resolve \(keyword) \"\(reference)\": no anchor \"\(fragment)\" in \(docPart)")
        }
        return (try value(at: loc), loc)
    }

    // MARK: compiling

    private func describe(_ loc: Location) -> String {
        let p = JSONPointer.text(loc.pointer.map(JSONPointer.escape))
        return loc.doc == Self.rootURI ? p : loc.doc + "#" + p
    }

    private func resource(for uri: String) -> SchemaResource {
        if let r = resources[uri] { return r }
        let r = SchemaResource(uri: uri)
        resources[uri] = r
        pendingResources.append(r)
        return r
    }

    func compile(_ value: JSONValue, _ pre: Location) throws -> SchemaNode {
        let key = pre.doc + "#" + JSONPointer.text(pre.pointer.map(JSONPointer.escape))
        if let n = nodes[key] { return n }
        guard nodes.count < Self.maxNodes else {
            throw SchemaCompileError(location: describe(pre), message: "schema has more than \(Self.maxNodes) subschemas")
        }
        guard pre.pointer.count < Self.maxSchemaDepth else {
            throw SchemaCompileError(location: describe(pre), message: "schema nested deeper than \(Self.maxSchemaDepth) levels")
        }
        switch value {
        case .bool(let b):
            let node = SchemaNode(resource: resource(for: pre.base))
            node.constant = b
            node.absoluteLocation = pre.base + "#" + JSONPointer.text(pre.rel.map(JSONPointer.escape))
            nodes[key] = node
            return node
        case .object(let obj):
            let (here, _) = try identity(obj, pre)
            let node = SchemaNode(resource: resource(for: here.base))
            node.absoluteLocation = here.base + "#" + JSONPointer.text(here.rel.map(JSONPointer.escape))
            nodes[key] = node
            pending.append((node, obj, here, pre))
            return node
        default:
            throw SchemaCompileError(location: describe(pre), message: "a schema must be a JSON object or a Boolean, not \(value.typeName)")
        }
    }

    private func fill(_ node: SchemaNode, _ obj: [String: JSONValue], _ here: Location, _ pre: Location) throws {
        let d = here.dialect
        func fail(_ keyword: String, _ message: String) -> SchemaCompileError {
            SchemaCompileError(location: describe(here.child(keyword)), message: message)
        }
        func sub(_ v: JSONValue, _ tokens: String...) throws -> SchemaNode {
            var loc = here
            loc.pointer = pre.pointer + tokens
            loc.rel = here.rel + tokens
            return try compile(v, loc)
        }
        func schemaArray(_ keyword: String) throws -> [SchemaNode]? {
            guard let v = obj[keyword] else { return nil }
            guard case .array(let a) = v, !a.isEmpty else { throw fail(keyword, "\(keyword) must be a non-empty array of schemas") }
            return try a.enumerated().map { try sub($1, keyword, String($0)) }
        }
        func count(_ keyword: String) throws -> Int? {
            guard let v = obj[keyword] else { return nil }
            guard case .number(let n) = v, n.isInteger, JSONNumber.compare(n, JSONNumber(0)) >= 0 else {
                throw fail(keyword, "\(keyword) must be a non-negative integer")
            }
            return n.intValue ?? Int.max
        }
        func number(_ keyword: String) throws -> JSONNumber? {
            guard let v = obj[keyword] else { return nil }
            guard case .number(let n) = v else { throw fail(keyword, "\(keyword) must be a number") }
            return n
        }
        func regex(_ source: String, _ keyword: String) throws -> PatternRegex {
            do { return try PatternRegex(source, budget: options.regexTimeBudget) } catch {
                throw fail(keyword, error.message)
            }
        }

        if let r = obj["$ref"] {
            guard case .string(let s) = r else { throw fail("$ref", "$ref must be a string") }
            let (v, loc) = try resolveReference(s, from: here, keyword: "$ref")
            node.ref = try compile(v, loc)
            if d.refOverridesSiblings { return }
        }
        if d.draft != .draft7, let r = obj["$dynamicRef"] {
            guard case .string(let s) = r else { throw fail("$dynamicRef", "$dynamicRef must be a string") }
            let (v, loc) = try resolveReference(s, from: here, keyword: "$dynamicRef")
            node.dynamicRef = try compile(v, loc)
            let (docPart, fragment) = URIReference.splitFragment(URIReference.resolve(s, against: here.base))
            if !fragment.isEmpty, !fragment.hasPrefix("/"), let anchors = dynamicAnchorLocations[docPart],
                anchors[fragment] != nil
            {
                node.dynamicRefAnchor = fragment
                usesDynamicRef = true
            }
        }

        for k in ["$defs", "definitions"] {
            if case .object(let defs) = obj[k] { for (name, v) in defs { _ = try sub(v, k, name) } }
        }

        if d.validation {
            if let t = obj["type"] {
                let names: [JSONValue]
                if case .array(let a) = t { names = a } else { names = [t] }
                for n in names {
                    guard case .string(let s) = n else { throw fail("type", "type must be a string or an array of strings") }
                    switch s {
                    case "null": node.types.insert(.null)
                    case "boolean": node.types.insert(.boolean)
                    case "object": node.types.insert(.object)
                    case "array": node.types.insert(.array)
                    case "number": node.types.insert(.number)
                    case "string": node.types.insert(.string)
                    case "integer": node.types.insert(.integer)
                    default: throw fail("type", "unknown type \"\(s)\"")
                    }
                    node.typeNames.append(s)
                }
                if node.types.isEmpty { node.types = [.init(rawValue: 128)] }
            }
            if let e = obj["enum"] {
                guard case .array(let a) = e else { throw fail("enum", "enum must be an array") }
                node.enumValues = a
            }
            if let c = obj["const"] { node.constValue = c }
            node.minimum = try number("minimum")
            node.maximum = try number("maximum")
            if case .number = obj["exclusiveMinimum"] { node.exclusiveMinimum = try number("exclusiveMinimum") }
            if case .number = obj["exclusiveMaximum"] { node.exclusiveMaximum = try number("exclusiveMaximum") }
            if let m = try number("multipleOf") {
                guard JSONNumber.compare(m, JSONNumber(0)) > 0 else { throw fail("multipleOf", "multipleOf must be greater than 0") }
                node.multipleOf = m
            }
            node.minLength = try count("minLength")
            node.maxLength = try count("maxLength")
            if let p = obj["pattern"] {
                guard case .string(let s) = p else { throw fail("pattern", "pattern must be a string") }
                node.pattern = try regex(s, "pattern")
            }
            node.minItems = try count("minItems")
            node.maxItems = try count("maxItems")
            if case .bool(let u) = obj["uniqueItems"] { node.uniqueItems = u }
            node.minProperties = try count("minProperties")
            node.maxProperties = try count("maxProperties")
            if let r = obj["required"] {
                guard case .array(let a) = r else { throw fail("required", "required must be an array of strings") }
                node.required = try a.map {
                    guard case .string(let s) = $0 else { throw fail("required", "required must be an array of strings") }
                    return s
                }
            }
            if d.draft != .draft7 {
                if case .object(let m) = obj["dependentRequired"] {
                    for (k, v) in m.sorted(by: { $0.key < $1.key }) {
                        guard case .array(let a) = v else { throw fail("dependentRequired", "dependentRequired values must be arrays of strings") }
                        node.dependentRequired.append((k, a.compactMap(\.stringValue)))
                    }
                }
                if obj["contains"] != nil {
                    node.minContains = try count("minContains") ?? 1
                    node.maxContains = try count("maxContains")
                }
            }
        }
        if case .string(let f) = obj["format"] {
            node.formatName = f
            if options.assertFormat || d.formatAssertion { node.format = FormatChecker.Format(rawValue: f) }
        }
        if d.draft == .draft7 {
            node.contentBase64 = obj["contentEncoding"] == .string("base64")
            node.contentJSON = obj["contentMediaType"] == .string("application/json")
        }
        if d.applicator {
            if case .object(let m) = obj["properties"] {
                for (k, v) in m { node.properties[k] = try sub(v, "properties", k) }
            }
            if case .object(let m) = obj["patternProperties"] {
                for (k, v) in m.sorted(by: { $0.key < $1.key }) {
                    node.patternProperties.append((try regex(k, "patternProperties"), try sub(v, "patternProperties", k)))
                }
            }
            if let v = obj["additionalProperties"] { node.additionalProperties = try sub(v, "additionalProperties") }
            if let v = obj["propertyNames"] { node.propertyNames = try sub(v, "propertyNames") }
            if let v = obj["not"] { node.not = try sub(v, "not") }
            if let v = obj["if"] {
                node.ifNode = try sub(v, "if")
                if let t = obj["then"] { node.thenNode = try sub(t, "then") }
                if let e = obj["else"] { node.elseNode = try sub(e, "else") }
            }
            if let v = obj["contains"] { node.contains = try sub(v, "contains") }
            node.allOf = try schemaArray("allOf") ?? []
            node.anyOf = try schemaArray("anyOf") ?? []
            node.oneOf = try schemaArray("oneOf") ?? []
            if d.itemsArrayForm {
                switch obj["items"] {
                case .array(let a):
                    node.prefixItems = try a.enumerated().map { try sub($1, "items", String($0)) }
                    node.prefixKeyword = "items"
                    if let ai = obj["additionalItems"] {
                        node.items = try sub(ai, "additionalItems")
                        node.itemsKeyword = "additionalItems"
                    }
                case .some(let v): node.items = try sub(v, "items")
                case .none: break
                }
            } else {
                if let p = obj["prefixItems"] {
                    guard case .array(let a) = p else { throw fail("prefixItems", "prefixItems must be an array of schemas") }
                    node.prefixItems = try a.enumerated().map { try sub($1, "prefixItems", String($0)) }
                }
                if let v = obj["items"] { node.items = try sub(v, "items") }
            }
            if d.draft != .draft7, case .object(let m) = obj["dependentSchemas"] {
                for (k, v) in m.sorted(by: { $0.key < $1.key }) {
                    node.dependentSchemas.append((k, try sub(v, "dependentSchemas", k)))
                }
            }
            if case .object(let m) = obj["dependencies"] {
                for (k, v) in m.sorted(by: { $0.key < $1.key }) {
                    if case .array(let a) = v {
                        node.dependentRequired.append((k, a.compactMap(\.stringValue)))
                        node.dependentRequiredKeyword = "dependencies"
                    } else {
                        node.dependentSchemas.append((k, try sub(v, "dependencies", k)))
                        node.dependentSchemasKeyword = "dependencies"
                    }
                }
            }
        }
        if d.unevaluated && d.draft != .draft7 {
            if let v = obj["unevaluatedProperties"] {
                node.unevaluatedProperties = try sub(v, "unevaluatedProperties")
                usesUnevaluated = true
            }
            if let v = obj["unevaluatedItems"] {
                node.unevaluatedItems = try sub(v, "unevaluatedItems")
                usesUnevaluated = true
            }
        }
    }

    /// Rejects schemas that apply themselves to the same instance location forever
    /// (`{"$ref": "#"}`, or `a → allOf → b → $ref a`).
    private func checkInPlaceCycles() throws {
        var state: [ObjectIdentifier: UInt8] = [:]  // 1 on the current path, 2 done
        for start in nodes.values where state[ObjectIdentifier(start)] == nil {
            // Iterative depth-first search: (node, its in-place children, next child to visit).
            var stack: [(SchemaNode, [SchemaNode], Int)] = [(start, start.inPlaceChildren, 0)]
            state[ObjectIdentifier(start)] = 1
            while let (node, children, next) = stack.last {
                if next == children.count {
                    state[ObjectIdentifier(node)] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].2 += 1
                let child = children[next]
                switch state[ObjectIdentifier(child)] {
                case 1:
                    throw SchemaCompileError(
                        location: child.absoluteLocation,
                        message: "reference cycle: this schema applies itself to the same instance without end")
                case 2: continue
                default:
                    state[ObjectIdentifier(child)] = 1
                    stack.append((child, child.inPlaceChildren, 0))
                }
            }
        }
    }
}
