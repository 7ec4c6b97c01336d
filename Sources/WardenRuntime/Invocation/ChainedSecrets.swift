/// Asks several providers in order; the first that has a secret supplies it.
public struct ChainedSecrets: SecretsProvider {
    /// The providers, asked first to last.
    public let providers: [any SecretsProvider]

    /// A chain asking `providers` in this order.
    public init(_ providers: [any SecretsProvider]) { self.providers = providers }

    /// The secret from the first provider that has it.
    public func secret(named name: String) -> Secret? {
        for provider in providers {
            if let found = provider.secret(named: name) { return found }
        }
        return nil
    }
}
