import Foundation

/// The state of one validation run: where evaluation is in the schema and the instance, the dynamic
/// scope for `$dynamicRef`, and the errors found. `collect == false` is the fast path: it stops at
/// the first failure and builds no locations or messages.
final class ValidationContext {
    /// Whether errors are being collected; switched off while a subschema is first tried on the fast path.
    var collect: Bool
    let trackScope: Bool
    let maxDepth: Int
    let maxErrors: Int
    var errors: [ValidationError] = []
    var keywordPath: [String] = []
    var instancePath: [String] = []
    var scope: [SchemaResource] = []
    var depth = 0

    init(collect: Bool, trackScope: Bool, options: ValidationOptions) {
        self.collect = collect
        self.trackScope = trackScope
        maxDepth = options.maxEvaluationDepth
        maxErrors = options.maxErrors
    }

    // MARK: locations and errors

    @inline(__always) func pushKeyword(_ token: String) { if collect { keywordPath.append(token) } }
    @inline(__always) func pushKeyword(_ a: String, _ b: String) {
        if collect {
            keywordPath.append(a)
            keywordPath.append(JSONPointer.escape(b))
        }
    }
    @inline(__always) func pushKeyword(_ a: String, index: Int) {
        if collect {
            keywordPath.append(a)
            keywordPath.append(String(index))
        }
    }
    @inline(__always) func popKeyword(_ n: Int = 1) { if collect { keywordPath.removeLast(n) } }
    @inline(__always) func pushInstance(_ token: String) { if collect { instancePath.append(JSONPointer.escape(token)) } }
    @inline(__always) func pushInstance(_ index: Int) { if collect { instancePath.append(String(index)) } }
    @inline(__always) func popInstance() { if collect { instancePath.removeLast() } }

    func fail(_ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String) {
        guard collect, errors.count < maxErrors else { return }
        var kp = JSONPointer.text(keywordPath)
        if !keyword.isEmpty { kp += "/" + keyword }
        var absolute: String?
        if !node.absoluteLocation.hasPrefix(SchemaCompiler.rootURI + "#") {
            absolute = keyword.isEmpty ? node.absoluteLocation : node.absoluteLocation + "/" + keyword
        }
        errors.append(ValidationError(
            instanceLocation: JSONPointer.text(instancePath), keywordLocation: kp, absoluteKeywordLocation: absolute,
            message: message()))
    }

    /// Drops errors recorded since `mark` (a subschema whose failure does not count).
    @inline(__always) func discardErrors(since mark: Int) {
        if collect, errors.count > mark { errors.removeLast(errors.count - mark) }
    }

    static func describe(_ v: JSONValue) -> String {
        let s = v.canonicalString
        return s.count > 60 ? String(s.prefix(57)) + "..." : s
    }
}
