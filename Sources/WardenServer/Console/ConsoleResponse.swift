import Foundation
import HTTPTypes
import Hummingbird
import WardenCore

/// The console's HTTP responses: HTML with its security headers, redirects and cookies.
enum ConsoleResponse {
    /// Same origin only: scripts and styles from `/console/static`, no inline script, no framing, forms post here.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }

    static func file(_ file: ConsoleTemplates.StaticFile) -> Response {
        var headers = securityHeaders
        headers[.contentType] = file.contentType
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    static var securityHeaders: HTTPFields {
        var h = HTTPFields()
        h[.contentSecurityPolicy] = contentSecurityPolicy
        h[.xContentTypeOptions] = "nosniff"
        for (name, value) in extraHeaders { h[name] = value }
        return h
    }

    /// Headers HTTPTypes has no name for (older browsers' framing guard; no referrer leaves the site).
    static let extraHeaders: [(HTTPField.Name, String)] = [("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin")]
        .compactMap { name, value in HTTPField.Name(name).map { ($0, value) } }

    /// A `Set-Cookie` value scoped to the console: HttpOnly, SameSite=Strict, Secure when served over TLS.
    static func cookie(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/console; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func cookieValue(_ name: String, in fields: HTTPFields) -> String? {
        for header in fields[values: .cookie] {
            for part in header.split(separator: ";") {
                let kv = part.split(separator: "=", maxSplits: 1)
                if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name {
                    return kv[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }
}
