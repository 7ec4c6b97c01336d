import Foundation
import GRDB
import WardenCore

/// OAuth clients and the identifiers of used client assertions.
extension SQLiteTransaction {
    func oauthClient(id: String) throws -> (client: OAuthClient, secretDigest: String?)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM oauth_clients WHERE id = ?", arguments: [id]) else { return nil }
        return (try Self.oauthClient(row), row["secret_digest"])
    }

    func oauthClients() throws -> [OAuthClient] {
        try Row.fetchAll(db, sql: "SELECT * FROM oauth_clients ORDER BY id").map(Self.oauthClient)
    }

    func insertOAuthClient(_ c: OAuthClient, secretDigest: String?) throws {
        try db.execute(
            sql: """
                INSERT INTO oauth_clients (id, principal_id, label, auth_method, scopes, secret_digest, jwks, created_at, created_by,
                                           secret_rotated_at, revoked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [c.id, c.principalID, c.label, c.authenticationMethod.rawValue,
                        JSONValue.array(c.scopes.map { .string($0) }).canonicalString, secretDigest, c.jwks?.canonicalString,
                        c.createdAt.millisecondsSince1970, c.createdBy, c.secretRotatedAt?.millisecondsSince1970,
                        c.revokedAt?.millisecondsSince1970])
    }

    func replaceOAuthClientSecret(id: String, digest: String, at: Date) throws {
        try db.execute(sql: "UPDATE oauth_clients SET secret_digest = ?, secret_rotated_at = ? WHERE id = ?",
                       arguments: [digest, at.millisecondsSince1970, id])
    }

    func revokeOAuthClient(id: String, at: Date) throws {
        try db.execute(sql: "UPDATE oauth_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                       arguments: [at.millisecondsSince1970, id])
    }

    func recordClientAssertion(clientID: String, jti: String, expiresAt: Date, now: Date) throws -> Bool {
        try db.execute(sql: "DELETE FROM oauth_client_assertions WHERE expires_at < ?", arguments: [now.millisecondsSince1970])
        try db.execute(sql: "INSERT OR IGNORE INTO oauth_client_assertions (client_id, jti, expires_at) VALUES (?, ?, ?)",
                       arguments: [clientID, jti, expiresAt.millisecondsSince1970])
        return db.changesCount == 1
    }

    static func oauthClient(_ row: Row) throws -> OAuthClient {
        let method: String = row["auth_method"]
        guard let m = OAuthClient.AuthenticationMethod(rawValue: method) else {
            throw WardenError(.internal, "OAuth client \(row["id"] as String) has an unknown authentication method '\(method.prefix(40))'")
        }
        return OAuthClient(
            id: row["id"], principalID: row["principal_id"], label: row["label"], authenticationMethod: m,
            scopes: try decode([String].self, row["scopes"]),
            jwks: try (row["jwks"] as String?).map { try JSONValue.parse($0) },
            createdAt: Date(millisecondsSince1970: row["created_at"]), createdBy: row["created_by"],
            secretRotatedAt: (row["secret_rotated_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            revokedAt: (row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
