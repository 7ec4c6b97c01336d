/// Where Warden finds the credentials a tool's provider needs, by name.
public protocol SecretsProvider: Sendable {
    /// The secret called `name`, or `nil` when this provider does not have it.
    func secret(named name: String) -> Secret?
}

extension SecretsProvider {
    /// The names among `names` that this provider cannot supply, in the order given.
    /// Activation refuses a tool while any of its `requiredCredentials` is missing.
    public func missing(_ names: [String]) -> [String] {
        names.filter { secret(named: $0) == nil }
    }
}
