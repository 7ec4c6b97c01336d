/// Why advisory input (a version, an OSV record, a CVSS vector, a package URL or an SBOM) was rejected.
///
/// Every case reads as a sentence for a person; ``wardenError`` maps it to Warden's `invalid_input`.
public enum AdvisoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `version` is not a valid version under `scheme` (e.g. "PEP 440", "SemVer 2.0", "Maven").
    case invalidVersion(_ version: String, scheme: String, reason: String)
    /// An OSV record is malformed at `path` (e.g. `affected[0].ranges[1].events[2]`).
    case invalidRecord(id: String?, path: String, reason: String)
    /// A CVSS vector string could not be scored.
    case invalidCVSS(_ vector: String, reason: String)
    /// A package URL could not be parsed or names a type Warden does not match.
    case invalidPackageURL(_ purl: String, reason: String)
    /// A CycloneDX document is not a usable SBOM.
    case invalidSBOM(reason: String)

    public var description: String {
        switch self {
        case .invalidVersion(let version, let scheme, let reason):
            return "'\(AdvisoryError.clip(version))' is not a valid \(scheme) version: \(reason)"
        case .invalidRecord(let id, let path, let reason):
            let subject = id.map { "OSV record \(AdvisoryError.clip($0))" } ?? "OSV record"
            return path.isEmpty ? "\(subject): \(reason)" : "\(subject), \(path): \(reason)"
        case .invalidCVSS(let vector, let reason):
            return "CVSS vector '\(AdvisoryError.clip(vector))' cannot be scored: \(reason)"
        case .invalidPackageURL(let purl, let reason):
            return "package URL '\(AdvisoryError.clip(purl))' is not usable: \(reason)"
        case .invalidSBOM(let reason):
            return "not a usable CycloneDX SBOM: \(reason)"
        }
    }

    /// The same problem in Warden's shared error vocabulary.
    public var wardenError: WardenError { .invalidInput(description) }

    /// Input is echoed in messages, but never at unbounded length.
    static func clip(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}
