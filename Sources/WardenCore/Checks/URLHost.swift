/// The host of an `http://` or `https://` URL as checks compare it, and host patterns to compare it with.
enum URLHost {
    enum Parsed: Sendable, Equatable {
        /// The host, lowercased, without port, user information or a trailing dot.
        case host(String)
        /// The host part holds a `{{…}}` placeholder: it is chosen at call time.
        case templated
        /// Not an http(s) URL with a host.
        case unreadable
    }

    /// The host of `url`, read without a URL parser so that placeholders elsewhere in it (`?city={{city}}`) do not
    /// make it unreadable.
    static func parse(_ url: String) -> Parsed {
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = lower.dropFirst(8) } else if lower.hasPrefix("http://") { rest = lower.dropFirst(7) } else {
            return .unreadable
        }
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" && $0 != "\\" }
        if authority.contains("{{") || authority.contains("}}") { return .templated }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return .unreadable }
            host = authority[authority.startIndex...close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        while host.hasSuffix(".") { host = host.dropLast() }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace }) else { return .unreadable }
        return .host(String(host))
    }

    /// Whether `host` (lowercase) matches one of `patterns`: a host name, exactly (case-insensitively), or
    /// `*.domain`, any subdomain of `domain` but not `domain` itself.
    static func host(_ host: String, matchesAnyOf patterns: [String]) -> Bool {
        patterns.contains { raw in
            var p = raw.lowercased()
            while p.hasSuffix(".") { p.removeLast() }
            if p.hasPrefix("*.") {
                let domain = p.dropFirst(2)
                return !domain.isEmpty && host.hasSuffix("." + domain)
            }
            return !p.isEmpty && host == p
        }
    }
}
