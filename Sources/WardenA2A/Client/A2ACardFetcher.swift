import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOCore
import NIOSSL
import WardenCore
import WardenRuntime

/// Fetches an agent card: `GET <base>/.well-known/agent-card.json`, or the card URL itself when given one (a URL whose
/// path ends in `.json`). The body is size-limited and parsed as an ``AgentCard`` (unknown fields ignored, as a2a-sdk
/// does). A 0.3 card, which names its endpoint in `url`, `preferredTransport` and `additionalInterfaces` instead of
/// `supportedInterfaces`, is read with those as its interfaces.
public struct A2ACardFetcher: Sendable {
    /// Where A2A agents publish their card.
    public static let wellKnownPath = "/.well-known/agent-card.json"

    let httpClient: HTTPClient
    /// The largest card accepted, in bytes.
    public let maxBytes: Int

    public init(httpClient: HTTPClient = A2AClient.defaultHTTPClient, maxBytes: Int = 256 * 1024) {
        self.httpClient = httpClient
        self.maxBytes = max(1, maxBytes)
    }

    /// The card at `url` and its JSON exactly as fetched (for the registry's review record).
    /// - Parameters:
    ///   - url: the agent's base URL, or its card's URL.
    ///   - tls: the client certificate and trust roots, for an agent behind mutual TLS.
    /// - Throws: `WardenError`: `invalid_input` for a URL that is not http(s); `upstream_unavailable` when the agent
    ///   cannot be reached or answers 5xx; `timeout` after `timeout`; `upstream_rejected` for another status, a body
    ///   over ``maxBytes``, or one that is not a card. Details hold `url` (and `httpStatus`).
    public func fetch(_ url: String, tls: ClientTLSIdentity?, timeout: Duration) async throws -> (card: AgentCard, json: JSONValue) {
        let cardURL = try Self.cardURL(url)
        var request = HTTPClientRequest(url: cardURL)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.tlsConfiguration = tls?.tlsConfiguration
        let details = ["url": cardURL]
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .nanoseconds(A2AClientFailure.nanoseconds(timeout)))
            body = try await response.body.collect(upTo: maxBytes)
        } catch let e as HTTPClientError where e == .deadlineExceeded {
            throw WardenError(.timeout, "the agent card at \(cardURL) did not arrive within \(A2AClientFailure.milliseconds(timeout)) ms",
                              details: details)
        } catch is CancellationError {
            throw CancellationError()
        } catch is NIOTooManyBytesError {
            throw WardenError(.upstreamRejected, "the agent card at \(cardURL) is larger than \(maxBytes) bytes", details: details)
        } catch is NIOSSLError, is BoringSSLError, is NIOSSLExtraError {
            throw WardenError(.upstreamUnavailable, "the TLS handshake with \(cardURL) failed", details: details)
        } catch {
            throw WardenError(.upstreamUnavailable, "the agent card at \(cardURL) could not be fetched (the agent cannot be reached)",
                              details: details)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw WardenError(status >= 500 ? .upstreamUnavailable : .upstreamRejected,
                              "the agent card at \(cardURL) could not be fetched: HTTP \(status)",
                              details: details.merging(["httpStatus": String(status)]) { a, _ in a })
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Data(body.readableBytesView), maxDepth: A2ALimits.standard.maxDepth)
        } catch {
            throw WardenError(.upstreamRejected, "the agent card at \(cardURL) is not JSON", details: details)
        }
        do {
            return (try Self.card(from: json), json)
        } catch {
            throw WardenError(.upstreamRejected,
                              "the document at \(cardURL) is not an agent card: \(A2AClientFailure.quote(error.description, limit: 200))",
                              details: details)
        }
    }

    /// `url` itself when its path ends in `.json`, else `url` with the well-known card path appended.
    /// - Throws: `invalid_input` when `url` is not an absolute http or https URL.
    static func cardURL(_ url: String) throws -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              parsed.host != nil else {
            throw WardenError(.invalidInput, "an agent card URL must be an absolute http or https URL", details: ["url": url])
        }
        if parsed.path.hasSuffix(".json") { return url }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return base + wellKnownPath
    }

    /// The card in `json`, with the interfaces of a 0.3 card filled in from its `url` fields.
    static func card(from json: JSONValue) throws(ProtoJSONError) -> AgentCard {
        var card = try AgentCard(protoJSON: json)
        // Unknown fields are ignored and missing ones read as defaults, so any object would parse: insist on the two
        // fields without which the card is useless.
        guard !card.name.isEmpty else { throw ProtoJSONError(path: "name", problem: "an agent card needs a name") }
        if card.supportedInterfaces.isEmpty, case .object(let o) = json, let url = o["url"]?.stringValue {
            card.supportedInterfaces = legacyInterfaces(url: url, o)
        }
        guard !card.supportedInterfaces.isEmpty else {
            throw ProtoJSONError(path: "supportedInterfaces", problem: "an agent card needs at least one interface")
        }
        return card
    }

    /// The interfaces a 0.3 card names in `url`, `preferredTransport` and `additionalInterfaces`.
    private static func legacyInterfaces(url: String, _ o: [String: JSONValue]) -> [AgentInterface] {
        let version = o["protocolVersion"]?.stringValue ?? "0.3"
        var interfaces = [AgentInterface(url: url, protocolBinding: o["preferredTransport"]?.stringValue ?? AgentInterface.jsonRPC,
                                         protocolVersion: version)]
        if case .array(let more)? = o["additionalInterfaces"] {
            for i in more {
                guard let u = i["url"]?.stringValue, let t = i["transport"]?.stringValue else { continue }
                interfaces.append(AgentInterface(url: u, protocolBinding: t, protocolVersion: version))
            }
        }
        return interfaces
    }
}
