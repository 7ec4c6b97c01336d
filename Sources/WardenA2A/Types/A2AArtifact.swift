import JSONSchema

/// An output of a task (`lf.a2a.v1.Artifact`).
public struct A2AArtifact: ProtoJSONCodable, Equatable {
    /// Unique within the task (required).
    public var artifactId: String
    public var name: String
    public var description: String
    /// The content (required: at least one part).
    public var parts: [A2APart]
    public var metadata: [String: JSONValue]?
    public var extensions: [String]

    public init(artifactId: String, parts: [A2APart], name: String = "", description: String = "",
                metadata: [String: JSONValue]? = nil, extensions: [String] = []) {
        self.artifactId = artifactId
        self.parts = parts
        self.name = name
        self.description = description
        self.metadata = metadata
        self.extensions = extensions
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        artifactId = try r.string("artifactId")
        name = try r.string("name")
        description = try r.string("description")
        parts = try r.messages("parts")
        metadata = try r.optionalStruct("metadata")
        extensions = try r.strings("extensions")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("artifactId", artifactId)
        w.string("name", name)
        w.string("description", description)
        w.messages("parts", parts)
        w.structValue("metadata", metadata)
        w.strings("extensions", extensions)
        return w.value
    }
}
