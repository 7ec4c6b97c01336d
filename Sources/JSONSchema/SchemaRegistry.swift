import Foundation

/// Schemas the caller makes available to `$ref` by URI (no network access is ever made).
public struct SchemaRegistry: Sendable {
    /// The registered documents by URI (without an empty trailing fragment).
    public private(set) var documents: [String: JSONValue] = [:]

    public init() {}

    /// Makes `schema` resolvable at `uri`.
    public mutating func add(_ schema: JSONValue, at uri: String) {
        documents[URIReference.stripEmptyFragment(uri)] = schema
    }
}
