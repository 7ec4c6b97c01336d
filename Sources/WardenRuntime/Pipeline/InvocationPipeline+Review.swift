import WardenCore

extension InvocationPipeline {
    /// Calls a tool version that need not be serving, for the onboarding checks that exercise the real tool
    /// (contract and load tests): validate input → perform under the tool's timeout → validate output → record, with
    /// the tool's credentials injected as for a live call. It leaves live state alone: no rate-limit tokens, no circuit
    /// breaker, no retries, no live metrics; the audit event's action is `tool.review_call`.
    /// - Throws: `WardenError` as ``call(_:)`` does (never `rate_limited` or `circuit_open`); `internal` when a schema
    ///   of the version does not compile.
    public func reviewCall(_ call: GovernedCall, version record: ToolVersionRecord) async throws -> ToolResult {
        let tool: ServingTool
        do { tool = try ServingTool(record: record) } catch {
            throw WardenError(.internal, "\(record.name) \(record.version) cannot be called: a schema does not compile (\(error))")
        }
        let started = ContinuousClock.now
        do {
            let result = try await performReview(call, tool: tool)
            try await recorder.record(call, tool: tool, started: started, result: .success(result), action: "tool.review_call")
            return result
        } catch let error as WardenError {
            try? await recorder.record(call, tool: tool, started: started, result: .failure(error), action: "tool.review_call")
            throw error
        } catch {
            let wrapped = error is CancellationError
                ? WardenError(.timeout, "the review call was cancelled")
                : WardenError(.internal, "the review call failed unexpectedly")
            try? await recorder.record(call, tool: tool, started: started, result: .failure(wrapped), action: "tool.review_call")
            throw wrapped
        }
    }

    private func performReview(_ call: GovernedCall, tool: ServingTool) async throws -> ToolResult {
        try SchemaCheck.input(call.arguments, for: tool)
        let credentials = try resolveCredentials(of: tool)
        guard let performer = performers[tool.definition.provider.kind] else {
            throw WardenError(.upstreamUnavailable, "this Warden cannot perform \(tool.definition.provider.kind.rawValue) tools yet")
        }
        let redactor = SecretRedactor(values: Array(credentials.values))
        let arguments = call.arguments
        do {
            let op: @Sendable () async throws -> ToolResult = {
                try await performer.perform(tool, arguments: arguments, credentials: credentials)
            }
            let result = try await TraceContext.$current.withValue(call.trace) {
                performer.enforcesTimeout ? try await op() : try await withTimeout(.milliseconds(tool.definition.timeoutMs), op)
            }
            let clean = redactor.isEmpty
                ? result
                : ToolResult(structuredContent: result.structuredContent.map(redactor.redact), text: redactor.redact(result.text),
                             content: result.content.map { $0.map(redactor.redact) }, isError: result.isError)
            try SchemaCheck.output(clean, for: tool)
            return clean
        } catch let e as WardenError {
            throw redactor.redact(e)
        }
    }
}
