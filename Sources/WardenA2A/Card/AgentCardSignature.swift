import JSONSchema

/// A JWS signature of the card (`lf.a2a.v1.AgentCardSignature`), RFC 7515 JSON serialization.
public struct AgentCardSignature: ProtoJSONCodable, Equatable {
    /// The base64url protected header.
    public var protected: String
    /// The base64url signature.
    public var signature: String
    /// The unprotected header.
    public var header: [String: JSONValue]?

    public init(protected: String, signature: String, header: [String: JSONValue]? = nil) {
        self.protected = protected
        self.signature = signature
        self.header = header
    }

    public init(protoJSON: JSONValue, path: String) throws(ProtoJSONError) {
        let r = try ProtoReader(protoJSON, path: path)
        protected = try r.string("protected")
        signature = try r.string("signature")
        header = try r.optionalStruct("header")
    }

    public func protoJSON(_ options: ProtoJSONOptions) -> JSONValue {
        var w = ProtoWriter(options)
        w.string("protected", protected)
        w.string("signature", signature)
        w.structValue("header", header)
        return w.value
    }
}
