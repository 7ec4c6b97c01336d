import Foundation
import WardenCore

extension WardenRequestContext {
    /// The path parameter `name`, percent-decoded.
    /// - Throws: `invalid_input` when it is missing, empty or longer than 128 bytes.
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw WardenError.invalidInput("missing path parameter \(name)") }
        let v = raw.removingPercentEncoding ?? raw
        guard !v.isEmpty, v.utf8.count <= 128 else { throw WardenError.invalidInput("\(name) must be 1 to 128 characters") }
        return v
    }

    /// The path parameter `version` as a semantic version.
    /// - Throws: `invalid_input` when it is not one.
    func versionParameter() throws -> SemanticVersion {
        let raw = try pathParameter("version")
        guard let v = SemanticVersion(raw) else {
            throw WardenError.invalidInput("'\(raw.prefix(64))' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)")
        }
        return v
    }
}
