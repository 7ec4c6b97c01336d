import JSONSchema

/// Where the agent posts task updates (`lf.a2a.v1.TaskPushNotificationConfig`).
public struct TaskPushNotificationConfig: ProtoJSONCodable, Equatable {
    public var tenant: String
    public var id: String
    public var taskId: String
    public var url: String
    public var token: String
    public var authentication: AuthenticationInfo?

    public init(url: String, id: String = "", taskId: String = "", token: String = "", authentication: AuthenticationInfo? = nil,
                tenant: String = "") {
        self.url = url
        self.id = id
        self.taskId = taskId
        self.token = token
        self.authentication = authentication
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        tenant = try r.string("tenant")
        id = try r.string("id")
        taskId = try r.string("taskId")
        url = try r.string("url")
        token = try r.string("token")
        authentication = try r.optionalMessage("authentication")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("tenant", tenant)
        w.string("id", id)
        w.string("taskId", taskId)
        w.string("url", url)
        w.string("token", token)
        w.message("authentication", authentication)
        return w.value
    }
}
