import JSONSchema

/// The params of `CancelTask` (`lf.a2a.v1.CancelTaskRequest`).
public struct CancelTaskRequest: ProtoJSONCodable, Equatable {
    public var tenant: String
    /// The task (required).
    public var id: String
    public var metadata: [String: JSONValue]?

    public init(id: String, metadata: [String: JSONValue]? = nil, tenant: String = "") {
        self.id = id
        self.metadata = metadata
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        id = try r.string("id")
        metadata = try r.optionalStruct("metadata")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.string("id", id)
        w.structValue("metadata", metadata)
        return w.value
    }
}
