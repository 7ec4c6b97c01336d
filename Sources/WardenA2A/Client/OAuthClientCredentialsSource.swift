import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOCore
import NIOHTTP1
import Synchronization
import WardenCore
import WardenRuntime

/// Access tokens from an OAuth 2.0 client-credentials grant (RFC 6749 4.4), for ``A2AClientAuthentication/oauth2(_:)``.
///
/// ``token()`` POSTs `grant_type=client_credentials` (with `scope` and `audience` when given) to the token endpoint,
/// authenticating with HTTP Basic (`client_secret_basic`), and caches the access token until `refreshMargin` before
/// its `expires_in` (five minutes when the endpoint gives none). One fetch runs at a time: callers arriving while it
/// runs share its result. ``invalidate()`` forgets the token, so the next ``token()`` fetches a fresh one (the client
/// calls it when the agent answers 401). Thread-safe.
public final class OAuthClientCredentialsSource: Sendable {
    /// The token endpoint.
    public let tokenURL: String
    public let clientID: String
    let clientSecret: Secret
    public let scope: String?
    public let audience: String?
    let httpClient: HTTPClient
    let tls: ClientTLSIdentity?
    /// How long before the token's expiry a new one is fetched.
    public let refreshMargin: Duration
    /// The deadline of one token request.
    public let requestTimeout: Duration

    struct Issued: Sendable {
        var token: String
        var refreshAt: ContinuousClock.Instant
    }

    struct State {
        var cached: Issued?
        var inFlight: (generation: UInt64, task: Task<Issued, any Error>)?
        var generation: UInt64 = 0
        var fetches = 0
    }

    private let state = Mutex(State())

    /// - Parameters:
    ///   - tls: the client certificate and trust roots for the token endpoint, when it needs mutual TLS.
    public init(tokenURL: String, clientID: String, clientSecret: Secret, scope: String? = nil, audience: String? = nil,
                httpClient: HTTPClient = A2AClient.defaultHTTPClient, tls: ClientTLSIdentity? = nil,
                refreshMargin: Duration = .seconds(30), requestTimeout: Duration = .seconds(10)) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scope = scope
        self.audience = audience
        self.httpClient = httpClient
        self.tls = tls
        self.refreshMargin = refreshMargin
        self.requestTimeout = requestTimeout
    }

    /// The cached access token, or a new one when there is none or it is about to expire.
    /// - Throws: `WardenError`: `upstream_unavailable` when the token endpoint cannot be reached or answers 5xx,
    ///   `upstream_rejected` when it refuses (4xx, with its OAuth `error` code) or answers something that is not a
    ///   bearer token, `timeout` after ``requestTimeout``. Never with the client secret.
    public func token() async throws -> String {
        let now = ContinuousClock.now
        let (task, generation): (Task<Issued, any Error>?, UInt64) = state.withLock { s in
            if let c = s.cached, now < c.refreshAt { return (nil, s.generation) }
            if let f = s.inFlight { return (f.task, f.generation) }
            s.generation &+= 1
            s.fetches += 1
            let task = Task { try await self.fetch() }
            s.inFlight = (s.generation, task)
            return (task, s.generation)
        }
        guard let task else {
            if let cached = state.withLock({ $0.cached }) { return cached.token }
            return try await token()
        }
        do {
            let issued = try await task.value
            state.withLock { s in
                // An invalidate() while the fetch ran makes its token stale for callers who come later.
                if s.inFlight?.generation == generation {
                    s.inFlight = nil
                    s.cached = issued
                }
            }
            return issued.token
        } catch {
            state.withLock { s in if s.inFlight?.generation == generation { s.inFlight = nil } }
            throw error
        }
    }

    /// Forgets the cached token (and any fetch in progress), so the next ``token()`` fetches a new one.
    public func invalidate() {
        state.withLock { s in
            s.cached = nil
            s.inFlight = nil
            s.generation &+= 1
        }
    }

    /// How many token requests were started (for metrics and tests).
    public var fetchCount: Int { state.withLock { $0.fetches } }

    private func fetch() async throws -> Issued {
        var request = HTTPClientRequest(url: tokenURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let basic = Data("\(Self.formEncode(clientID)):\(Self.formEncode(clientSecret.reveal()))".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(basic)")
        var form = [("grant_type", "client_credentials")]
        if let scope { form.append(("scope", scope)) }
        if let audience { form.append(("audience", audience)) }
        request.body = .bytes(ByteBuffer(string: form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")))
        request.tlsConfiguration = tls?.tlsConfiguration

        let host = URL(string: tokenURL)?.host ?? "the token endpoint"
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .nanoseconds(A2AClientFailure.nanoseconds(requestTimeout)))
            body = try await response.body.collect(upTo: 64 * 1024)
        } catch let e as HTTPClientError where e == .deadlineExceeded {
            throw WardenError(.timeout, "the token endpoint \(host) did not answer within \(A2AClientFailure.milliseconds(requestTimeout)) ms")
        } catch is CancellationError {
            throw CancellationError()
        } catch is NIOTooManyBytesError {
            throw WardenError(.upstreamRejected, "the token endpoint \(host) answered with more than 64 KiB")
        } catch {
            throw WardenError(.upstreamUnavailable, "the token endpoint \(host) could not be reached")
        }
        let status = Int(response.status.code)
        let json = try? JSONValue(parsing: Data(body.readableBytesView), maxDepth: 16)
        guard (200..<300).contains(status) else {
            var details = ["tokenEndpointStatus": String(status)]
            // RFC 6749 5.2 error codes are short ASCII words; anything else is not quoted.
            if let code = json?["error"]?.stringValue, code.count <= 64,
               code.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic) }) {
                details["oauthError"] = code
            }
            throw WardenError(status >= 500 ? .upstreamUnavailable : .upstreamRejected,
                              "the token endpoint \(host) refused the client credentials of \(clientID) with HTTP \(status)"
                                  + (details["oauthError"].map { " (\($0))" } ?? ""),
                              details: details)
        }
        guard let token = json?["access_token"]?.stringValue, !token.isEmpty, !token.contains(where: { $0.isNewline }) else {
            throw WardenError(.upstreamRejected, "the token endpoint \(host) answered without an access_token")
        }
        if let type = json?["token_type"]?.stringValue, type.lowercased() != "bearer" {
            throw WardenError(.upstreamRejected, "the token endpoint \(host) issued a \(type.prefix(20)) token; only bearer tokens can be sent")
        }
        let lifetime: Duration = json?["expires_in"]?.numberValue.map { .milliseconds(Int64(max(0, min($0.doubleValue, 1e9)) * 1000)) }
            ?? .seconds(300)
        // A token living shorter than the margin is still used once rather than fetched on every call.
        let margin = min(refreshMargin, lifetime / 2)
        return Issued(token: token, refreshAt: started + lifetime - margin)
    }

    /// `application/x-www-form-urlencoded` (and RFC 6749 2.3.1 client id and secret) encoding: unreserved characters
    /// stay, everything else is percent-encoded.
    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
