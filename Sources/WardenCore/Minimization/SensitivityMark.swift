/// What a schema says about the data at one location: the most sensitive level marked on it or above it
/// (`nil` when nothing on the way is marked), and whether it is personal data.
public struct SensitivityMark: Sendable, Hashable {
    public var level: SensitivityLevel?
    public var pii: Bool

    public init(level: SensitivityLevel?, pii: Bool) {
        self.level = level
        self.pii = pii
    }
}
