import Testing
import WardenCore

/// The lifecycle written out independently of the implementation: every legal (state, event) pair.
private let legal: [String: LifecycleState] = [
    "proposed/file_review": .inReview, "in_review/file_review": .inReview,
    "in_review/approve": .approved,
    "proposed/reject": .rejected, "in_review/reject": .rejected,
    "proposed/withdraw": .withdrawn, "in_review/withdraw": .withdrawn,
    "approved/activate": .active,
    "active/suspend": .suspended, "deprecated/suspend": .suspended,
    "suspended/resume": .active,
    "active/deprecate": .deprecated, "suspended/deprecate": .deprecated,
    "active/supersede": .superseded, "suspended/supersede": .superseded, "deprecated/supersede": .superseded,
    "approved/decommission": .decommissioned, "active/decommission": .decommissioned,
    "suspended/decommission": .decommissioned, "deprecated/decommission": .decommissioned,
    "superseded/decommission": .decommissioned,
]

@Suite("Tool lifecycle state machine")
struct ToolLifecycleTests {
    @Test("every (state, event) pair", arguments: LifecycleState.allCases, LifecycleEvent.allCases)
    func pair(state: LifecycleState, event: LifecycleEvent) throws {
        let expected = legal["\(state.rawValue)/\(event.rawValue)"]
        #expect(ToolLifecycle.target(of: event, from: state) == expected)
        if let expected {
            #expect(try ToolLifecycle.apply(event, to: state, subject: "t") == expected)
        } else {
            do {
                _ = try ToolLifecycle.apply(event, to: state, subject: "t 1.0.0")
                Issue.record("\(event) from \(state) should be refused")
            } catch let e as WardenError {
                #expect(e.code == .conflict)
                #expect(e.details["currentState"] == state.rawValue)
                #expect(e.message.contains(state.rawValue))
            }
        }
    }

    @Test func finalStates() {
        #expect(LifecycleState.rejected.isFinal)
        #expect(LifecycleState.withdrawn.isFinal)
        #expect(LifecycleState.decommissioned.isFinal)
        #expect(!LifecycleState.active.isFinal)
        #expect(LifecycleState.active.isServing && LifecycleState.deprecated.isServing)
        #expect(!LifecycleState.suspended.isServing)
    }
}
