import Foundation
import WardenCore

/// A JWS in compact serialization, taken apart but not yet trusted: header, claims, the signed bytes and the signature.
struct CompactJWT: Sendable {
    /// The longest token accepted; longer ones are refused before any parsing.
    static let maxBytes = 8192

    let header: [String: JSONValue]
    let claims: [String: JSONValue]
    /// `base64url(header).base64url(claims)`, what the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Whether `token` has the shape of a compact JWS (three dot-separated parts), without decoding it.
    static func looksLikeJWT(_ token: String) -> Bool {
        var dots = 0
        for b in token.utf8 where b == UInt8(ascii: ".") { dots += 1 }
        return dots == 2
    }

    /// Splits and decodes `token`.
    /// - Throws: ``JWTRefusal`` `oversized`, `malformed` naming the broken part, or `unsigned` for `alg: none`.
    init(_ token: String, maxBytes: Int = CompactJWT.maxBytes) throws(JWTRefusal) {
        let bytes = Array(token.utf8)
        guard bytes.count <= maxBytes else { throw .oversized(limit: maxBytes) }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw .malformed(parts.count == 5 ? "it is an encrypted JWT (JWE), which Warden does not accept" : "it does not have three parts")
        }
        guard let headerBytes = Base64URL.decode(parts[0]) else { throw .malformed("the header is not base64url") }
        guard case .object(let header)? = try? JSONValue(parsing: headerBytes, maxDepth: 16) else {
            throw .malformed("the header is not a JSON object")
        }
        guard case .string(let alg)? = header["alg"] else { throw .malformed("the header has no alg") }
        if alg.lowercased() == "none" { throw .unsigned }
        guard !parts[2].isEmpty else { throw .unsigned }
        guard let claimBytes = Base64URL.decode(parts[1]) else { throw .malformed("the claims are not base64url") }
        guard case .object(let claims)? = try? JSONValue(parsing: claimBytes, maxDepth: 32) else {
            throw .malformed("the claims are not a JSON object")
        }
        guard let signature = Base64URL.decode(parts[2]) else { throw .malformed("the signature is not base64url") }
        self.header = header
        self.claims = claims
        signingInput = Array(bytes[..<(parts[0].count + 1 + parts[1].count)])
        self.signature = signature
    }

    /// The header's `alg`.
    var algorithm: String { header["alg"]?.stringValue ?? "" }
    /// The header's `kid`, when it is a string.
    var keyID: String? { header["kid"]?.stringValue }
    /// The `iss` claim, when it is a string.
    var issuer: String? { claims["iss"]?.stringValue }

    /// A string claim.
    func string(_ name: String) -> String? { claims[name]?.stringValue }

    /// A NumericDate claim (seconds since 1970, possibly fractional).
    /// - Throws: `missingClaim` when present but not a number.
    func date(_ name: String) throws(JWTRefusal) -> Date? {
        guard let value = claims[name] else { return nil }
        guard case .number(let n) = value, n.doubleValue.isFinite else { throw .missingClaim(name) }
        return Date(timeIntervalSince1970: n.doubleValue)
    }

    /// The `aud` claim: one string or an array of strings (RFC 7519 section 4.1.3).
    var audiences: [String] {
        switch claims["aud"] {
        case .string(let s)?: [s]
        case .array(let a)?: a.compactMap(\.stringValue)
        default: []
        }
    }
}
