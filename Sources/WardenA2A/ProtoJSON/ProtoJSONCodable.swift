import Foundation
import JSONSchema

/// A value with a proto3 JSON form (the JSON mapping of the A2A protobuf definitions).
///
/// Decoding follows `google.protobuf.json_format.ParseDict(..., ignore_unknown_fields=True)` as a2a-sdk's server
/// uses it: each field is found by its JSON name or its proto name (`messageId` or `message_id`), `null` means
/// the default, unknown fields are ignored, int32 fields also accept numeric strings, enums accept their
/// name or number (an unknown name reads as the zero value) and bytes accept standard or URL-safe base64.
/// Encoding follows `MessageToDict`: default values of fields without presence are left out.
public protocol ProtoJSONCodable: Codable, Sendable {
    /// Reads the value from its proto3 JSON form.
    /// - Throws: ``ProtoJSONError`` naming the field that has the wrong JSON type or an invalid value.
    init(protoJSON: JSONValue, path: String) throws(ProtoJSONError)
    /// The proto3 JSON form, as `MessageToDict` writes it.
    func protoJSON(_ options: ProtoJSONOptions) -> JSONValue
}

/// How to write proto3 JSON.
public struct ProtoJSONOptions: Sendable, Equatable {
    /// Also write fields without presence that hold their default value (`""`, `0`, `false`, `[]`, `{}`,
    /// the zero enum), as `MessageToDict(always_print_fields_with_no_presence=True)` does; a2a-sdk's
    /// `ListTasks` result is written this way.
    public var emitUnpopulated: Bool

    public init(emitUnpopulated: Bool = false) {
        self.emitUnpopulated = emitUnpopulated
    }

    /// `MessageToDict`'s defaults.
    public static let standard = ProtoJSONOptions()
}

extension ProtoJSONCodable {
    /// Reads the value from its proto3 JSON form.
    /// - Throws: ``ProtoJSONError``.
    public init(protoJSON: JSONValue) throws(ProtoJSONError) {
        try self.init(protoJSON: protoJSON, path: "")
    }

    /// Parses JSON text and reads the value from it.
    /// - Throws: ``ProtoJSONError`` when the text is not JSON (nested deeper than `maxDepth` included) or not
    ///   this message.
    public init(protoJSONData data: Data, maxDepth: Int = 64) throws(ProtoJSONError) {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: data, maxDepth: maxDepth)
        } catch {
            throw ProtoJSONError(path: "", problem: "not valid JSON (\(error))")
        }
        try self.init(protoJSON: value, path: "")
    }

    /// The proto3 JSON form with `MessageToDict`'s defaults.
    public var protoJSON: JSONValue { protoJSON(.standard) }

    /// The proto3 JSON form as compact UTF-8 bytes (keys sorted).
    public var protoJSONData: Data { protoJSON.canonicalData }

    public init(from decoder: Decoder) throws {
        let value = try JSONValue(from: decoder)
        do {
            try self.init(protoJSON: value, path: "")
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        try protoJSON(.standard).encode(to: encoder)
    }
}
