import Foundation
import JSONSchema

extension A2AV03 {
    /// A 0.3 part: `{"kind": "text", "text": ...}`, `{"kind": "file", "file": {...}}` or `{"kind": "data", "data": {...}}`.
    public enum Part: A2AV03Codable, Equatable {
        case text(String, metadata: [String: JSONValue]?)
        case file(File, metadata: [String: JSONValue]?)
        /// `data` is always an object in 0.3.
        case data([String: JSONValue], metadata: [String: JSONValue]?)

        /// A 0.3 file: inline base64 `bytes` or a `uri`, with optional `mimeType` and `name`.
        public struct File: Sendable, Equatable {
            public enum Content: Sendable, Equatable {
                /// Base64 text as sent.
                case bytes(String)
                case uri(String)
            }

            public var content: Content
            public var mimeType: String?
            public var name: String?

            public init(_ content: Content, mimeType: String? = nil, name: String? = nil) {
                self.content = content
                self.mimeType = mimeType
                self.name = name
            }
        }

        public var metadata: [String: JSONValue]? {
            switch self {
            case .text(_, let m), .file(_, let m), .data(_, let m): m
            }
        }

        public init(v03JSON: JSONValue, path: String) throws(ProtoJSONError) {
            let r = try ProtoReader(v03JSON, path: path)
            let metadata = try r.optionalStruct("metadata")
            let kind = try r.optionalString("kind") ?? (r.has("text") ? "text" : r.has("file") ? "file" : r.has("data") ? "data" : "")
            switch kind {
            case "text":
                self = .text(try r.requiredString("text"), metadata: metadata)
            case "file":
                let f = try ProtoReader(try r.required("file"), path: r.at("file"))
                let content: File.Content
                if let b = try f.optionalString("bytes") {
                    content = .bytes(b)
                } else if let u = try f.optionalString("uri") {
                    content = .uri(u)
                } else {
                    throw ProtoJSONError(path: f.path, problem: "a file needs bytes or uri")
                }
                self = .file(File(content, mimeType: try f.optionalString("mimeType"), name: try f.optionalString("name")),
                             metadata: metadata)
            case "data":
                guard let d = try r.optionalStruct("data") else {
                    throw ProtoJSONError(path: r.at("data"), problem: "required field missing (an object)")
                }
                self = .data(d, metadata: metadata)
            default:
                throw ProtoJSONError(path: path, problem: "a part needs kind \"text\", \"file\" or \"data\"")
            }
        }

        public var v03JSON: JSONValue {
            var w = ProtoWriter(.standard)
            switch self {
            case .text(let t, _):
                w.set("kind", "text")
                w.set("text", .string(t))
            case .file(let f, _):
                w.set("kind", "file")
                var fw = ProtoWriter(.standard)
                switch f.content {
                case .bytes(let b): fw.set("bytes", .string(b))
                case .uri(let u): fw.set("uri", .string(u))
                }
                fw.string("mimeType", f.mimeType)
                fw.string("name", f.name)
                w.set("file", fw.value)
            case .data(let d, _):
                w.set("kind", "data")
                w.set("data", .object(d))
            }
            w.structValue("metadata", metadata)
            return w.value
        }
    }
}
