import JSONSchema

/// A minimized value and the report of what was done to it.
public struct MinimizationResult: Sendable {
    /// What may be sent to the receiver.
    public var value: JSONValue
    public var report: MinimizationReport

    public init(value: JSONValue, report: MinimizationReport) {
        self.value = value
        self.report = report
    }
}
