import WardenCore

/// Check 5, `contract_test`: runs every example of the proposal against the real tool in review mode and compares
/// what comes back with what the example expects. Each example is a finding: info when it passed, critical when
/// it did not, since a tool that does not do what its proposal says should not be approved without a waiver.
public struct ContractTestCheck: LiveCheck {
    public let name = "contract_test"
    public let version = "1"

    public init() {}

    public func steps(for record: ToolVersionRecord, settings: LiveCheckSettings) -> Int {
        record.definition.examples?.count ?? 0
    }

    public func run(_ record: ToolVersionRecord, context: LiveCheckContext) async -> CheckResult {
        guard let examples = record.definition.examples, !examples.isEmpty else {
            return .notRun(check: name, version: version,
                           reason: "the proposal carries no examples; add examples (an input and its expected output or error code) so the contract can be tested")
        }
        var findings: [CheckFinding] = []
        for (i, example) in examples.enumerated() {
            if Task.isCancelled { break }
            let outcome: Result<ToolResult, WardenError>
            do {
                outcome = .success(try await context.call(example.input, "contract-\(i + 1)"))
            } catch let e as WardenError {
                outcome = .failure(e)
            } catch {
                outcome = .failure(WardenError(.internal, "the call failed unexpectedly"))
            }
            findings.append(Self.judge(example, index: i, outcome: outcome))
            context.advance()
        }
        return .ran(check: name, version: version, findings: findings)
    }

    /// The finding for one example's outcome.
    static func judge(_ example: ToolExample, index i: Int, outcome: Result<ToolResult, WardenError>) -> CheckFinding {
        let label = "example \(i + 1)" + (example.title.map { " (\($0.prefix(80)))" } ?? "")
        let pointer = "/examples/\(i)"
        func fail(_ title: String, _ detail: String, code: CheckFindingCode = .contractMismatch) -> CheckFinding {
            CheckFinding(code: code, severity: .critical, title: "\(label) failed: \(title)", detail: detail, pointer: pointer)
        }
        let passed = CheckFinding(code: .contractPassed, severity: .info, title: "\(label) passed", pointer: pointer)
        switch (outcome, example.expectedError) {
        case (.failure(let e), let expected?):
            return e.code.rawValue == expected ? passed
                : fail("expected error \(expected), got \(e.code.rawValue)", e.message)
        case (.success(let r), let expected?):
            if r.isError, expected == "tool_error" { return passed }
            return fail("expected error \(expected), got " + (r.isError ? "a tool error" : "an output"),
                        "The tool answered: \(String(r.text.prefix(300)))")
        case (.failure(let e), nil):
            if e.code == .invalidOutput {
                return fail("the output does not match the output schema", e.message, code: .contractInvalidOutput)
            }
            return fail("the call failed with \(e.code.rawValue)", e.message)
        case (.success(let r), nil):
            if r.isError { return fail("the tool reported an error", "The tool answered: \(String(r.text.prefix(300)))") }
            guard let expected = example.expectedOutput else { return passed }
            let actual = r.structuredContent ?? .string(r.text)
            guard let m = ExpectedOutputMatch.firstMismatch(expected: expected, actual: actual) else { return passed }
            let got = m.pointer.isEmpty ? actual : (JSONPointer.value(at: m.pointer, in: actual) ?? .null)
            return fail("the output differs at \(m.pointer.isEmpty ? "/" : m.pointer)",
                        "Expected \(m.expected), got \(String(got.canonicalString.prefix(200))).")
        }
    }
}
