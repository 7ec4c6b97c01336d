import Foundation
import WardenCore
import WardenStore

/// Signs the audit chain's head into a checkpoint whenever the chain has grown since the last one.
/// `warden serve` calls ``checkpoint()`` at the configured interval and once more at shutdown.
public struct AuditCheckpointer: Sendable {
    let store: any GovernanceStore
    let key: AuditSigningKey
    let clock: any WallClock

    public init(store: any GovernanceStore, key: AuditSigningKey, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.key = key
        self.clock = clock
    }

    /// The key checkpoints are verified with.
    public var publicKey: AuditPublicKey { key.publicKey }

    /// Signs and stores the current head, unless the newest checkpoint covers it already.
    /// - Returns: the new checkpoint, or nil when there was nothing new to sign.
    /// - Throws: the store's `WardenError` when the checkpoint could not be written.
    @discardableResult
    public func checkpoint() async throws -> AuditCheckpoint? {
        let key = self.key
        let now = clock.now().millisecondsSince1970
        // Read and insert in one write transaction: appends are serialized with it, so the signed head is the
        // head at that instant, and two checkpointers cannot both sign the same head.
        return try await store.write { tx in
            let head = try tx.auditHead()
            guard head.seq > 0, head.seq > (try tx.latestAuditCheckpoint()?.seq ?? 0) else { return nil }
            let checkpoint = try key.checkpoint(head, at: now)
            try tx.insertAuditCheckpoint(checkpoint)
            return checkpoint
        }
    }

    /// Checkpoints every `interval` until cancelled; a failure is passed to `onError` and tried again next time.
    public func run(every interval: Duration, onError: @Sendable (any Error) -> Void = { _ in }) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            do { try await checkpoint() } catch { onError(error) }
        }
    }
}
