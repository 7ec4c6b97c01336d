/// An example call a proposal carries: an input and what the tool must answer. The contract test of the
/// onboarding checks runs each one against the real tool before anyone approves it.
public struct ToolExample: Sendable, Codable, Equatable {
    /// A short name for reviewers ("unknown city is refused"); optional.
    public var title: String?
    /// The arguments, an object valid (or, for an expected `invalid_input`, deliberately invalid) for the input schema.
    public var input: JSONValue
    /// What `structuredContent` must contain: every member of an expected object must be present with a matching
    /// value (recursively); arrays and scalars must be equal. Lets examples ignore fields that change (timestamps).
    public var expectedOutput: JSONValue?
    /// The outcome expected instead of an output: a Warden error code (`invalid_input`, `timeout`, …) or
    /// `tool_error` for a result the tool itself marks as an error.
    public var expectedError: String?

    public init(title: String? = nil, input: JSONValue, expectedOutput: JSONValue? = nil, expectedError: String? = nil) {
        self.title = title
        self.input = input
        self.expectedOutput = expectedOutput
        self.expectedError = expectedError
    }

    /// The error codes an example may expect: every ``WardenError/Code`` and `tool_error`.
    public static let expectableErrors: Set<String> = Set(WardenError.Code.allCases.map(\.rawValue)).union(["tool_error"])

    /// Every problem with the example, each prefixed with `field`.
    func problems(field: String) -> [String] {
        var out: [String] = []
        if case .object = input {} else { out.append("\(field).input: must be a JSON object (the tool's arguments)") }
        if let t = title, t.isEmpty || t.count > 200 { out.append("\(field).title: 1 to 200 characters") }
        if expectedOutput != nil, expectedError != nil {
            out.append("\(field): give expectedOutput or expectedError, not both")
        }
        if let e = expectedError, !Self.expectableErrors.contains(e) {
            out.append("\(field).expectedError: '\(e.prefix(40))' is not a Warden error code or tool_error")
        }
        if input.canonicalBytes.count > 64 * 1024 { out.append("\(field).input: at most 64 KiB") }
        if let o = expectedOutput, o.canonicalBytes.count > 64 * 1024 { out.append("\(field).expectedOutput: at most 64 KiB") }
        return out
    }
}
