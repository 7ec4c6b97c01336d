import Foundation

/// Secrets from environment variables: the secret `NAME` is the variable `prefix + NAME`
/// (for example `WARDEN_SECRET_GITHUB_TOKEN`). The environment is read once, at creation;
/// an empty variable counts as absent.
public struct EnvironmentSecrets: SecretsProvider {
    private let values: [String: String]

    /// - Parameters:
    ///   - prefix: prepended to a secret's name to form the variable's name; empty for none.
    ///   - environment: the variables to read; the process environment by default.
    public init(prefix: String = "", environment: [String: String] = ProcessInfo.processInfo.environment) {
        var values: [String: String] = [:]
        for (key, value) in environment where key.hasPrefix(prefix) && !value.isEmpty {
            values[String(key.dropFirst(prefix.count))] = value
        }
        self.values = values
    }

    /// The variable `prefix + name`, when set and not empty.
    public func secret(named name: String) -> Secret? {
        guard !name.isEmpty, let value = values[name] else { return nil }
        return Secret(value)
    }
}
