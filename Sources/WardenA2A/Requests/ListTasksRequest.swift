import JSONSchema

/// The params of `ListTasks` (`lf.a2a.v1.ListTasksRequest`): filters and a page.
public struct ListTasksRequest: ProtoJSONCodable, Equatable {
    public var tenant: String
    /// Only tasks of this context; empty for all.
    public var contextId: String
    /// Only tasks in this state; `.unspecified` for all.
    public var status: A2ATaskState
    /// Page size; `nil` for the server's default (a2a-sdk: 50, at most 100).
    public var pageSize: Int32?
    /// The `nextPageToken` of the previous page; empty for the first.
    public var pageToken: String
    public var historyLength: Int32?
    /// Only tasks whose status changed after this instant.
    public var statusTimestampAfter: ProtoTimestamp?
    /// Include artifacts (default false: they are left out).
    public var includeArtifacts: Bool?

    public init(contextId: String = "", status: A2ATaskState = .unspecified, pageSize: Int32? = nil, pageToken: String = "",
                historyLength: Int32? = nil, statusTimestampAfter: ProtoTimestamp? = nil, includeArtifacts: Bool? = nil,
                tenant: String = "") {
        self.contextId = contextId
        self.status = status
        self.pageSize = pageSize
        self.pageToken = pageToken
        self.historyLength = historyLength
        self.statusTimestampAfter = statusTimestampAfter
        self.includeArtifacts = includeArtifacts
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        contextId = try r.string("contextId")
        status = try r.enumValue("status")
        pageSize = try r.optionalInt32("pageSize")
        pageToken = try r.string("pageToken")
        historyLength = try r.optionalInt32("historyLength")
        statusTimestampAfter = try r.optionalTimestamp("statusTimestampAfter")
        includeArtifacts = try r.optionalBool("includeArtifacts")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.string("contextId", contextId)
        w.enumValue("status", status)
        w.int32("pageSize", pageSize)
        w.string("pageToken", pageToken)
        w.int32("historyLength", historyLength)
        w.timestamp("statusTimestampAfter", statusTimestampAfter)
        w.bool("includeArtifacts", includeArtifacts)
        return w.value
    }
}
