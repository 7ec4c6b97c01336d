import Foundation

/// Why a schema could not be compiled.
public struct SchemaCompileError: Error, Sendable, CustomStringConvertible {
    /// JSON Pointer into the schema where the problem is.
    public var location: String
    /// A readable explanation.
    public var message: String

    public init(location: String, message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location.isEmpty ? "/" : location): \(message)" }
}
