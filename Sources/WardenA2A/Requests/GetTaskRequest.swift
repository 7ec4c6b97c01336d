import JSONSchema

/// The params of `GetTask` (`lf.a2a.v1.GetTaskRequest`).
public struct GetTaskRequest: ProtoJSONCodable, Equatable {
    public var tenant: String
    /// The task (required).
    public var id: String
    /// At most this many of the latest history messages; `nil` for the agent's default (all), `0` for none.
    public var historyLength: Int32?

    public init(id: String, historyLength: Int32? = nil, tenant: String = "") {
        self.id = id
        self.historyLength = historyLength
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        id = try r.string("id")
        historyLength = try r.optionalInt32("historyLength")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.string("id", id)
        w.int32("historyLength", historyLength)
        return w.value
    }
}
