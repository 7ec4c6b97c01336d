import Foundation
import JSONSchema

/// One piece of content in a message or artifact (`lf.a2a.v1.Part`): text, raw bytes, a URL or structured data.
public struct A2APart: ProtoJSONCodable, Equatable {
    /// The content: exactly one of the four kinds.
    public enum Content: Sendable, Equatable {
        /// Plain text.
        case text(String)
        /// File bytes inline (base64 in JSON).
        case raw(Data)
        /// A file by reference.
        case url(String)
        /// Any JSON value (usually an object).
        case data(JSONValue)
    }

    public var content: Content
    /// Optional metadata (`google.protobuf.Struct`); `nil` when unset.
    public var metadata: [String: JSONValue]?
    /// The file name of raw or URL content; empty when unset.
    public var filename: String
    /// The media type (`text/plain`, `application/json`, `image/png`); empty when unset.
    public var mediaType: String

    public init(_ content: Content, mediaType: String = "", filename: String = "", metadata: [String: JSONValue]? = nil) {
        self.content = content
        self.mediaType = mediaType
        self.filename = filename
        self.metadata = metadata
    }

    /// A text part.
    public static func text(_ text: String, mediaType: String = "") -> A2APart { A2APart(.text(text), mediaType: mediaType) }

    /// A structured-data part.
    public static func data(_ value: JSONValue, mediaType: String = "application/json") -> A2APart {
        A2APart(.data(value), mediaType: mediaType)
    }

    /// The text, when this is a text part.
    public var text: String? {
        if case .text(let t) = content { return t }
        return nil
    }

    /// The data, when this is a data part.
    public var data: JSONValue? {
        if case .data(let d) = content { return d }
        return nil
    }

    /// - Throws: ``ProtoJSONError`` when no content or more than one content field is set, or a field has the
    ///   wrong type.
    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        switch try r.oneof(["text", "raw", "url", "data"], group: "content") {
        case "text": content = .text(try r.string("text"))
        case "raw": content = .raw(try r.optionalBytes("raw") ?? Data())
        case "url": content = .url(try r.string("url"))
        case "data": content = .data(r.raw("data") ?? .null)
        default: throw ProtoJSONError(path: path, problem: "a part needs one of text, raw, url or data")
        }
        metadata = try r.optionalStruct("metadata")
        filename = try r.string("filename")
        mediaType = try r.string("mediaType")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        switch content {
        case .text(let t): w.set("text", .string(t))
        case .raw(let d): w.set("raw", .string(ProtoBase64.encode(d)))
        case .url(let u): w.set("url", .string(u))
        case .data(let v): w.set("data", v)
        }
        w.structValue("metadata", metadata)
        w.string("filename", filename)
        w.string("mediaType", mediaType)
        return w.value
    }
}
