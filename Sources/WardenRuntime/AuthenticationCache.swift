import Foundation
import Synchronization
import WardenCore

/// Recently verified API keys and bearer JWTs, so that a busy agent's calls do not each read the store (nor check an
/// ES256 signature). An entry lives at most `ttl` (another instance's revocation is seen within it) and never past the
/// key's or token's own expiry; every change to keys, principals or OAuth clients made through this process empties
/// the cache at once.
public final class AuthenticationCache: Sendable {
    struct Entry: Sendable {
        var tokenDigest: String
        var principal: Principal
        var validUntil: Date
    }

    struct BearerEntry: Sendable {
        var caller: AuthenticatedCaller
        var validUntil: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Verified JWTs by the SHA-256 of the token.
    private let bearers = Mutex<[String: BearerEntry]>([:])
    private let ttl: TimeInterval
    private let capacity: Int

    /// - Parameters:
    ///   - ttl: how long a verified key is trusted without a store read; 0 disables the cache.
    ///   - capacity: the most keys kept; the cache empties when full rather than growing.
    public init(ttl: TimeInterval = 5, capacity: Int = 10_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// The cached principal for `keyID` when `tokenDigest` matches and the entry is still valid at `now`.
    func principal(keyID: String, tokenDigest: String, at now: Date) -> Principal? {
        guard ttl > 0, let e = entries.withLock({ $0[keyID] }), e.validUntil > now,
              Digest.constantTimeEquals(e.tokenDigest, tokenDigest) else { return nil }
        return e.principal
    }

    /// Remembers a verified key until `now + ttl`, or its expiry when sooner.
    func remember(keyID: String, tokenDigest: String, principal: Principal, keyExpiresAt: Date?, at now: Date) {
        guard ttl > 0 else { return }
        var until = now.addingTimeInterval(ttl)
        if let expiry = keyExpiresAt, expiry < until { until = expiry }
        let entry = Entry(tokenDigest: tokenDigest, principal: principal, validUntil: until)
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[keyID] = entry
        }
    }

    /// The cached caller for the JWT whose SHA-256 is `tokenDigest`, while the entry is valid at `now`.
    func caller(tokenDigest: String, at now: Date) -> AuthenticatedCaller? {
        guard ttl > 0, let e = bearers.withLock({ $0[tokenDigest] }), e.validUntil > now else { return nil }
        return e.caller
    }

    /// Remembers a verified JWT until `now + ttl`, or its expiry when sooner.
    func remember(tokenDigest: String, caller: AuthenticatedCaller, expiresAt: Date, at now: Date) {
        guard ttl > 0 else { return }
        let entry = BearerEntry(caller: caller, validUntil: min(now.addingTimeInterval(ttl), expiresAt))
        bearers.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[tokenDigest] = entry
        }
    }

    /// Forgets every key and token: called after any change to keys, principals or OAuth clients.
    public func removeAll() {
        entries.withLock { $0.removeAll() }
        bearers.withLock { $0.removeAll() }
    }
}
