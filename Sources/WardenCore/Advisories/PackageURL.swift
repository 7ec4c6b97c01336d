import Foundation

/// A package URL (https://github.com/package-url/purl-spec): `pkg:type/namespace/name@version?qualifiers#subpath`.
///
/// Components are percent-decoded; the type is lowercased, as are PyPI names (with `_` read as `-`, per
/// the purl spec's pypi rules). ``dependency()`` turns the purl into a ``PackageDependency`` for the
/// types Warden matches: `pypi`, `npm`, `golang`, `swift`, `maven` and `cargo`.
public struct PackageURL: Sendable, Equatable, CustomStringConvertible {
    /// The package type, lowercased (`pypi`, `npm`, `maven`, `golang`, `cargo`, `swift`, ...).
    public var type: String
    /// The namespace segments joined by `/` (`@scope` for npm, the group id for Maven, `github.com/x` for Go).
    public var namespace: String?
    /// The package name, percent-decoded.
    public var name: String
    /// The version, percent-decoded, if the purl has one.
    public var version: String?
    /// The `?key=value` qualifiers, keys lowercased, values percent-decoded.
    public var qualifiers: [String: String]
    /// The `#subpath`, if any.
    public var subpath: String?
    /// The purl as given.
    public let description: String

    /// Parses `text` as a package URL.
    /// - Throws: ``AdvisoryError/invalidPackageURL(_:reason:)`` when the `pkg:` scheme, type or name is
    ///   missing, or percent-encoding is invalid.
    public init(_ text: String) throws {
        func fail(_ reason: String) -> AdvisoryError { .invalidPackageURL(text, reason: reason) }
        func decode(_ part: Substring, _ what: String) throws -> String {
            guard let decoded = String(part).removingPercentEncoding else { throw fail("the \(what) has invalid percent-encoding") }
            return decoded
        }
        guard text.utf8.count <= 4096 else { throw fail("it is longer than 4096 characters") }
        var rest = Substring(text.trimmingWhitespace())
        guard rest.lowercased().hasPrefix("pkg:") else { throw fail("it must start with 'pkg:'") }
        rest = rest.dropFirst(4)
        while rest.hasPrefix("/") { rest = rest.dropFirst() }

        var subpath: String?
        if let hash = rest.firstIndex(of: "#") {
            let raw = rest[rest.index(after: hash)...].split(separator: "/").filter { $0 != "." && $0 != ".." }
            subpath = try raw.map { try decode($0, "subpath") }.joined(separator: "/")
            rest = rest[..<hash]
        }
        var qualifiers: [String: String] = [:]
        if let question = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: question)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard kv.count == 2, !kv[0].isEmpty else { throw fail("qualifier '\(pair)' is not key=value") }
                let value = try decode(kv[1], "qualifier \(kv[0])")
                if !value.isEmpty { qualifiers[kv[0].lowercased()] = value }
            }
            rest = rest[..<question]
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }

        guard let slash = rest.firstIndex(of: "/") else { throw fail("it needs a type and a name (pkg:type/name)") }
        let type = rest[..<slash].lowercased()
        guard !type.isEmpty, type.first?.isLetter == true,
              type.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "+" || $0 == "-") }) else {
            throw fail("'\(type)' is not a package type")
        }
        var path = rest[rest.index(after: slash)...]

        var version: String?
        // The version's "@" is in the last segment; an unencoded npm scope ("@types/node") is not a version.
        let lastSegmentStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        if let at = path[lastSegmentStart...].lastIndex(of: "@") {
            let raw = path[path.index(after: at)...]
            version = raw.isEmpty ? nil : try decode(raw, "version")
            path = path[..<at]
        }
        let segments = path.split(separator: "/")
        guard let last = segments.last else { throw fail("the name is missing") }
        var name = try decode(last, "name")
        let namespace = try segments.dropLast().map { try decode($0, "namespace") }.joined(separator: "/")
        if type == "pypi" { name = name.lowercased().replacingOccurrences(of: "_", with: "-") }
        guard !name.isEmpty else { throw fail("the name is missing") }

        self.type = type
        self.namespace = namespace.isEmpty ? nil : namespace
        self.name = name
        self.version = version
        self.qualifiers = qualifiers
        self.subpath = subpath
        self.description = text
    }

    /// The purl types Warden maps to an ecosystem.
    public static let supportedTypes: [String: Ecosystem] = [
        "pypi": .pypi, "npm": .npm, "golang": .go, "swift": .swift, "maven": .maven, "cargo": .crates,
    ]

    /// The ecosystem of this purl's type, or `nil` for a type Warden does not match.
    public var ecosystem: Ecosystem? { Self.supportedTypes[type] }

    /// The package name in the form its ecosystem's advisories use: `@scope/name` for npm,
    /// `group:artifact` for Maven, the module path for Go, `host/owner/repo` for Swift.
    public var packageName: String {
        guard let namespace else { return name }
        switch type {
        case "maven": return "\(namespace):\(name)"
        default: return "\(namespace)/\(name)"
        }
    }

    /// This purl as a dependency.
    /// - Throws: ``AdvisoryError/invalidPackageURL(_:reason:)`` when the type is not one Warden matches,
    ///   the version is missing, or a Maven purl has no group.
    public func dependency() throws -> PackageDependency {
        guard let ecosystem else {
            throw AdvisoryError.invalidPackageURL(description, reason: "type '\(type)' is not one Warden matches (\(Self.supportedTypes.keys.sorted().joined(separator: ", ")))")
        }
        guard let version else { throw AdvisoryError.invalidPackageURL(description, reason: "it has no @version") }
        if ecosystem == .maven && namespace == nil {
            throw AdvisoryError.invalidPackageURL(description, reason: "a Maven purl needs a group (pkg:maven/group/artifact@version)")
        }
        return PackageDependency(ecosystem: ecosystem, name: packageName, version: version)
    }
}
