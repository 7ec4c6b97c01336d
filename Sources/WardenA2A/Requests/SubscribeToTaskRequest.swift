import JSONSchema

/// The params of `SubscribeToTask` (`lf.a2a.v1.SubscribeToTaskRequest`).
public struct SubscribeToTaskRequest: ProtoJSONCodable, Equatable {
    public var tenant: String
    /// The task (required).
    public var id: String

    public init(id: String, tenant: String = "") {
        self.id = id
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        id = try r.string("id")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.string("id", id)
        return w.value
    }
}
