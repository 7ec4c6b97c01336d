/// How the load and reliability check of onboarding exercises a tool: `calls` calls, `concurrency` at a time, with
/// the input of the first example that expects an output. Warden's configuration bounds both numbers.
public struct LoadTestPlan: Sendable, Codable, Equatable {
    public var calls: Int
    public var concurrency: Int

    public init(calls: Int, concurrency: Int) {
        self.calls = calls
        self.concurrency = concurrency
    }

    func problems() -> [String] {
        var out: [String] = []
        if !(1...10_000).contains(calls) { out.append("loadTest.calls: must be between 1 and 10000") }
        if !(1...256).contains(concurrency) { out.append("loadTest.concurrency: must be between 1 and 256") }
        return out
    }
}
