import Testing

/// `warden demo` as a process: the story runs to the end and each governed outcome shows.
@Suite("warden demo")
struct DemoCommandTests {
    @Test("the demo shows a refused self-approval, each kind of refused call, and an intact chain")
    func demoRuns() throws {
        let run = try CLIHarness.run(["demo"], timeout: 120)
        #expect(run.status == 0, "\(run)")
        #expect(run.out.contains("refused (forbidden): separation of duties"), "\(run)")
        #expect(run.out.contains("✓ support-bot: {\"redactions\":2"), "\(run)")
        #expect(run.out.contains("ada (auditor, not an agent): forbidden"), "\(run)")
        #expect(run.out.contains("wrong field: invalid_input"), "\(run)")
        #expect(run.out.contains("call 3: rate_limited"), "\(run)")
        #expect(run.out.contains("support-bot: JSON-RPC error -32602: Unknown tool"), "\(run)")
        #expect(run.out.contains("chain intact"), "\(run)")
    }
}
