import A2APeerSupport
import JSONSchema
import Testing

/// Runs `body` with a started peer, stopping it afterwards whatever happens.
func withPeer<T>(name: String = "peer", _ flags: [String] = [], tls: A2APeerAgent.TLSFiles? = nil,
                 _ body: (A2APeerAgent) async throws -> T) async throws -> T {
    let peer = try await A2APeerAgent.start(name: name, flags, tls: tls)
    do {
        let value = try await body(peer)
        await peer.stop()
        return value
    } catch {
        let log = peer.log()
        await peer.stop()
        if !log.isEmpty { Issue.record("peer log:\n\(log)") }
        throw error
    }
}

extension JSONValue {
    /// The element at `index` of an array; nil otherwise.
    subscript(index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }
}
