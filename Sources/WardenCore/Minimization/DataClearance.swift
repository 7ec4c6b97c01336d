/// What a receiver (an agent) may be sent: data up to ``maxLevel``, personal data only when
/// ``piiCleared``, and where it is, for data residency rules.
public struct DataClearance: Sendable, Codable, Hashable {
    /// The most sensitive level the receiver may see unminimized.
    public var maxLevel: SensitivityLevel
    /// Whether the receiver may see personal data (fields tagged `x-pii`, and PII in free text).
    public var piiCleared: Bool
    /// Where the receiver processes data (for example `eu-west`); `nil` (or empty) when not known, which no
    /// residency rule accepts. Compared without regard to ASCII case.
    public var region: String?

    public init(maxLevel: SensitivityLevel, piiCleared: Bool = false, region: String? = nil) {
        self.maxLevel = maxLevel
        self.piiCleared = piiCleared
        self.region = region
    }

    private enum CodingKeys: String, CodingKey { case maxLevel, piiCleared, region }

    /// Decodes `{"maxLevel": "internal", "piiCleared": false, "region": "eu-west"}`; only `maxLevel` is required.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxLevel = try c.decode(SensitivityLevel.self, forKey: .maxLevel)
        piiCleared = try c.decodeIfPresent(Bool.self, forKey: .piiCleared) ?? false
        region = try c.decodeIfPresent(String.self, forKey: .region)
    }
}
