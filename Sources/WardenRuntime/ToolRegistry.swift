import Foundation
import Synchronization
import WardenCore
import WardenStore

/// A tool version that serves calls, with its schemas compiled once.
public struct ServingTool: Sendable {
    /// The record as stored.
    public let record: ToolVersionRecord
    /// The definition as served: the proposal with its approval conditions applied.
    public let definition: ToolDefinition
    public let inputValidator: SchemaValidator
    public let outputValidator: SchemaValidator?

    /// Compiles the definition's schemas.
    /// - Throws: `SchemaCompileError` when a schema does not compile (it was checked at proposal time).
    init(record: ToolVersionRecord) throws {
        self.record = record
        definition = record.effectiveDefinition
        inputValidator = try SchemaValidator(schema: definition.inputSchema)
        outputValidator = try definition.outputSchema.map { try SchemaValidator(schema: $0) }
    }

    /// What identifies this serving state: content and conditions (a new decision or version changes it).
    var fingerprint: String { "\(record.digest)|\(record.state.rawValue)|\(record.decision?.decidedAt.timeIntervalSince1970 ?? 0)" }
}

/// The live set of serving tools, held in memory and swapped whole when the record changes,
/// so a call never waits on the store to find its tool and never sees a half-updated set.
public final class ToolRegistry: Sendable {
    struct State {
        var tools: [String: ServingTool] = [:]
        var generation = 0
        var subscribers: [UUID: AsyncStream<Int>.Continuation] = [:]
    }

    private let store: any GovernanceStore
    private let state = Mutex(State())

    public init(store: any GovernanceStore) {
        self.store = store
    }

    /// The serving tool named `name`, if any.
    public func tool(named name: String) -> ServingTool? {
        state.withLock { $0.tools[name] }
    }

    /// Every serving tool, by name.
    public func tools() -> [ServingTool] {
        state.withLock { Array($0.tools.values) }.sorted { $0.definition.name < $1.definition.name }
    }

    /// Increases each time the set of serving tools changes.
    public var generation: Int { state.withLock { $0.generation } }

    /// Re-reads the serving versions from the store and swaps them in. Subscribers hear of it when anything changed.
    /// A version whose schemas no longer compile is left out (and reported in the returned list) rather than served unchecked.
    /// - Throws: when the store cannot be read; the previous set keeps serving.
    @discardableResult
    public func reload() async throws -> [String] {
        let records = try await store.read { tx in try tx.allToolVersions().filter { $0.state.isServing } }
        let current = state.withLock { $0.tools }
        var next: [String: ServingTool] = [:]
        var broken: [String] = []
        for r in records {
            if let existing = current[r.name], existing.record.version == r.version,
                existing.fingerprint == "\(r.digest)|\(r.state.rawValue)|\(r.decision?.decidedAt.timeIntervalSince1970 ?? 0)" {
                next[r.name] = existing
                continue
            }
            do { next[r.name] = try ServingTool(record: r) } catch { broken.append("\(r.name)@\(r.version)") }
        }
        let changed = Set(next.keys) != Set(current.keys)
            || next.contains { name, tool in current[name]?.fingerprint != tool.fingerprint }
        let subscribers: [AsyncStream<Int>.Continuation] = state.withLock { s in
            s.tools = next
            guard changed else { return [] }
            s.generation += 1
            return Array(s.subscribers.values)
        }
        let generation = self.generation
        for c in subscribers { c.yield(generation) }
        return broken
    }

    /// A stream that yields the new generation each time the set of serving tools changes.
    public func changes() -> AsyncStream<Int> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Int>.makeStream(bufferingPolicy: .bufferingNewest(1))
        state.withLock { $0.subscribers[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
