import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization
import WardenCore

/// Fetches a JWK Set document.
public protocol JWKSFetching: Sendable {
    /// The body of a 200 answer from `url`.
    /// - Throws: when the server cannot be reached, answers another status or sends too much.
    func fetchJWKS(from url: String) async throws -> Data
}

/// Fetches JWK Sets over HTTP with AsyncHTTPClient: 5 s timeout, at most 256 KiB, no redirects.
public struct HTTPJWKSFetcher: JWKSFetching {
    let client: HTTPClient
    let timeout: Duration
    static let maxBytes = 256 * 1024

    /// One client for the whole process (never shut down): no redirects, and a refused connection fails at once
    /// rather than being retried until the connect timeout, since a failed fetch is retried at the next interval anyway.
    public static let sharedClient: HTTPClient = {
        var config = HTTPClient.Configuration(redirectConfiguration: .disallow)
        config.timeout.connect = .seconds(3)
        config.connectionPool.retryConnectionEstablishment = false
        config.tracing.tracer = nil
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()

    /// - Parameters:
    ///   - client: the client to fetch with; ``sharedClient`` by default.
    ///   - timeout: how long a fetch may take; a request whose token needs the keys waits at most this long.
    public init(client: HTTPClient = HTTPJWKSFetcher.sharedClient, timeout: Duration = .seconds(5)) {
        self.client = client
        self.timeout = timeout
    }

    public func fetchJWKS(from url: String) async throws -> Data {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "application/jwk-set+json, application/json")
        request.headers.add(name: "User-Agent", value: "Warden")
        let c = timeout.components
        let response = try await client.execute(request, timeout: .nanoseconds(c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000))
        guard response.status == .ok else {
            throw WardenError(.upstreamUnavailable, "the JWKS at \(url) answered HTTP \(response.status.code)")
        }
        return Data(try await response.body.collect(upTo: Self.maxBytes).readableBytesView)
    }
}

/// An external issuer's keys, fetched from its JWKS URL and cached.
///
/// A request never waits for a fetch while the cached keys know the token's `kid`: stale keys (older than `maxAge`) are
/// refreshed in the background. A `kid` the cache does not know triggers one refresh, at most once per
/// `minimumRefreshInterval` (so tokens with made-up key ids cannot make Warden hammer the issuer); concurrent requests
/// share one fetch. A failed fetch keeps the keys held before.
final class RemoteKeySet: Sendable {
    let url: String
    let algorithms: Set<String>
    let fetcher: any JWKSFetching
    let minimumRefreshInterval: Duration
    let maxAge: Duration
    /// The monotonic time intervals are measured in (tests move it).
    let uptime: @Sendable () -> ContinuousClock.Instant

    private struct State {
        var keys: VerificationKeySet?
        var fetchedAt: ContinuousClock.Instant?
        var lastAttempt: ContinuousClock.Instant?
        var inFlight: Task<VerificationKeySet?, Never>?
        var lastError: String?
    }

    private let state = Mutex(State())

    init(url: String, algorithms: Set<String>, fetcher: any JWKSFetching, minimumRefreshInterval: Duration = .seconds(60),
         maxAge: Duration = .seconds(3600), uptime: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.uptime = uptime
        self.url = url
        self.algorithms = algorithms
        self.fetcher = fetcher
        self.minimumRefreshInterval = minimumRefreshInterval
        self.maxAge = maxAge
    }

    /// The cached keys, without waiting; starts a background refresh when they are older than `maxAge`.
    func cached() -> VerificationKeySet? {
        let now = uptime()
        let (keys, stale) = state.withLock { s in
            (s.keys, s.fetchedAt.map { now - $0 > maxAge } ?? false)
        }
        if stale { _ = startRefresh(now: now, force: false) }
        return keys
    }

    /// Keys after a refresh, for a token whose `kid` the cache does not know or when nothing is cached: fetches unless
    /// the last attempt was less than `minimumRefreshInterval` ago, then answers what is held.
    func refreshed() async -> VerificationKeySet? {
        guard let task = startRefresh(now: uptime(), force: false) else { return state.withLock { $0.keys } }
        return await task.value
    }

    /// Fetches now, whatever the interval (at start-up).
    func prefetch() async -> VerificationKeySet? {
        guard let task = startRefresh(now: uptime(), force: true) else { return state.withLock { $0.keys } }
        return await task.value
    }

    /// The reason the last fetch failed, if it did.
    var lastError: String? { state.withLock { $0.lastError } }

    /// The running fetch, a new one, or nil when the last attempt is too recent.
    private func startRefresh(now: ContinuousClock.Instant, force: Bool) -> Task<VerificationKeySet?, Never>? {
        state.withLock { s -> Task<VerificationKeySet?, Never>? in
            if let running = s.inFlight { return running }
            if !force, let last = s.lastAttempt, now - last < minimumRefreshInterval { return nil }
            s.lastAttempt = now
            let task = Task { await self.fetch() }
            s.inFlight = task
            return task
        }
    }

    private func fetch() async -> VerificationKeySet? {
        var fetched: VerificationKeySet?
        var failure: String?
        do {
            let data = try await fetcher.fetchJWKS(from: url)
            let document = try JSONValue(parsing: data, maxDepth: 16)
            let keys = await VerificationKeySet.from(jwks: document, allowed: algorithms)
            if keys.isEmpty { failure = "the JWKS at \(url) holds no usable signing key" } else { fetched = keys }
        } catch {
            failure = "fetching the JWKS at \(url) failed: \(String(describing: error).prefix(200))"
        }
        return state.withLock { s in
            s.inFlight = nil
            s.lastError = failure
            if let fetched {
                s.keys = fetched
                s.fetchedAt = uptime()
            }
            return s.keys
        }
    }
}
