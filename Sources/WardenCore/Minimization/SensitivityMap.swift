import JSONSchema

/// Which parts of a JSON value are how sensitive, compiled once from a JSON Schema and reused for every
/// value (it is immutable and `Sendable`).
///
/// A schema marks a location with the keyword `"x-sensitivity": "public" | "internal" | "confidential" |
/// "restricted"` and tags personal data with `"x-pii": true`. A mark applies to everything below the
/// location. The map follows `properties`, `patternProperties`, `additionalProperties`,
/// `unevaluatedProperties`, `items` (also draft-07 tuples with `additionalItems`), `prefixItems`,
/// `unevaluatedItems`, `contains` (conservatively: every item), local `$ref` and `$dynamicRef` (JSON
/// Pointers, `$anchor`s, into `$defs` and `definitions` or anywhere in the document, recursive ones
/// included), and `allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`, `dependentSchemas`: where several
/// subschemas may apply, the most sensitive mark any of them gives wins, whether or not the value
/// matches that branch. `not` and `propertyNames` mark nothing.
///
/// Data that nothing marks has ``defaultLevel`` when it is a scalar (a string, number, Boolean or null);
/// an unmarked object or array is only structure, and each member is judged on its own.
public struct SensitivityMap: Sendable {
    /// One step into a value: an object member or an array element.
    public enum Step: Sendable, Hashable {
        case property(String)
        case item(Int)
    }

    /// The level of scalars that nothing marks.
    public let defaultLevel: SensitivityLevel
    /// Every level some `x-sensitivity` in the schema names.
    public let declaredLevels: Set<SensitivityLevel>
    /// Whether the schema tags anything `x-pii`.
    public let declaresPII: Bool
    /// `$ref`s to other documents, which the map cannot follow: data below them carries only the marks
    /// of the locations that refer to them (and ``defaultLevel``).
    public let externalReferences: [String]
    let states: [MarkState]
    /// The state of the value's root.
    let root: Int

    /// Compiles the marks of `schema`.
    /// - Parameter defaultLevel: the level of unmarked scalars; `internal` unless said otherwise, since
    ///   a gateway must not assume that data is public.
    /// - Throws: `WardenError` `invalid_input` when `x-sensitivity` is not one of the four levels, `x-pii`
    ///   is not a Boolean, a subschema is neither an object nor a Boolean, a local `$ref` leads nowhere, a
    ///   `patternProperties` pattern is not a valid regular expression, or the schema is too deep or too
    ///   complex to compile; the message names the location.
    public init(schema: JSONValue, defaultLevel: SensitivityLevel = .internal) throws(WardenError) {
        var compiler = SensitivitySchemaCompiler(document: schema)
        let compiled = try compiler.compile()
        self.defaultLevel = defaultLevel
        states = compiled.states
        root = compiled.root
        declaredLevels = compiled.declaredLevels
        declaresPII = compiled.declaresPII
        externalReferences = compiled.externalReferences
    }

    /// A map without a schema: every scalar has `defaultLevel`.
    public init(defaultLevel: SensitivityLevel = .internal) {
        self.defaultLevel = defaultLevel
        states = [MarkState.unmarked]
        root = 0
        declaredLevels = []
        declaresPII = false
        externalReferences = []
    }

    /// The mark of the location `path` leads to (from the root of the value).
    public func mark(at path: [Step]) -> SensitivityMark {
        var state = root
        var level = states[state].level
        var pii = states[state].pii
        for step in path {
            switch step {
            case .property(let name): state = states[state].property(name)
            case .item(let index): state = states[state].item(index)
            }
            level = max(level, states[state].level)
            pii = pii || states[state].pii
        }
        return SensitivityMark(level: level, pii: pii)
    }

    /// The level data at `path` is judged by: its mark, else ``defaultLevel`` for a scalar.
    public func level(at path: [Step], isScalar: Bool = true) -> SensitivityLevel? {
        let m = mark(at: path)
        return m.level ?? (isScalar ? defaultLevel : nil)
    }
}

/// The larger of two optional levels, `nil` counting as lower than any level.
func max(_ a: SensitivityLevel?, _ b: SensitivityLevel?) -> SensitivityLevel? {
    guard let a else { return b }
    guard let b else { return a }
    return Swift.max(a, b)
}

/// One compiled location of a ``SensitivityMap``: its own mark and where each child goes.
///
/// State 0 is the location below which nothing is marked; every child of it is itself.
struct MarkState: Sendable {
    var level: SensitivityLevel?
    var pii = false
    var properties: [String: Int] = [:]
    /// The state of members not named in `properties`, when there are no `patterns`.
    var otherProperties = 0
    /// The `patternProperties` patterns that apply to unnamed members here.
    var patterns: [SchemaValidator] = []
    /// The state of an unnamed member by which `patterns` it matches (bit `i` for `patterns[i]`).
    var patternChildren: [Int] = []
    var prefixItems: [Int] = []
    var otherItems = 0

    static let unmarked = MarkState()

    func property(_ name: String) -> Int {
        if let s = properties[name] { return s }
        if patterns.isEmpty { return otherProperties }
        var mask = 0
        let key = JSONValue.string(name)
        for (i, p) in patterns.enumerated() where p.isValid(key) { mask |= 1 << i }
        return patternChildren[mask]
    }

    func item(_ index: Int) -> Int { index < prefixItems.count ? prefixItems[index] : otherItems }
}
