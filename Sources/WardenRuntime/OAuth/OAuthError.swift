import Foundation
import WardenCore

/// A token endpoint error response (RFC 6749 section 5.2): `{"error": code, "error_description": text}`.
/// The description says what to do next and never holds a secret or a presented credential.
public struct OAuthError: Error, Sendable, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
    }

    public var code: Code
    public var errorDescription: String
    /// A short stable reason for the audit log (`secret_mismatch`, `assertion_replayed` …).
    public var reason: String
    /// Set when failed client authentications were rate limited: the answer is 429 with `Retry-After`.
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ description: String, reason: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.errorDescription = Self.allowedText(description)
        self.reason = reason
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// 401 for `invalid_client` (with `WWW-Authenticate: Basic`, RFC 6749 section 5.2), 429 when rate limited,
    /// else 400.
    public var status: Int {
        if retryAfterSeconds != nil { return 429 }
        return code == .invalidClient ? 401 : 400
    }

    /// The response headers beyond the content type.
    public var headers: [(String, String)] {
        var h = [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
        if status == 401 { h.append(("WWW-Authenticate", "Basic realm=\"warden\", charset=\"UTF-8\"")) }
        if let retry = retryAfterSeconds { h.append(("Retry-After", String(retry))) }
        return h
    }

    /// The JSON body.
    public var body: JSONValue { ["error": .string(code.rawValue), "error_description": .string(errorDescription)] }

    /// `text` within the characters RFC 6749 allows in `error_description` (printable ASCII but `"` and `\`).
    static func allowedText(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { c -> Unicode.Scalar in
            switch c {
            case "\"": "'"
            case "\\": "/"
            case " "..."~": c
            default: "?"
            }
        }))
    }

    static func invalidRequest(_ text: String, reason: String = "invalid_request") -> OAuthError {
        OAuthError(.invalidRequest, text, reason: reason)
    }

    static func invalidClient(_ text: String, reason: String) -> OAuthError { OAuthError(.invalidClient, text, reason: reason) }
}
