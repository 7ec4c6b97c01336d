import Foundation

/// A person or an agent known to Warden, with the roles it holds.
public struct Principal: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable { case person, agent }

    /// A stable identifier: 1 to 64 of letters, digits, `_`, `-`, `.`, `@`.
    public var id: String
    public var displayName: String
    public var kind: Kind
    public var roles: Set<Role>
    public var createdAt: Date
    public var disabled: Bool

    public init(id: String, displayName: String, kind: Kind, roles: Set<Role>, createdAt: Date, disabled: Bool = false) {
        self.id = id
        self.displayName = displayName
        self.kind = kind
        self.roles = roles
        self.createdAt = createdAt
        self.disabled = disabled
    }

    /// Whether `id` is a well-formed principal identifier.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "_-.@".unicodeScalars.contains($0)
        }
    }
}

/// An API key's record. The key itself is never stored, only its SHA-256 digest.
public struct APIKeyRecord: Sendable, Codable, Equatable {
    public var id: String
    public var principalID: String
    public var label: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    public init(id: String, principalID: String, label: String, createdAt: Date, expiresAt: Date?, revokedAt: Date?) {
        self.id = id
        self.principalID = principalID
        self.label = label
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }

    /// Whether the key may be used at `now`.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}
