import Foundation

/// A schema resource (a schema with its own base URI) as `$dynamicRef` sees it during evaluation.
final class SchemaResource: @unchecked Sendable {
    // Mutable only while the compiler builds it; frozen before any validator is handed out.
    let uri: String
    var dynamicAnchors: [String: SchemaNode] = [:]

    init(uri: String) { self.uri = uri }
}
