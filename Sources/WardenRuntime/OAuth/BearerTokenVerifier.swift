import Foundation
import WardenCore

/// A bearer JWT that passed every check of its issuer.
public struct VerifiedToken: Sendable, Equatable {
    /// The token's `iss`.
    public var issuer: String
    /// Whether Warden's own token endpoint issued it.
    public var issuedByWarden: Bool
    /// The Warden principal it names (its `sub`, or the issuer's configured principal claim).
    public var principalID: String
    /// The OAuth client it was issued to (`client_id`), when it says.
    public var clientID: String?
    /// Its scopes (`scope`, space-delimited, or an `scp` array), sorted.
    public var scopes: [String]
    public var expiresAt: Date
    /// Its `jti`, when it has one.
    public var tokenID: String?
}

/// Verifies bearer JWTs: Warden's own access tokens (ES256, its signing key) and those of configured external
/// issuers (their JWKS). Every check is made here but the principal's existence, which needs the store.
public final class BearerTokenVerifier: Sendable {
    /// One trusted issuer: its claim rules, algorithms and keys.
    struct Anchor: Sendable {
        enum Keys: Sendable {
            case fixed(VerificationKeySet)
            case remote(RemoteKeySet)
        }

        var rules: JWTClaimRules
        var algorithms: Set<String>
        var principalClaim: String
        var keys: Keys
        var isWarden: Bool
    }

    private let anchors: [String: Anchor]

    init(anchors: [Anchor]) {
        var byIssuer: [String: Anchor] = [:]
        for a in anchors where byIssuer[a.rules.issuer] == nil { byIssuer[a.rules.issuer] = a }
        self.anchors = byIssuer
    }

    /// A verifier for Warden's own tokens and those of `external` issuers.
    /// - Parameters:
    ///   - ownKeys: Warden's signing key's public half.
    ///   - maxLifetime: the longest validity Warden's own tokens may claim.
    ///   - fetcher: fetches the external issuers' JWKS.
    ///   - minimumRefreshInterval: the least time between two fetches of one issuer's JWKS for an unknown `kid`.
    ///   - uptime: the monotonic clock that interval is measured with.
    convenience init(issuer: String, audience: String, ownKeys: VerificationKeySet, leeway: TimeInterval, maxLifetime: TimeInterval,
                     external: [ExternalIssuer], fetcher: any JWKSFetching, minimumRefreshInterval: Duration,
                     uptime: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        var anchors = [Anchor(rules: JWTClaimRules(issuer: issuer, audiences: [audience], leeway: leeway, maxLifetime: maxLifetime),
                              algorithms: ["ES256"], principalClaim: "sub", keys: .fixed(ownKeys), isWarden: true)]
        for e in external {
            anchors.append(Anchor(
                rules: JWTClaimRules(issuer: e.issuer, audiences: [e.audience], leeway: TimeInterval(e.leewaySeconds), maxLifetime: nil),
                algorithms: Set(e.algorithms), principalClaim: e.principalClaim,
                keys: .remote(RemoteKeySet(url: e.jwksURL, algorithms: Set(e.algorithms), fetcher: fetcher,
                                           minimumRefreshInterval: minimumRefreshInterval, uptime: uptime)),
                isWarden: false))
        }
        self.init(anchors: anchors)
    }

    /// Checks `token` completely: its form, algorithm, issuer, key, signature, audience and times.
    /// - Throws: the ``JWTRefusal`` of the first check that failed.
    public func verify(_ token: String, at now: Date) async throws(JWTRefusal) -> VerifiedToken {
        let jwt = try CompactJWT(token)
        guard VerificationKeySet.supportedAlgorithms.contains(jwt.algorithm) else { throw .algorithmNotAllowed(jwt.algorithm) }
        if jwt.header["crit"] != nil { throw .criticalHeader }
        guard let iss = jwt.issuer, let anchor = anchors[iss] else { throw .untrustedIssuer }
        guard anchor.algorithms.contains(jwt.algorithm) else { throw .algorithmNotAllowed(jwt.algorithm) }
        try await keys(of: anchor, for: jwt).verifySignature(jwt, allowed: anchor.algorithms)
        let expiresAt = try anchor.rules.check(jwt, at: now)
        guard let principal = jwt.string(anchor.principalClaim), Principal.isValidID(principal) else {
            throw .missingClaim(anchor.principalClaim)
        }
        var scopes: [String] = []
        if let text = jwt.string("scope") {
            scopes = OAuthScope.parse(text) ?? []
        } else if let list = jwt.claims["scp"]?.arrayValue {
            scopes = Array(Set(list.compactMap(\.stringValue).filter { OAuthScope.isValid($0) })).sorted()
        }
        if anchor.isWarden, jwt.string("client_id") == nil { throw .missingClaim("client_id") }
        return VerifiedToken(issuer: iss, issuedByWarden: anchor.isWarden, principalID: principal, clientID: jwt.string("client_id"),
                             scopes: scopes, expiresAt: expiresAt, tokenID: jwt.string("jti"))
    }

    /// The key set to check `jwt` with: the cached one when it knows the token's `kid`, else a refreshed one.
    private func keys(of anchor: Anchor, for jwt: CompactJWT) async throws(JWTRefusal) -> VerificationKeySet {
        switch anchor.keys {
        case .fixed(let set):
            return set
        case .remote(let remote):
            if let cached = remote.cached(), Self.knows(cached, jwt) { return cached }
            guard let fresh = await remote.refreshed() else { throw .keysUnavailable(issuer: anchor.rules.issuer) }
            return fresh
        }
    }

    private static func knows(_ set: VerificationKeySet, _ jwt: CompactJWT) -> Bool {
        guard let kid = jwt.keyID else { return true }
        return set.contains(keyID: kid)
    }

    /// Fetches every external issuer's JWKS, so the first requests do not wait for it.
    /// - Returns: the issuers whose keys could not be fetched, with the reason.
    public func prefetchExternalKeys() async -> [String: String] {
        var failures: [String: String] = [:]
        for (issuer, anchor) in anchors {
            guard case .remote(let remote) = anchor.keys else { continue }
            if await remote.prefetch() == nil { failures[issuer] = remote.lastError ?? "no usable key" }
        }
        return failures
    }
}
