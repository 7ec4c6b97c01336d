/// The state of one tool version in its lifecycle.
public enum LifecycleState: String, Sendable, Codable, CaseIterable {
    /// Proposed; no review filed yet.
    case proposed
    /// At least one review filed; awaiting the decision.
    case inReview = "in_review"
    /// Approved (possibly with conditions); not yet serving.
    case approved
    case rejected
    /// Withdrawn by its proposer before a decision.
    case withdrawn
    /// Serving calls. At most one version of a tool is active.
    case active
    /// Temporarily not serving; may be resumed.
    case suspended
    /// Still serving, but marked for retirement; agents are told to move on.
    case deprecated
    /// Replaced by a newer active version.
    case superseded
    /// Retired for good.
    case decommissioned

    /// Whether calls to a version in this state are served.
    public var isServing: Bool { self == .active || self == .deprecated }

    /// Whether no transition leaves this state.
    public var isFinal: Bool { ToolLifecycle.allowed.keys.allSatisfy { ToolLifecycle.allowed[$0]?[self] == nil } }
}

/// What can happen to a tool version.
public enum LifecycleEvent: String, Sendable, Codable, CaseIterable {
    case fileReview = "file_review"
    case approve
    case reject
    case withdraw
    case activate
    case suspend
    case resume
    case deprecate
    case supersede
    case decommission
}

/// The lifecycle state machine: which event is legal in which state, and where it leads.
public enum ToolLifecycle {
    /// event → (from state → to state).
    static let allowed: [LifecycleEvent: [LifecycleState: LifecycleState]] = [
        .fileReview: [.proposed: .inReview, .inReview: .inReview],
        .approve: [.inReview: .approved],
        .reject: [.proposed: .rejected, .inReview: .rejected],
        .withdraw: [.proposed: .withdrawn, .inReview: .withdrawn],
        .activate: [.approved: .active],
        .suspend: [.active: .suspended, .deprecated: .suspended],
        .resume: [.suspended: .active],
        .deprecate: [.active: .deprecated, .suspended: .deprecated],
        .supersede: [.active: .superseded, .suspended: .superseded, .deprecated: .superseded],
        .decommission: [.approved: .decommissioned, .active: .decommissioned, .suspended: .decommissioned,
                        .deprecated: .decommissioned, .superseded: .decommissioned],
    ]

    /// The state `event` leads to from `state`, or `nil` when the event is illegal there.
    public static func target(of event: LifecycleEvent, from state: LifecycleState) -> LifecycleState? {
        allowed[event]?[state]
    }

    /// The state `event` leads to from `state`.
    /// - Throws: `conflict` naming the current state and the states where the event is legal.
    public static func apply(_ event: LifecycleEvent, to state: LifecycleState, subject: String) throws -> LifecycleState {
        if let next = target(of: event, from: state) { return next }
        let legal = (allowed[event] ?? [:]).keys.map(\.rawValue).sorted().joined(separator: ", ")
        throw WardenError.conflict(
            "cannot \(event.rawValue.replacingOccurrences(of: "_", with: " ")) \(subject): it is \(state.rawValue); this is possible only when it is \(legal)",
            details: ["currentState": state.rawValue])
    }
}
