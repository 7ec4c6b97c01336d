import WardenCore

/// Check 7, `static_analysis`: for an internally built tool with a `sourceLocation`, runs the configured scanner
/// (`governance.checks.staticAnalysis`) and attaches its exit status and the tail of its output. Without a
/// configured scanner it says it did not run; it never passes silently.
public struct StaticAnalysisCheck: LiveCheck {
    public let name = "static_analysis"
    public let version = "1"

    public init() {}

    public func steps(for record: ToolVersionRecord, settings: LiveCheckSettings) -> Int {
        skipReason(record.definition, settings) == nil ? 1 : 0
    }

    func skipReason(_ d: ToolDefinition, _ settings: LiveCheckSettings) -> String? {
        if settings.staticAnalysis == nil {
            return "no scanner is configured (governance.checks.staticAnalysis.command), so the source was not analysed"
        }
        if d.provider.origin != .internal { return "only internally built tools are scanned; this provider is \(d.provider.origin.rawValue)" }
        if d.sourceLocation == nil { return "the definition has no sourceLocation to scan" }
        return nil
    }

    public func run(_ record: ToolVersionRecord, context: LiveCheckContext) async -> CheckResult {
        let d = record.definition
        guard let settings = context.settings.staticAnalysis, let source = d.sourceLocation, skipReason(d, context.settings) == nil else {
            return .notRun(check: name, version: version, reason: skipReason(d, context.settings) ?? "not applicable")
        }
        let command = ExternalCommand(arguments: settings.command.map { $0.replacingOccurrences(of: "{source}", with: source) },
                                      environment: ["WARDEN_SOURCE_LOCATION": source, "WARDEN_TOOL_NAME": d.name,
                                                    "WARDEN_TOOL_VERSION": d.version.description],
                                      timeout: settings.timeout, maxOutputBytes: settings.maxOutputBytes)
        let outcome = await command.run()
        context.advance()
        let program = settings.command.first ?? ""
        switch outcome {
        case .exited(0, let output):
            return .ran(check: name, version: version, findings: [
                CheckFinding(code: .staticAnalysisReport, severity: .info, title: "\(program) found nothing to report (exit status 0)",
                             detail: output.isEmpty ? nil : output, pointer: "/sourceLocation"),
            ])
        case .exited(let status, let output):
            return .ran(check: name, version: version, findings: [
                CheckFinding(code: .staticAnalysisFailed, severity: .high, title: "\(program) exited with status \(status)",
                             detail: output.isEmpty ? "It wrote nothing." : output, pointer: "/sourceLocation"),
            ])
        case .crashed(let signal, let output):
            return .failedToRun(check: name, version: version, "\(program) was killed by signal \(signal)" + (output.isEmpty ? "" : "; its output ended: \(output.suffix(500))"))
        case .timedOut(let output):
            return .failedToRun(check: name, version: version, "\(program) did not finish within \(settings.timeout) and was killed" + (output.isEmpty ? "" : "; its output ended: \(output.suffix(500))"))
        case .couldNotStart(let why):
            return .failedToRun(check: name, version: version, why)
        }
    }
}
