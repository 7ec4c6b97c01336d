import Foundation
import Synchronization

/// The sessions of handshake-era clients (MCP 2024-11-05 to 2025-11-25), bounded: when full, the oldest session
/// is evicted (its client gets 404 and initializes again, as the specification expects).
public final class MCPSessionTable: Sendable {
    /// One session: who opened it and which protocol version was negotiated.
    public struct Session: Sendable, Equatable {
        public var id: String
        public var principalID: String
        public var protocolVersion: String
    }

    private struct State {
        var sessions: [String: Session] = [:]
        /// Session ids in creation order; entries of removed sessions are skipped lazily.
        var order: [String] = []
        var head = 0
    }

    /// The most sessions held at once.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) {
        self.capacity = max(1, capacity)
    }

    /// Opens a session for `principalID` and returns it, evicting the oldest one when the table is full.
    public func create(principalID: String, protocolVersion: String) -> Session {
        let session = Session(id: UUID().uuidString.lowercased(), principalID: principalID, protocolVersion: protocolVersion)
        let capacity = self.capacity
        state.withLock { s in
            while s.sessions.count >= capacity, s.head < s.order.count {
                let oldest = s.order[s.head]
                s.head += 1
                s.sessions.removeValue(forKey: oldest)
            }
            if s.head > 1024, s.head * 2 > s.order.count {
                s.order.removeFirst(s.head)
                s.head = 0
            }
            s.sessions[session.id] = session
            s.order.append(session.id)
        }
        return session
    }

    /// The session `id` if it exists and belongs to `principalID` (another principal's session is "not found").
    public func session(_ id: String, principalID: String) -> Session? {
        state.withLock { s in
            guard let session = s.sessions[id], session.principalID == principalID else { return nil }
            return session
        }
    }

    /// Ends session `id` of `principalID`; returns whether it existed.
    @discardableResult
    public func remove(_ id: String, principalID: String) -> Bool {
        state.withLock { s in
            guard let session = s.sessions[id], session.principalID == principalID else { return false }
            s.sessions.removeValue(forKey: id)
            return true
        }
    }

    /// How many sessions are open.
    public var count: Int { state.withLock { $0.sessions.count } }
}
