/// Who a verified client certificate names: its SPIFFE URI SAN (`spiffe://trust-domain/path`) if it has one, else its
/// first DNS SAN, else its subject common name. Built from names already read off a certificate; it verifies nothing.
public struct CertificateIdentity: Sendable, Hashable, CustomStringConvertible {
    /// Which part of the certificate the identity came from.
    public enum Source: String, Sendable, Codable, CaseIterable {
        case spiffeURI = "spiffe"
        case dnsName = "dns"
        case commonName = "cn"
    }

    public let source: Source
    /// The identity: the SPIFFE ID, the DNS name (lowercase, without a trailing dot) or the CN as written.
    public let value: String

    /// `source:value`, as logs and audit events show it.
    public var description: String { "\(source.rawValue):\(value)" }

    /// The identity of a certificate with these names, or nil when it names none.
    ///
    /// Only `spiffe:` URIs count among the URIs. When a certificate carries a `spiffe:` URI that is malformed, or more
    /// than one (a SPIFFE X509-SVID has exactly one), it has no identity at all rather than falling back to its DNS
    /// names: whoever issued it meant it as a SPIFFE credential, and it is not a valid one.
    /// - Parameters:
    ///   - uniformResourceIdentifiers: the certificate's URI SANs, in order.
    ///   - dnsNames: its DNS SANs, in order.
    ///   - commonNames: the CN attributes of its subject, most specific first (the first usable one is taken).
    public init?(uniformResourceIdentifiers: [String], dnsNames: [String], commonNames: [String]) {
        let spiffe = uniformResourceIdentifiers.filter { $0.lowercased().hasPrefix("spiffe:") }
        if !spiffe.isEmpty {
            guard spiffe.count == 1, Self.isValidSPIFFEID(spiffe[0]) else { return nil }
            self.init(source: .spiffeURI, value: spiffe[0])
            return
        }
        if let dns = dnsNames.lazy.compactMap(Self.normalizedDNSName).first {
            self.init(source: .dnsName, value: dns)
            return
        }
        if let cn = commonNames.first(where: { !$0.isEmpty && $0.utf8.count <= 255 && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } }) {
            self.init(source: .commonName, value: cn)
            return
        }
        return nil
    }

    public init(source: Source, value: String) {
        self.source = source
        self.value = value
    }

    /// Whether `uri` is a SPIFFE ID: `spiffe://` (lowercase), a trust domain of lowercase letters, digits, `.`, `-`, `_`,
    /// then an optional path of non-empty segments of letters, digits, `.`, `-`, `_` (not `.` or `..`); no query,
    /// fragment, port or user info (the SPIFFE ID specification, section 2).
    public static func isValidSPIFFEID(_ uri: String) -> Bool {
        let prefix = "spiffe://"
        guard uri.hasPrefix(prefix), uri.utf8.count <= 2048 else { return false }
        let rest = uri.dropFirst(prefix.count)
        let slash = rest.firstIndex(of: "/")
        let domain = rest[..<(slash ?? rest.endIndex)]
        let domainChars = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard !domain.isEmpty, domain.allSatisfy(domainChars.contains) else { return false }
        guard let slash else { return true }
        let segmentChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")
        let segments = rest[rest.index(after: slash)...].split(separator: "/", omittingEmptySubsequences: false)
        return segments.allSatisfy { s in !s.isEmpty && s != "." && s != ".." && s.allSatisfy(segmentChars.contains) }
    }

    /// `name` lowercased without a trailing dot, when it is a plain DNS name (labels of letters, digits, `-`, `_`);
    /// nil otherwise. A wildcard (`*.example.com`) names no one caller, so it is no identity.
    static func normalizedDNSName(_ name: String) -> String? {
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        guard !n.isEmpty, n.utf8.count <= 253 else { return nil }
        let labelChars = Set("abcdefghijklmnopqrstuvwxyz0123456789-_")
        let labels = n.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard !label.isEmpty, label.utf8.count <= 63, label.allSatisfy(labelChars.contains) else { return nil }
        }
        return n
    }
}
