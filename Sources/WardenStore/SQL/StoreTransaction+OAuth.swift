import Foundation
import WardenCore

/// OAuth clients and the identifiers of used client assertions.
extension StoreTransaction {
    func oauthClient(id: String) throws -> (client: OAuthClient, secretDigest: String?)? {
        guard let row = try session.queryOne("SELECT * FROM oauth_clients WHERE id = ?", [id]) else { return nil }
        return (try Self.oauthClient(row), try row["secret_digest"])
    }

    func oauthClients() throws -> [OAuthClient] {
        try session.query("SELECT * FROM oauth_clients ORDER BY id").map(Self.oauthClient)
    }

    func insertOAuthClient(_ c: OAuthClient, secretDigest: String?) throws {
        try session.execute(
            """
            INSERT INTO oauth_clients (id, principal_id, label, auth_method, scopes, secret_digest, jwks, created_at, created_by,
                                       secret_rotated_at, revoked_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [c.id, c.principalID, c.label, c.authenticationMethod.rawValue,
             JSONValue.array(c.scopes.map { .string($0) }).canonicalString, secretDigest, c.jwks?.canonicalString,
             c.createdAt.millisecondsSince1970, c.createdBy, c.secretRotatedAt?.millisecondsSince1970,
             c.revokedAt?.millisecondsSince1970])
        session.announce(.principals)
    }

    func replaceOAuthClientSecret(id: String, digest: String, at: Date) throws {
        try session.execute("UPDATE oauth_clients SET secret_digest = ?, secret_rotated_at = ? WHERE id = ?",
                            [digest, at.millisecondsSince1970, id])
        session.announce(.principals)
    }

    func revokeOAuthClient(id: String, at: Date) throws {
        try session.execute("UPDATE oauth_clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [at.millisecondsSince1970, id])
        session.announce(.principals)
    }

    func recordClientAssertion(clientID: String, jti: String, expiresAt: Date, now: Date) throws -> Bool {
        try session.execute("DELETE FROM oauth_client_assertions WHERE expires_at < ?", [now.millisecondsSince1970])
        return try session.execute(
            "INSERT INTO oauth_client_assertions (client_id, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [clientID, jti, expiresAt.millisecondsSince1970]) == 1
    }

    static func oauthClient(_ row: SQLRow) throws -> OAuthClient {
        let method: String = try row["auth_method"]
        let id: String = try row["id"]
        guard let m = OAuthClient.AuthenticationMethod(rawValue: method) else {
            throw WardenError(.internal, "OAuth client \(id) has an unknown authentication method '\(method.prefix(40))'")
        }
        return OAuthClient(
            id: id, principalID: try row["principal_id"], label: try row["label"], authenticationMethod: m,
            scopes: try decode([String].self, row["scopes"]),
            jwks: try (try row["jwks"] as String?).map { try JSONValue.parse($0) },
            createdAt: Date(millisecondsSince1970: try row["created_at"]), createdBy: try row["created_by"],
            secretRotatedAt: (try row["secret_rotated_at"] as Int64?).map(Date.init(millisecondsSince1970:)),
            revokedAt: (try row["revoked_at"] as Int64?).map(Date.init(millisecondsSince1970:)))
    }
}
