import Foundation
import Synchronization
import WardenCore
import WardenRuntime

/// The governance console's signed-in sessions, in memory: a random session id (the cookie) for the API key it was
/// opened with, a CSRF token and an expiry. The key never leaves the server; every request authenticates it again
/// exactly as the admin API does, so a revoked key or a disabled principal ends the session at once.
///
/// Share one instance between ``WardenApplication/router(engine:configuration:metrics:console:)`` and
/// ``WardenApplication/server(configuration:engine:logger:console:)`` so that the console's live updates
/// (`/console/events`) are admitted by the same sessions.
public final class ConsoleSessions: Sendable {
    struct Session: Sendable {
        var key: String
        var csrf: String
        var expires: Date
    }

    /// How long a session lasts after sign-in.
    let lifetime: TimeInterval
    /// At most this many sessions; the oldest goes first.
    let capacity: Int
    /// Failed sign-ins per client: a bucket of `failureLimit` that refills over `failureWindow` seconds.
    let failureLimit: ToolDefinition.RateLimit
    /// By SHA-256 of the session id, so that a lookup's timing says nothing about the ids.
    private let sessions = Mutex<[String: Session]>([:])
    private let failures = RateLimiter(maxKeys: 10_000)

    /// - Parameters:
    ///   - lifetime: seconds a session lasts after sign-in (8 hours by default).
    ///   - failureLimit: failed sign-ins per client address within `failureWindow` seconds before further attempts
    ///     are refused (the allowance refills over the window).
    public init(lifetime: TimeInterval = 8 * 3600, capacity: Int = 10_000, failureLimit: Int = 10, failureWindow: Int = 300) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.failureLimit = ToolDefinition.RateLimit(requests: max(1, failureLimit), perSeconds: max(1, failureWindow))
    }

    /// Opens a session for `key` (already authenticated); returns its id and CSRF token.
    func open(key: String, now: Date = Date()) -> (id: String, csrf: String, expires: Date) {
        let id = Self.randomToken(), csrf = Self.randomToken()
        let session = Session(key: key, csrf: csrf, expires: now.addingTimeInterval(lifetime))
        sessions.withLock { table in
            table = table.filter { $0.value.expires > now }
            if table.count >= capacity, let oldest = table.min(by: { $0.value.expires < $1.value.expires })?.key {
                table[oldest] = nil
            }
            table[Self.digest(id)] = session
        }
        return (id, csrf, session.expires)
    }

    /// The live session of cookie value `id`.
    func session(_ id: String?, now: Date = Date()) -> Session? {
        guard let id, !id.isEmpty, id.utf8.count <= 128 else { return nil }
        let d = Self.digest(id)
        return sessions.withLock { table in
            guard let s = table[d] else { return nil }
            if s.expires <= now { table[d] = nil; return nil }
            return s
        }
    }

    func close(_ id: String?) {
        guard let id else { return }
        let d = Self.digest(id)
        _ = sessions.withLock { $0.removeValue(forKey: d) }
    }

    /// Whether `client` may try to sign in now.
    func mayAttemptSignIn(client: String) -> Bool {
        failures.peek(client, limit: failureLimit, at: .now).isAllowed
    }

    func recordFailedSignIn(client: String) {
        _ = failures.acquire(client, limit: failureLimit, at: .now)
    }

    /// 256 random bits, base64url without padding.
    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        var bytes = [UInt8](repeating: 0, count: 32)
        for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func digest(_ id: String) -> String { Digest.sha256Hex(Data(id.utf8)) }
}
