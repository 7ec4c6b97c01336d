/// What minimization did to one value, for the audit log. It holds locations, counts, levels and
/// digests, never the data itself: JSON Pointer tokens that came from object keys are PII-masked too.
public struct MinimizationReport: Sendable, Codable, Hashable {
    /// JSON Pointers (RFC 6901) of the values replaced by `[redacted:…]`, sorted.
    public var maskedPointers: [String]
    /// JSON Pointers of the object members dropped, sorted.
    public var removedPointers: [String]
    /// JSON Pointers of the strings in which PII was masked, and of the object members whose key had PII
    /// masked (the pointer has the masked key), sorted.
    public var textMaskedPointers: [String]
    /// How many pieces of PII were masked in free text, by kind (kinds with none are left out).
    public var piiFindings: [PIIKind: Int]
    /// The most sensitive level of the data in the value before minimization (`nil` for no data).
    public var highestLevelPresent: SensitivityLevel?
    /// The most sensitive level of the data that is sent, after minimization.
    public var highestLevelSent: SensitivityLevel?
    /// Lowercase hex SHA-256 of the value's canonical JSON before minimization.
    public var inputDigest: String
    /// Lowercase hex SHA-256 of the canonical JSON of what is sent.
    public var outputDigest: String

    public init(maskedPointers: [String] = [], removedPointers: [String] = [], textMaskedPointers: [String] = [],
                piiFindings: [PIIKind: Int] = [:], highestLevelPresent: SensitivityLevel? = nil,
                highestLevelSent: SensitivityLevel? = nil, inputDigest: String, outputDigest: String) {
        self.maskedPointers = maskedPointers
        self.removedPointers = removedPointers
        self.textMaskedPointers = textMaskedPointers
        self.piiFindings = piiFindings
        self.highestLevelPresent = highestLevelPresent
        self.highestLevelSent = highestLevelSent
        self.inputDigest = inputDigest
        self.outputDigest = outputDigest
    }

    /// Whether minimization changed anything.
    public var changed: Bool { inputDigest != outputDigest }

    /// A flat summary for an audit event's `detail`: the digests, counts of masked and removed fields,
    /// PII findings per kind (`pii.email`, …) and the highest levels.
    public var auditDetail: [String: String] {
        var d: [String: String] = ["inputDigest": inputDigest, "outputDigest": outputDigest]
        if !maskedPointers.isEmpty { d["masked"] = String(maskedPointers.count) }
        if !removedPointers.isEmpty { d["removed"] = String(removedPointers.count) }
        for (kind, count) in piiFindings where count > 0 { d["pii." + kind.rawValue] = String(count) }
        if let l = highestLevelPresent { d["highestLevelPresent"] = l.rawValue }
        if let l = highestLevelSent { d["highestLevelSent"] = l.rawValue }
        return d
    }
}
