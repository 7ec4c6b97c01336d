import WardenCore

/// Secrets given in full at start-up (for tests and embedded use); never printed.
public struct FixedSecrets: SecretsProvider {
    let values: [String: String]

    public init(values: [String: String]) {
        self.values = values
    }

    public func secret(named name: String) -> Secret? {
        values[name].map(Secret.init)
    }
}
