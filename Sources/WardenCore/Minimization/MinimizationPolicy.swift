/// What minimization does with data a receiver is not cleared for, and where each level may go.
public struct MinimizationPolicy: Sendable, Codable, Hashable {
    /// What happens to a value above the receiver's clearance.
    public enum Action: String, Sendable, Codable, CaseIterable {
        /// Replace the value by `"[redacted:<level>]"` (`"[redacted:pii]"` for personal data).
        case mask
        /// Drop the object member. An array element, or the root value, is masked instead, since removing
        /// it would shift the positions of the others (or leave nothing to send).
        case remove
        /// Refuse the whole message with `policy_violation`.
        case refuse
    }

    /// Which data residency rules look at.
    public enum ResidencyScope: String, Sendable, Codable, CaseIterable {
        /// The data that would be sent, after masking and removal: restricted data that is removed for
        /// an agent not cleared for it does not leave, so its region does not matter.
        case sent
        /// All data in the value, whatever minimization would do with it.
        case present
    }

    /// The action for each level above the receiver's clearance; a level not listed is masked.
    public var actions: [SensitivityLevel: Action]
    /// The action for data tagged `x-pii` when the receiver is not cleared for personal data.
    public var piiFieldAction: Action
    /// The regions each listed level may be sent to. A level not listed may go anywhere; a level listed
    /// with no regions may go nowhere.
    public var residency: [SensitivityLevel: Set<String>]
    public var residencyScope: ResidencyScope

    /// `internal` → mask, `confidential` → mask, `restricted` → remove.
    public static let defaultActions: [SensitivityLevel: Action] = [.internal: .mask, .confidential: .mask, .restricted: .remove]

    public init(actions: [SensitivityLevel: Action] = MinimizationPolicy.defaultActions, piiFieldAction: Action = .mask,
                residency: [SensitivityLevel: Set<String>] = [:], residencyScope: ResidencyScope = .sent) {
        self.actions = actions
        self.piiFieldAction = piiFieldAction
        self.residency = residency
        self.residencyScope = residencyScope
    }

    /// The action for data of `level` above the receiver's clearance.
    public func action(for level: SensitivityLevel) -> Action { actions[level] ?? .mask }

    private enum CodingKeys: String, CodingKey { case actions, piiFieldAction, residency, residencyScope }

    /// Decodes the policy; every member is optional and defaults as in ``init(actions:piiFieldAction:residency:residencyScope:)``.
    /// `actions` that are given replace the defaults level by level.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        actions = Self.defaultActions.merging(try c.decodeIfPresent([SensitivityLevel: Action].self, forKey: .actions) ?? [:]) { $1 }
        piiFieldAction = try c.decodeIfPresent(Action.self, forKey: .piiFieldAction) ?? .mask
        residency = try c.decodeIfPresent([SensitivityLevel: Set<String>].self, forKey: .residency) ?? [:]
        residencyScope = try c.decodeIfPresent(ResidencyScope.self, forKey: .residencyScope) ?? .sent
    }
}
