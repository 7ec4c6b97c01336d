import JSONSchema

/// The result of `ListTasks` (`lf.a2a.v1.ListTasksResponse`).
public struct ListTasksResponse: ProtoJSONCodable, Equatable {
    public var tasks: [A2ATask]
    /// Pass as `pageToken` for the next page; empty on the last.
    public var nextPageToken: String
    public var pageSize: Int32
    /// Tasks matching the filters, over all pages.
    public var totalSize: Int32

    public init(tasks: [A2ATask], nextPageToken: String = "", pageSize: Int32, totalSize: Int32) {
        self.tasks = tasks
        self.nextPageToken = nextPageToken
        self.pageSize = pageSize
        self.totalSize = totalSize
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tasks = try r.messages("tasks")
        nextPageToken = try r.string("nextPageToken")
        pageSize = try r.int32("pageSize")
        totalSize = try r.int32("totalSize")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.messages("tasks", tasks)
        w.string("nextPageToken", nextPageToken)
        w.int32("pageSize", pageSize)
        w.int32("totalSize", totalSize)
        return w.value
    }

    /// The JSON-RPC result as a2a-sdk writes it: every field without presence written even when empty
    /// (`nextPageToken: ""`), and each task's artifacts left out unless the request asked for them.
    public func wireResult(includeArtifacts: Bool) -> JSONValue {
        var copy = self
        if !includeArtifacts {
            for i in copy.tasks.indices { copy.tasks[i].artifacts = [] }
        }
        guard case .object(var o) = copy.protoJSON(ProtoJSONOptions(emitUnpopulated: true)) else { return .null }
        if !includeArtifacts, case .array(let tasks)? = o["tasks"] {
            o["tasks"] = .array(tasks.map { t in
                guard case .object(var to) = t else { return t }
                to["artifacts"] = nil
                return .object(to)
            })
        }
        return .object(o)
    }
}
