import JSONSchema

/// One way to reach the agent (`lf.a2a.v1.AgentInterface`): a URL, a protocol binding and a protocol version.
public struct AgentInterface: ProtoJSONCodable, Equatable {
    /// The bindings a2a-sdk knows.
    public static let jsonRPC = "JSONRPC"
    public static let httpJSON = "HTTP+JSON"
    public static let grpc = "GRPC"

    public var url: String
    /// `JSONRPC`, `HTTP+JSON` or `GRPC`.
    public var protocolBinding: String
    public var tenant: String
    /// `1.0` or `0.3`.
    public var protocolVersion: String

    public init(url: String, protocolBinding: String = AgentInterface.jsonRPC, protocolVersion: String = "1.0", tenant: String = "") {
        self.url = url
        self.protocolBinding = protocolBinding
        self.protocolVersion = protocolVersion
        self.tenant = tenant
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        url = try r.string("url")
        protocolBinding = try r.string("protocolBinding")
        tenant = try r.string("tenant")
        protocolVersion = try r.string("protocolVersion")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("url", url)
        w.string("protocolBinding", protocolBinding)
        w.string("tenant", tenant)
        w.string("protocolVersion", protocolVersion)
        return w.value
    }
}
