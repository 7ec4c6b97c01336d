import Foundation

/// A decision's explicit acceptance of open blocking findings (by default: critical ones from the automated checks):
/// which finding codes it waives and why. Without one, the approval rule refuses to approve such a version; with one,
/// the waiver is kept in the decision and its audit event.
public struct FindingWaiver: Sendable, Codable, Equatable {
    /// The ``CheckFindingCode`` raw values waived, e.g. `contract.mismatch`.
    public var codes: [String]
    /// Why approving is right despite them: at least 20 characters that say something.
    public var reason: String

    public init(codes: [String], reason: String) {
        self.codes = codes
        self.reason = reason
    }

    /// The shortest reason accepted, in characters after trimming.
    public static let minimumReasonLength = 20

    /// Throws `invalid_input` when the waiver names nothing or gives no real reason.
    public func validate() throws {
        if codes.isEmpty || codes.count > 50 || codes.contains(where: { $0.isEmpty || $0.utf8.count > 100 }) {
            throw WardenError.invalidInput("waiver.codes: name 1 to 50 finding codes (as in `warden review checks`), each at most 100 bytes")
        }
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count < Self.minimumReasonLength || reason.count > 8000 {
            throw WardenError.invalidInput("waiver.reason: explain in \(Self.minimumReasonLength) to 8000 characters why the findings are acceptable")
        }
    }
}
