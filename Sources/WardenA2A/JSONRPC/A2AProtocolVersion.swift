import Foundation

/// An A2A protocol version (`major.minor`), and how a server picks it.
///
/// a2a-sdk 1.3 serves both versions on one JSON-RPC endpoint and chooses by the *method name*: 1.0 names
/// (`SendMessage`…) are 1.0, 0.3 names (`message/send`…) are 0.3. It then checks the `A2A-Version` header against
/// that version (a missing or empty header means `0.3`): the header's major version must equal the method's, so a
/// 1.0 method without the header fails with VersionNotSupported (-32009), and a 0.3 method with `A2A-Version: 1.0`
/// fails too (sent to the 0.3 client as -32603). Its 1.0 client sends `A2A-Version: 1.0` on every request; its 0.3
/// client sends `a2a-version: 0.3`.
public struct A2AProtocolVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    public static let v1_0 = A2AProtocolVersion(major: 1, minor: 0)
    public static let v0_3 = A2AProtocolVersion(major: 0, minor: 3)
    /// The header name.
    public static let headerName = "A2A-Version"

    /// Parses `1`, `1.0`, `1.0.2`, `0.3`; `nil` for anything else.
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), let major = Int(parts[0]), major >= 0 else { return nil }
        var minor = 0
        if parts.count > 1 {
            guard let m = Int(parts[1]), m >= 0 else { return nil }
            minor = m
        }
        if parts.count > 2 { guard let p = Int(parts[2]), p >= 0 else { return nil } }
        self.init(major: major, minor: minor)
    }

    /// 0.x: the legacy JSON forms.
    public var isLegacy: Bool { major == 0 }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: A2AProtocolVersion, b: A2AProtocolVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// Checks the `A2A-Version` header for a method of version `expected`, as a2a-sdk's `validate_version` does.
    /// - Throws: ``A2AError`` VersionNotSupported (-32009) naming both versions.
    public static func check(header: String?, for expected: A2AProtocolVersion) throws(A2AError) {
        let raw = (header ?? "").trimmingCharacters(in: .whitespaces)
        let actualText = raw.isEmpty ? "0.3" : raw
        if let actual = A2AProtocolVersion(actualText), actual.major == expected.major { return }
        throw A2AError(.versionNotSupported,
                       "A2A version '\(actualText.prefix(16))' is not supported by this handler. Expected version '\(expected)'."
                           + (raw.isEmpty ? " Send the header A2A-Version: \(expected)." : ""))
    }
}
