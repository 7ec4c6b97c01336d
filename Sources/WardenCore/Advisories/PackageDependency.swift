/// One package a tool depends on, at one exact version.
public struct PackageDependency: Sendable, Codable, Equatable, Hashable, CustomStringConvertible {
    /// The ecosystem the package comes from.
    public var ecosystem: Ecosystem
    /// The package's name as the tool declares it (Maven as `groupId:artifactId`, Go as a module path).
    public var name: String
    /// The exact version in use, in the ecosystem's own syntax (Go's leading `v` is fine).
    public var version: String

    /// A dependency on `name` at `version` in `ecosystem`.
    public init(ecosystem: Ecosystem, name: String, version: String) {
        self.ecosystem = ecosystem
        self.name = name
        self.version = version
    }

    /// The name in the form advisories are matched on; see ``Ecosystem/normalizedName(_:)``.
    public var normalizedName: String { ecosystem.normalizedName(name) }

    public var description: String { "\(ecosystem.rawValue)/\(name)@\(version)" }
}
