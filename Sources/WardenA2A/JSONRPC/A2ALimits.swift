/// Bounds on untrusted A2A input, checked before any work.
public struct A2ALimits: Sendable, Equatable {
    /// The largest request body accepted, in bytes (default 4 MiB); bigger is -32600 "Payload too large".
    public var maxBodyBytes: Int
    /// The deepest JSON nesting accepted (default 64); deeper is -32600.
    public var maxDepth: Int
    /// The most parts one message may have (default 64); more is -32602.
    public var maxPartsPerMessage: Int

    public init(maxBodyBytes: Int = 4 << 20, maxDepth: Int = 64, maxPartsPerMessage: Int = 64) {
        self.maxBodyBytes = maxBodyBytes
        self.maxDepth = maxDepth
        self.maxPartsPerMessage = maxPartsPerMessage
    }

    public static let standard = A2ALimits()
}
