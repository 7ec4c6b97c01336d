import Foundation
import Synchronization
import WardenCore
import WardenStore

/// Runs the live onboarding checks (contract, load, static analysis) in the background, one version at a time, and
/// keeps each run's progress for the API and the CLI. A proposal enqueues a run after it has committed; the server
/// runs ``run()`` for its lifetime. Results are stored beside the proposal's other check results, and each finished
/// run is an audit event (`tool.checks.completed`); every call a check makes is one too (`tool.review_call`).
///
/// A check that throws, hangs past `checkTimeout` or whose scanner crashes gives a `check.error` finding; the queue
/// goes on. Progress lives in memory: after a restart, ``run()`` queues again the open proposals that have no live
/// check results yet.
public final class CheckRunner: Sendable {
    /// The live checks, in the order they run.
    public static let checks: [any LiveCheck] = [ContractTestCheck(), LoadTestCheck(), StaticAnalysisCheck()]
    /// How many finished runs are kept for the API.
    static let keptRuns = 500

    struct State {
        var runs: [String: CheckRun] = [:]
        var order: [String] = []
        var records: [String: ToolVersionRecord] = [:]
    }

    private let state = Mutex(State())
    private let queue = AsyncStream<String>.makeStream()
    let store: any GovernanceStore
    let pipeline: InvocationPipeline
    let settings: LiveCheckSettings
    let clock: any WallClock
    let checks: [any LiveCheck]

    public init(store: any GovernanceStore, pipeline: InvocationPipeline, settings: LiveCheckSettings,
                clock: any WallClock = SystemWallClock(), checks: [any LiveCheck] = CheckRunner.checks) {
        self.store = store
        self.pipeline = pipeline
        self.settings = settings
        self.clock = clock
        self.checks = checks
    }

    /// Queues a run of the live checks on `record`; returns it in state `queued`.
    @discardableResult
    public func enqueue(_ record: ToolVersionRecord, requestedBy: String) -> CheckRun {
        let run = CheckRun(id: UUID().uuidString.lowercased(), toolName: record.name, version: record.version,
                           requestedBy: requestedBy, checks: checks.map(\.name), queuedAt: clock.now())
        state.withLock { s in
            s.runs[run.id] = run
            s.records[run.id] = record
            s.order.append(run.id)
            while s.order.count > Self.keptRuns, let oldest = s.order.first, s.runs[oldest]?.state != .queued, s.runs[oldest]?.state != .running {
                s.order.removeFirst()
                s.runs[oldest] = nil
                s.records[oldest] = nil
            }
        }
        queue.continuation.yield(run.id)
        return run
    }

    /// A run by its id, or `nil` when unknown (or long finished).
    public func run(id: String) -> CheckRun? { state.withLock { $0.runs[id] } }

    /// The runs on one version, newest last.
    public func runs(name: String, version: SemanticVersion) -> [CheckRun] {
        state.withLock { s in s.order.compactMap { s.runs[$0] }.filter { $0.toolName == name && $0.version == version } }
    }

    /// Processes the queue until the task is cancelled; runs still queued or running then become `interrupted`.
    public func run() async {
        await requeueUnchecked()
        for await id in queue.stream {
            if Task.isCancelled { break }
            await process(id)
        }
        state.withLock { s in
            for (id, r) in s.runs where r.state == .queued || r.state == .running { s.runs[id]?.state = .interrupted }
        }
    }

    /// Open proposals without any live check result yet (their run was lost in a restart) are queued again.
    func requeueUnchecked() async {
        let names = Set(checks.map(\.name))
        let pending = (try? await store.read { tx in
            try tx.allToolVersions().filter { r in
                guard r.state == .proposed || r.state == .inReview else { return false }
                return try !tx.checkResults(name: r.name, version: r.version).contains { names.contains($0.check) }
            }
        }) ?? []
        let queued = state.withLock { s in Set(s.runs.values.filter { $0.state == .queued }.map { "\($0.toolName)@\($0.version)" }) }
        for r in pending where !queued.contains("\(r.name)@\(r.version)") { enqueue(r, requestedBy: r.proposer) }
    }

    private func update(_ id: String, _ change: (inout CheckRun) -> Void) {
        state.withLock { s in if var r = s.runs[id] { change(&r); s.runs[id] = r } }
    }

    func process(_ id: String) async {
        guard let (run, record) = state.withLock({ s in s.runs[id].flatMap { r in s.records[id].map { (r, $0) } } }),
              run.state == .queued else { return }
        let total = checks.reduce(0) { $0 + $1.steps(for: record, settings: settings) }
        update(id) { $0.state = .running; $0.startedAt = self.clock.now(); $0.totalSteps = total }
        let caller = Principal(id: run.requestedBy, displayName: run.requestedBy, kind: .person, roles: [], createdAt: Date(timeIntervalSince1970: 0))
        let pipeline = self.pipeline
        let context = LiveCheckContext(
            call: { arguments, step in
                let call = GovernedCall(principal: caller, toolName: record.name, arguments: arguments,
                                        requestID: "check-\(id.prefix(8))-\(step)", transport: "review")
                return try await pipeline.reviewCall(call, version: record)
            },
            settings: settings,
            advance: { [weak self] in self?.update(id) { $0.completedSteps += 1 } })
        for check in checks {
            if Task.isCancelled { return }
            update(id) { $0.currentCheck = check.name }
            let result: CheckResult
            do {
                result = try await withTimeout(settings.checkTimeout) { await check.run(record, context: context) }
            } catch {
                result = .failedToRun(check: check.name, version: check.version,
                                      "it did not finish within \(CircuitBreaker.milliseconds(settings.checkTimeout)) ms (governance.checks.checkTimeoutSeconds)")
            }
            if Task.isCancelled { return }
            await save(result, record: record)
            update(id) { $0.results.append(result) }
        }
        let finished = state.withLock { $0.runs[id] }
        // Audited before the run shows as completed: whoever sees it completed finds its event, and a shutdown that
        // follows cannot cancel the write.
        await audit(finished ?? run, record: record)
        update(id) { $0.state = .completed; $0.currentCheck = nil; $0.finishedAt = self.clock.now(); $0.completedSteps = $0.totalSteps }
    }

    private func save(_ result: CheckResult, record: ToolVersionRecord) async {
        let now = clock.now()
        _ = try? await store.write { tx in try tx.putCheckResult(name: record.name, version: record.version, result, at: now) }
    }

    private func audit(_ run: CheckRun, record: ToolVersionRecord) async {
        var detail = GovernanceService.checkSummary(run.results)
        detail["run"] = run.id
        detail["checks"] = run.results.map { r in
            switch r.status {
            case .passed: "\(r.check)=passed"
            case .findings: "\(r.check)=findings"
            case .notRun: "\(r.check)=not_run"
            }
        }.joined(separator: ",")
        let draft = AuditDraft(actor: run.requestedBy, action: "tool.checks.completed", subject: "tool:\(record.name)@\(record.version)",
                               requestID: "check-\(run.id.prefix(8))", outcome: .success, detail: detail)
        let now = clock.now()
        _ = try? await store.write { tx in try tx.appendAudit(draft, at: now) }
    }
}
