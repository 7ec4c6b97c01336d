import Foundation

/// One validation error in the JSON Schema "basic" output shape.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the failing part of the instance.
    public var instanceLocation: String
    /// JSON Pointer to the failing keyword in the schema, following `$ref`s as taken.
    public var keywordLocation: String
    /// Absolute URI of the failing keyword, when known.
    public var absoluteKeywordLocation: String?
    /// A readable explanation.
    public var message: String

    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String? = nil, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    public var description: String {
        "\(instanceLocation.isEmpty ? "/" : instanceLocation): \(message) (at \(keywordLocation))"
    }
}
