import Tracing

/// The `server.address` and `server.port` span attributes of an outbound URL.
enum ServerAddress {
    /// The host and port of `url` as attributes; none when the authority is a template (`{{...}}`, it could hold
    /// argument values) or cannot be read. User information (credentials) is never part of it.
    static func attributes(of url: String) -> SpanAttributes {
        guard let schemeEnd = url.range(of: "://") else { return [:] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty, !authority.contains("{{") else { return [:] }
        var host = authority
        var port: Int? = scheme == "https" ? 443 : scheme == "http" ? 80 : nil
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") { port = Int(rest.dropFirst()) }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = Int(authority[authority.index(after: colon)...])
        }
        guard !host.isEmpty else { return [:] }
        var out: SpanAttributes = [:]
        out["server.address"] = String(host)
        if let port { out["server.port"] = port }
        return out
    }
}
