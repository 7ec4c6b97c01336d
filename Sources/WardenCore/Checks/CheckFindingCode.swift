/// The stable identifier of the rule behind a ``CheckFinding``, `area.rule`. Codes are never reused for another
/// meaning, so policies, waivers and dashboards can refer to them.
public struct CheckFindingCode: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Decodes the code from a plain string.
    /// - Throws: `DecodingError` when the value is not a string.
    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }

    // MARK: Any check

    /// More findings than a check reports (200, the last being this one); the rest were dropped. Info.
    public static let findingsTruncated: CheckFindingCode = "check.findings_truncated"

    // MARK: Schema lint (`schema_lint`)

    /// The schema does not validate against its meta-schema (or does not compile). High.
    public static let schemaInvalid: CheckFindingCode = "schema.invalid"
    /// The top-level schema is not `"type": "object"`, which MCP requires. High.
    public static let schemaRootNotObject: CheckFindingCode = "schema.root_not_object"
    /// An object schema admits properties it does not name: no `additionalProperties: false`,
    /// no `unevaluatedProperties: false`, no `x-warden-open-reason`. Medium.
    public static let schemaOpenObject: CheckFindingCode = "schema.open_object"
    /// A string schema without `maxLength`, `enum` or `const`. Medium.
    public static let schemaUnboundedString: CheckFindingCode = "schema.unbounded_string"
    /// An array schema without `maxItems`, `enum`, `const` or closed tuple form. Medium.
    public static let schemaUnboundedArray: CheckFindingCode = "schema.unbounded_array"
    /// An object schema with `properties` but no `required` (an explicit `"required": []` is accepted). Low.
    public static let schemaMissingRequired: CheckFindingCode = "schema.missing_required"
    /// A `$ref` leads back to a schema that contains it, with no declared depth. High.
    public static let schemaUnboundedRecursion: CheckFindingCode = "schema.unbounded_recursion"
    /// A recursive `$ref` whose target declares `x-warden-max-depth`; shown so reviewers see it. Info.
    public static let schemaDeclaredRecursion: CheckFindingCode = "schema.declared_recursion"
    /// A local `$ref` (`#…`) that points at nothing in the document. Medium.
    public static let schemaUnresolvedRef: CheckFindingCode = "schema.unresolved_ref"
    /// Schemas nested deeper than the lint looks (64 applicator levels); below that nothing was linted. Medium.
    public static let schemaTooDeep: CheckFindingCode = "schema.too_deep"
    /// More subschemas than the lint looks at (10,000); the rest were not linted. Medium.
    public static let schemaTooLarge: CheckFindingCode = "schema.too_large"

    // MARK: Least privilege (`least_privilege`)

    /// A tool that reads or returns confidential or restricted data is open to the `agent` role. High.
    public static let privilegeRoleTooBroad: CheckFindingCode = "privilege.role_too_broad"
    /// A declared credential the provider configuration never uses. Medium.
    public static let privilegeUnusedCredential: CheckFindingCode = "privilege.unused_credential"
    /// The provider configuration refers to `{{secret.NAME}}` that the tool does not declare. Medium.
    public static let privilegeUndeclaredCredential: CheckFindingCode = "privilege.undeclared_credential"
    /// A credential also required by another owner's tool. Medium.
    public static let privilegeSharedCredential: CheckFindingCode = "privilege.shared_credential"
    /// A third-party provider reads restricted data. High.
    public static let privilegeRestrictedToThirdParty: CheckFindingCode = "privilege.restricted_to_third_party"
    /// A third-party provider reads confidential data. Medium.
    public static let privilegeConfidentialToThirdParty: CheckFindingCode = "privilege.confidential_to_third_party"
    /// The provider's host is not in the allow-list for its origin. High.
    public static let privilegeHostNotAllowed: CheckFindingCode = "privilege.host_not_allowed"
    /// The provider URL's host is filled from arguments (`{{…}}`), so callers choose where requests go. High.
    public static let privilegeTemplatedHost: CheckFindingCode = "privilege.templated_host"
    /// The provider URL has no readable host. Medium.
    public static let privilegeUnreadableURL: CheckFindingCode = "privilege.unreadable_url"

    // MARK: Description safety (`description_safety`)

    /// Text telling the model to drop its instructions or take new ones ("ignore previous instructions"). High.
    public static let descriptionInstructionOverride: CheckFindingCode = "description.instruction_override"
    /// Text telling the model to hide something from the user ("do not tell the user"). High.
    public static let descriptionConcealment: CheckFindingCode = "description.concealment"
    /// Text asking the model to read or send other data ("send the conversation to", "include the contents of"). High.
    public static let descriptionDataExfiltration: CheckFindingCode = "description.data_exfiltration"
    /// A path to secrets (`~/.ssh`, `/etc/passwd`, `.aws/credentials`, …). High.
    public static let descriptionSensitivePath: CheckFindingCode = "description.sensitive_path"
    /// Invisible characters: bidi controls, zero-width characters, Unicode tag characters. High.
    public static let descriptionHiddenUnicode: CheckFindingCode = "description.hidden_unicode"
    /// A run of base64 that decodes; high when the decoded text itself is a directive, else medium.
    public static let descriptionEncodedBlob: CheckFindingCode = "description.encoded_blob"
    /// A URL whose host is neither known nor the tool's own provider host. Medium.
    public static let descriptionUnknownURL: CheckFindingCode = "description.unknown_url"
    /// A text longer than the scan reads (``DescriptionSafetyCheck/maxScannedScalars``); only its start was scanned. Medium.
    public static let descriptionOversizedText: CheckFindingCode = "description.oversized_text"
    /// The schemas were too deep or too large to read every description in them. Medium.
    public static let descriptionScanIncomplete: CheckFindingCode = "description.scan_incomplete"

    /// A check that threw, crashed (its process died) or ran out of time; it never counts as a pass. High.
    public static let checkError: CheckFindingCode = "check.error"

    // MARK: Dependencies (`dependencies`)

    /// An imported advisory affects a declared dependency; severity follows the advisory (unknown counts as medium).
    public static let dependencyVulnerable: CheckFindingCode = "dependency.vulnerable"

    // MARK: Contract test (`contract_test`)

    /// An example's call answered differently from what the example expects (output or error). Critical.
    public static let contractMismatch: CheckFindingCode = "contract.mismatch"
    /// An example's output does not validate against the output schema. Critical.
    public static let contractInvalidOutput: CheckFindingCode = "contract.invalid_output"
    /// An example that passed, for the record (one per example). Info.
    public static let contractPassed: CheckFindingCode = "contract.passed"

    // MARK: Load and reliability test (`load_test`)

    /// The measured figures (calls, concurrency, p50/p95/p99, error rate, timeouts). Info.
    public static let loadFigures: CheckFindingCode = "load.figures"
    /// A latency percentile above the declared objective. High.
    public static let loadLatencyObjectiveMissed: CheckFindingCode = "load.latency_objective_missed"
    /// More calls failed than the declared maximum error rate (or any, with no objective). High.
    public static let loadErrorRate: CheckFindingCode = "load.error_rate"
    /// The plan asked for more calls or concurrency than the configuration allows; it ran bounded. Info.
    public static let loadBounded: CheckFindingCode = "load.bounded"

    // MARK: Static analysis (`static_analysis`)

    /// The configured scanner exited with a non-zero status; the detail holds its summarized output. High.
    public static let staticAnalysisFailed: CheckFindingCode = "static_analysis.failed"
    /// The scanner exited cleanly; the detail holds its summarized output. Info.
    public static let staticAnalysisReport: CheckFindingCode = "static_analysis.report"
}
