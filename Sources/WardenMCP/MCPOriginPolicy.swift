/// Which browser origins may call the MCP endpoint (protection against DNS rebinding). A request without an
/// `Origin` header (any non-browser client) is allowed; one with an origin outside the list gets 403.
public struct MCPOriginPolicy: Sendable, Equatable {
    /// Allowed origins. An entry ending in `*` allows that origin with any port (`http://localhost*` allows
    /// `http://localhost` and `http://localhost:3000`, not `http://localhost.example.com`); `*` alone allows all.
    public var patterns: [String]

    /// Loopback origins on any port.
    public static let defaultPatterns = [
        "http://localhost*", "http://127.0.0.1*", "http://[::1]*",
        "https://localhost*", "https://127.0.0.1*", "https://[::1]*",
    ]

    public init(patterns: [String] = MCPOriginPolicy.defaultPatterns) {
        self.patterns = patterns
    }

    /// Whether a request with this `Origin` header value (nil when absent) may proceed.
    public func allows(_ origin: String?) -> Bool {
        guard let origin else { return true }
        let o = origin.lowercased()
        for p in patterns {
            let pattern = p.lowercased()
            if pattern == "*" { return true }
            if pattern.hasSuffix("*") {
                let prefix = String(pattern.dropLast())
                if o == prefix { return true }
                if o.hasPrefix(prefix + ":") {
                    let port = o.dropFirst(prefix.count + 1)
                    if !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigit) { return true }
                }
            } else if o == pattern {
                return true
            }
        }
        return false
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
