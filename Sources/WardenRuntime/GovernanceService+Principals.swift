import Foundation
import WardenCore
import WardenStore

/// What a caller sends to create a principal.
public struct NewPrincipal: Sendable, Codable, Equatable {
    public var id: String
    public var displayName: String
    public var kind: Principal.Kind
    public var roles: [Role]

    public init(id: String, displayName: String, kind: Principal.Kind, roles: [Role]) {
        self.id = id
        self.displayName = displayName
        self.kind = kind
        self.roles = roles
    }
}

/// What a caller sends to change a principal.
public struct PrincipalUpdate: Sendable, Codable, Equatable {
    public var displayName: String?
    public var roles: [Role]?
    public var disabled: Bool?

    public init(displayName: String? = nil, roles: [Role]? = nil, disabled: Bool? = nil) {
        self.displayName = displayName
        self.roles = roles
        self.disabled = disabled
    }
}

/// What a caller sends to create an API key.
public struct NewAPIKey: Sendable, Codable, Equatable {
    public var label: String?
    public var expiresAt: Date?

    public init(label: String? = nil, expiresAt: Date? = nil) {
        self.label = label
        self.expiresAt = expiresAt
    }
}

/// A key as created: the token is shown once and never again.
public struct IssuedAPIKey: Sendable, Codable, Equatable {
    public var key: APIKeyRecord
    public var token: String
}

extension GovernanceService {
    /// Creates a principal. Needs `principal.manage`.
    public func createPrincipal(_ ctx: CallContext, _ new: NewPrincipal) async throws -> Principal {
        try await perform(ctx, action: "principal.create", subject: "principal:\(new.id.prefix(64))") { tx, now in
            try self.require(.principalManage, ctx)
            guard Principal.isValidID(new.id) else {
                throw WardenError.invalidInput("id: use 1 to 64 of letters, digits, '_', '-', '.', '@'")
            }
            let name = new.displayName.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 200 else {
                throw WardenError.invalidInput("displayName: must be 1 to 200 characters")
            }
            guard new.roles.count <= 32 else { throw WardenError.invalidInput("roles: at most 32") }
            if try tx.principal(id: new.id) != nil {
                throw WardenError.conflict("a principal with id '\(new.id)' exists already")
            }
            let p = Principal(id: new.id, displayName: name, kind: new.kind, roles: Set(new.roles), createdAt: now)
            try tx.insertPrincipal(p)
            return (p, ["roles": p.roles.sorted().map(\.rawValue).joined(separator: ",")])
        }
    }

    /// Changes a principal's name, roles or disabled flag. Needs `principal.manage`; nobody may
    /// remove their own ability to manage principals (so the last admin cannot lock everyone out by mistake).
    public func updatePrincipal(_ ctx: CallContext, id: String, _ update: PrincipalUpdate) async throws -> Principal {
        defer { authenticationCache.removeAll() }
        return try await perform(ctx, action: "principal.update", subject: "principal:\(id.prefix(64))") { tx, _ in
            try self.require(.principalManage, ctx)
            guard var p = try tx.principal(id: id) else { throw WardenError.notFound("no principal '\(id.prefix(64))'") }
            if let n = update.displayName {
                guard !n.isEmpty, n.count <= 200 else { throw WardenError.invalidInput("displayName: must be 1 to 200 characters") }
                p.displayName = n
            }
            if let r = update.roles {
                guard r.count <= 32 else { throw WardenError.invalidInput("roles: at most 32") }
                p.roles = Set(r)
            }
            if let d = update.disabled { p.disabled = d }
            if p.id == ctx.principal.id, p.disabled || !self.policy.access.allows(.principalManage, roles: p.roles) {
                throw WardenError.conflict("you cannot disable yourself or remove your own principal.manage role; ask another admin")
            }
            try tx.updatePrincipal(p)
            return (p, ["roles": p.roles.sorted().map(\.rawValue).joined(separator: ","), "disabled": "\(p.disabled)"])
        }
    }

    /// Every principal. Needs `principal.manage`.
    public func principals(_ ctx: CallContext) async throws -> [Principal] {
        try await authorize(.principalManage, ctx)
        return try await store.read { tx in try tx.principals() }
    }

    /// One principal with its keys. Needs `principal.manage`, or being that principal.
    public func principal(_ ctx: CallContext, id: String) async throws -> (Principal, [APIKeyRecord]) {
        if ctx.principal.id != id { try await authorize(.principalManage, ctx) }
        let found = try await store.read { tx -> (Principal, [APIKeyRecord])? in
            guard let p = try tx.principal(id: id) else { return nil }
            return (p, try tx.apiKeys(principalID: id))
        }
        guard let found else { throw WardenError.notFound("no principal '\(id.prefix(64))'") }
        return found
    }

    /// Creates an API key for a principal. Needs `principal.manage`, or being that principal.
    public func createKey(_ ctx: CallContext, principalID: String, _ new: NewAPIKey) async throws -> IssuedAPIKey {
        let key = APIKey.generate()
        return try await perform(ctx, action: "key.create", subject: "principal:\(principalID.prefix(64))",
                                 detail: ["keyId": key.id]) { tx, now in
            if ctx.principal.id != principalID { try self.require(.principalManage, ctx) }
            guard try tx.principal(id: principalID) != nil else {
                throw WardenError.notFound("no principal '\(principalID.prefix(64))'")
            }
            let label = new.label ?? "key"
            guard !label.isEmpty, label.count <= 200 else { throw WardenError.invalidInput("label: must be 1 to 200 characters") }
            if let e = new.expiresAt, e <= now { throw WardenError.invalidInput("expiresAt: must be in the future") }
            let record = APIKeyRecord(id: key.id, principalID: principalID, label: label, createdAt: now,
                                      expiresAt: new.expiresAt, revokedAt: nil)
            try tx.insertAPIKey(record, digest: key.digest)
            return (IssuedAPIKey(key: record, token: key.token), nil)
        }
    }

    /// Revokes a key. Needs `principal.manage`, or owning the key.
    public func revokeKey(_ ctx: CallContext, keyID: String) async throws -> APIKeyRecord {
        defer { authenticationCache.removeAll() }
        return try await perform(ctx, action: "key.revoke", subject: "key:\(keyID.prefix(64))") { tx, now in
            let found = try tx.apiKey(id: keyID)?.record
            // Without principal.manage a caller learns nothing about other principals' keys, not even that they exist.
            if found?.principalID != ctx.principal.id, !self.policy.access.allows(.principalManage, roles: ctx.principal.roles) {
                throw WardenError.forbidden("you can revoke only your own keys; revoking others' needs principal.manage")
            }
            guard let record = found else { throw WardenError.notFound("no key '\(keyID.prefix(64))'") }
            guard record.revokedAt == nil else {
                throw WardenError.conflict("key \(keyID) was revoked already", details: ["currentState": "revoked"])
            }
            try tx.revokeAPIKey(id: keyID, at: now)
            var r = record
            r.revokedAt = now
            return (r, nil)
        }
    }
}
