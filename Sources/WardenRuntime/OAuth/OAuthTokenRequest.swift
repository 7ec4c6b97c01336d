import Foundation
import WardenCore

/// A request to the token endpoint: its form parameters, HTTP Basic client credentials and where it came from.
public struct OAuthTokenRequest: Sendable, Equatable {
    /// Client credentials from an HTTP Basic `Authorization` header (RFC 6749 section 2.3.1).
    public struct BasicCredentials: Sendable, Equatable {
        public var clientID: String
        public var secret: String

        public init(clientID: String, secret: String) {
            self.clientID = clientID
            self.secret = secret
        }
    }

    /// The most parameters a request may have.
    static let maxParameters = 32

    /// Parameters by name; ones sent without a value are left out, as RFC 6749 section 3.1 says.
    public var parameters: [String: String]
    public var basic: BasicCredentials?
    /// The caller's network address, for rate limiting failed client authentications.
    public var remoteAddress: String?

    public init(parameters: [String: String], basic: BasicCredentials? = nil, remoteAddress: String? = nil) {
        self.parameters = parameters
        self.basic = basic
        self.remoteAddress = remoteAddress
    }

    /// Parses an `application/x-www-form-urlencoded` body and the `Authorization` header.
    /// - Throws: ``OAuthError`` `invalid_request` for broken encoding or a repeated parameter, `invalid_client` for an
    ///   `Authorization` header that is not well-formed HTTP Basic.
    public init(form: some Collection<UInt8>, authorization: String?, remoteAddress: String?) throws(OAuthError) {
        self.parameters = try Self.parseForm(form)
        if let authorization { self.basic = try Self.parseBasic(authorization) } else { self.basic = nil }
        self.remoteAddress = remoteAddress
    }

    static func parseForm(_ body: some Collection<UInt8>) throws(OAuthError) -> [String: String] {
        var out: [String: String] = [:]
        var seen = Set<String>()
        for pair in Array(body).split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let nameValue = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decodeComponent(nameValue[0]), let value = decodeComponent(nameValue.count > 1 ? nameValue[1] : ArraySlice<UInt8>()) else {
                throw .invalidRequest("the body is not valid application/x-www-form-urlencoded text (bad percent-encoding or UTF-8)")
            }
            guard !name.isEmpty else { continue }
            guard seen.insert(name).inserted else {
                throw .invalidRequest("the parameter \(OAuthError.allowedText(String(name.prefix(40)))) is given more than once")
            }
            guard seen.count <= maxParameters else { throw .invalidRequest("the request has more than \(maxParameters) parameters") }
            if !value.isEmpty { out[name] = value }
        }
        return out
    }

    /// One form component: `+` is a space, `%XX` a byte; the result must be UTF-8.
    static func decodeComponent(_ bytes: some Collection<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%") {
                let h = bytes.index(after: i)
                guard h != bytes.endIndex, bytes.index(after: h) != bytes.endIndex,
                      let hi = hexValue(bytes[h]), let lo = hexValue(bytes[bytes.index(after: h)]) else { return nil }
                out.append(hi << 4 | lo)
                i = bytes.index(after: h)
            } else {
                out.append(b)
            }
            i = bytes.index(after: i)
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `Basic base64(urlencode(client_id) ":" urlencode(secret))`.
    static func parseBasic(_ header: String) throws(OAuthError) -> BasicCredentials {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic" else {
            throw .invalidClient("the token endpoint takes client credentials as HTTP Basic (Authorization: Basic ...), as "
                + "client_id and client_secret form parameters, or as a client assertion", reason: "authorization_scheme")
        }
        guard let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":"),
              let id = decodeComponent(Array(text[..<colon].utf8)), let secret = decodeComponent(Array(text[text.index(after: colon)...].utf8)),
              !id.isEmpty, !secret.isEmpty
        else {
            throw .invalidClient("the Authorization header is not HTTP Basic of client_id:client_secret (each form-urlencoded, then base64)",
                                 reason: "malformed_basic")
        }
        return BasicCredentials(clientID: id, secret: secret)
    }
}
