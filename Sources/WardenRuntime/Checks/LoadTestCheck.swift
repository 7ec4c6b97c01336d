import Synchronization
import WardenCore

/// Check 6, `load_test`: the proposal's load plan (bounded by configuration) against the real tool in review mode,
/// with the input of the first example that expects an output. The figures are a finding; a percentile above the
/// declared objective, or more failures than it allows, is a high finding each.
public struct LoadTestCheck: LiveCheck {
    public let name = "load_test"
    public let version = "1"

    public init() {}

    public func steps(for record: ToolVersionRecord, settings: LiveCheckSettings) -> Int {
        guard let plan = record.definition.loadTest, Self.input(of: record.definition) != nil else { return 0 }
        return min(plan.calls, settings.maxLoadCalls)
    }

    static func input(of definition: ToolDefinition) -> JSONValue? {
        definition.examples?.first(where: { $0.expectedError == nil })?.input
    }

    public func run(_ record: ToolVersionRecord, context: LiveCheckContext) async -> CheckResult {
        let definition = record.definition
        guard let plan = definition.loadTest else {
            return .notRun(check: name, version: version, reason: "the proposal declares no loadTest (calls and concurrency)")
        }
        guard let input = Self.input(of: definition) else {
            return .notRun(check: name, version: version,
                           reason: "the load test uses the input of the first example that expects an output, and the proposal has none")
        }
        let calls = min(plan.calls, context.settings.maxLoadCalls)
        let concurrency = max(1, min(plan.concurrency, context.settings.maxLoadConcurrency, calls))
        var findings: [CheckFinding] = []
        if calls < plan.calls || concurrency < plan.concurrency {
            findings.append(CheckFinding(code: .loadBounded, severity: .info,
                                         title: "ran \(calls) calls at concurrency \(concurrency) instead of \(plan.calls) at \(plan.concurrency)",
                                         detail: "The configuration (governance.checks.load) bounds load tests to \(context.settings.maxLoadCalls) calls at concurrency \(context.settings.maxLoadConcurrency).",
                                         pointer: "/loadTest"))
        }
        let summary = await Self.measure(calls: calls, concurrency: concurrency, input: input, context: context)
        findings += summary.findings(against: definition.latencyObjective)
        return .ran(check: name, version: version, findings: findings)
    }

    struct Sample: Sendable { var ms: Double; var failed: Bool; var timedOut: Bool }

    /// Makes `calls` calls, `concurrency` at a time, and summarizes them.
    static func measure(calls: Int, concurrency: Int, input: JSONValue, context: LiveCheckContext) async -> LatencySummary {
        let next = CallTicket(limit: calls)
        let started = ContinuousClock.now
        let samples = await withTaskGroup(of: [Sample].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [Sample] = []
                    while !Task.isCancelled {
                        guard let i = next.take() else { break }
                        let t0 = ContinuousClock.now
                        var sample = Sample(ms: 0, failed: false, timedOut: false)
                        do {
                            let r = try await context.call(input, "load-\(i)")
                            sample.failed = r.isError
                        } catch let e as WardenError {
                            sample.failed = true
                            sample.timedOut = e.code == .timeout
                        } catch {
                            sample.failed = true
                        }
                        sample.ms = milliseconds(ContinuousClock.now - t0)
                        mine.append(sample)
                        context.advance()
                    }
                    return mine
                }
            }
            var all: [Sample] = []
            for await part in group { all += part }
            return all
        }
        return LatencySummary(latenciesMs: samples.map(\.ms), concurrency: concurrency,
                              failures: samples.filter(\.failed).count, timeouts: samples.filter(\.timedOut).count,
                              elapsedMs: milliseconds(ContinuousClock.now - started))
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}

/// Hands out call numbers 1...limit to the load test's workers.
final class CallTicket: Sendable {
    private let next = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The next call number, or `nil` when all calls are handed out.
    func take() -> Int? {
        next.withLock { n in
            guard n < limit else { return nil }
            n += 1
            return n
        }
    }
}
