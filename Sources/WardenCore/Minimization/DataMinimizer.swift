import JSONSchema

/// Minimizes data before it leaves Warden for a receiver: values above the receiver's clearance are
/// masked, removed or refused as the policy says, personal data is masked when the receiver is not cleared
/// for it (fields tagged `x-pii` whole, free text span by span), and residency rules are enforced.
///
/// One walk over the value (linear in its size; unchanged parts are shared, not copied) and one SHA-256
/// of it before and, when it changed, after. Immutable and `Sendable`: build one and use it for every
/// message.
public struct DataMinimizer: Sendable {
    public let policy: MinimizationPolicy
    public let scanner: PIIScanner
    /// The residency rules with lowercased regions, the most sensitive level first.
    private let residency: [(level: SensitivityLevel, regions: Set<String>)]

    public init(policy: MinimizationPolicy = MinimizationPolicy(), scanner: PIIScanner = PIIScanner()) {
        self.policy = policy
        self.scanner = scanner
        residency = policy.residency.map { ($0.key, Set($0.value.map { $0.lowercased() })) }.sorted { $0.level > $1.level }
    }

    /// Minimizes `value`, whose sensitivity `map` describes, for `receiver`.
    ///
    /// Object keys are PII-masked like free text when the receiver is not cleared for PII (a masked key
    /// that collides with another key gets a `#2`, `#3`, … suffix).
    /// - Throws: `WardenError` `policy_violation` when a value's level (or its `x-pii` tag) has the action
    ///   `refuse`, or when data of a level with a residency rule would go to a receiver whose region is
    ///   not allowed or unknown. The error's details name the level, the location or the regions, and the
    ///   input's digest, never the data.
    public func minimize(_ value: JSONValue, map: SensitivityMap, for receiver: DataClearance) throws(WardenError)
        -> MinimizationResult
    {
        let input = value.canonicalBytes
        let inputDigest = Digest.sha256Hex(input)
        var walk = MinimizationWalk(map: map, policy: policy, scanner: scanner, receiver: receiver, inputDigest: inputDigest)
        let outcome = try walk.visit(value, state: map.root, inherited: nil, pii: false, removable: false)
        let levels = policy.residencyScope == .sent ? walk.sentLevels : walk.presentLevels
        for rule in residency where levels.contains(rule.level) {
            let region = receiver.region.flatMap { $0.isEmpty ? nil : $0 }
            guard let region, rule.regions.contains(region.lowercased()) else {
                throw Self.residencyViolation(rule.level, rule.regions, region, inputDigest: inputDigest)
            }
        }
        let output: JSONValue
        switch outcome {
        case .same: output = value
        case .replaced(let v): output = v
        // `removable: false` at the root: a removal there is a mask.
        case .removed: output = .null
        }
        let changed: Bool = if case .same = outcome { false } else { true }
        let report = MinimizationReport(
            maskedPointers: walk.masked.sorted(), removedPointers: walk.removed.sorted(),
            textMaskedPointers: walk.textMasked.sorted(), piiFindings: walk.findings,
            highestLevelPresent: walk.presentLevels.highest, highestLevelSent: walk.sentLevels.highest,
            inputDigest: inputDigest, outputDigest: changed ? Digest.sha256Hex(output.canonicalBytes) : inputDigest)
        return MinimizationResult(value: output, report: report)
    }

    private static func residencyViolation(_ level: SensitivityLevel, _ regions: Set<String>, _ region: String?,
                                           inputDigest: String) -> WardenError {
        let allowed = regions.sorted()
        let where_ = allowed.isEmpty ? "may not be sent to any agent" : "may only be sent to agents in \(allowed.joined(separator: ", "))"
        let receiver = region.map { "is in \($0)" } ?? "has no known region"
        return .policyViolation(
            "the message holds \(level.rawValue) data, which \(where_), and the receiver \(receiver); "
                + "send it to an agent in an allowed region or leave that data out",
            details: ["rule": "residency", "level": level.rawValue, "allowedRegions": allowed.joined(separator: ","),
                      "region": region ?? "", "inputDigest": inputDigest])
    }
}

/// The set of levels met in a walk.
struct LevelSet: Sendable {
    private var bits: UInt8 = 0

    mutating func insert(_ level: SensitivityLevel) { bits |= Self.bit(level) }
    func contains(_ level: SensitivityLevel) -> Bool { bits & Self.bit(level) != 0 }
    var highest: SensitivityLevel? { SensitivityLevel.allCases.last(where: contains) }

    private static func bit(_ level: SensitivityLevel) -> UInt8 {
        switch level {
        case .public: 1
        case .internal: 2
        case .confidential: 4
        case .restricted: 8
        }
    }
}
