/// A kind of record whose change the other instances sharing a database must pick up (their live registries reload).
public enum StoreChange: String, Sendable, CaseIterable {
    /// Tool versions: proposals, decisions, lifecycle transitions.
    case tools
    /// Agent versions.
    case agents
    /// Principals, API keys and OAuth clients.
    case principals
}
