import Foundation

/// A version type the advisory matcher can parse and order.
protocol OrderedVersion: Comparable, Sendable {
    init(_ text: String) throws
}

extension PEP440Version: OrderedVersion {}
extension SemanticVersionOrder: OrderedVersion {}
extension MavenVersion: OrderedVersion {}

extension VersionScheme {
    /// Orders two version strings under this scheme.
    /// - Throws: ``AdvisoryError/invalidVersion(_:scheme:reason:)`` when either is not a valid version.
    public func compare(_ a: String, _ b: String) throws -> ComparisonResult {
        switch self {
        case .pep440: return try Self.compare(PEP440Version(a), PEP440Version(b))
        case .semver: return try Self.compare(SemanticVersionOrder(a), SemanticVersionOrder(b))
        case .maven: return try Self.compare(MavenVersion(a), MavenVersion(b))
        }
    }

    /// Checks that `text` is a valid version under this scheme.
    /// - Throws: ``AdvisoryError/invalidVersion(_:scheme:reason:)`` saying why it is not.
    public func validate(_ text: String) throws {
        switch self {
        case .pep440: _ = try PEP440Version(text)
        case .semver: _ = try SemanticVersionOrder(text)
        case .maven: _ = try MavenVersion(text)
        }
    }

    private static func compare<V: Comparable>(_ a: V, _ b: V) -> ComparisonResult {
        a < b ? .orderedAscending : (b < a ? .orderedDescending : .orderedSame)
    }
}
