import Crypto
import Foundation

/// A signed statement that the audit chain had head `(seq, hash)` at `timeMs`. Written at an interval, it makes a
/// rewritten chain detectable even when every hash in it was recomputed: the rewritten event at `seq` no longer
/// carries the signed hash, and nobody without the signing key can sign a new checkpoint.
public struct AuditCheckpoint: Sendable, Codable, Equatable {
    public var seq: Int64
    /// The hash of event `seq`.
    public var hash: String
    public var timeMs: Int64
    /// ``AuditPublicKey/keyID`` of the key that signed it.
    public var keyID: String
    /// Base64 of the Ed25519 signature over ``signedMessage``.
    public var signature: String

    public init(seq: Int64, hash: String, timeMs: Int64, keyID: String, signature: String) {
        self.seq = seq
        self.hash = hash
        self.timeMs = timeMs
        self.keyID = keyID
        self.signature = signature
    }

    /// The bytes the signature covers: a fixed prefix, then sequence number, chain head and time, one per line.
    public var signedMessage: Data { Self.message(seq: seq, hash: hash, timeMs: timeMs) }

    static func message(seq: Int64, hash: String, timeMs: Int64) -> Data {
        Data("warden-audit-checkpoint/v1\n\(seq)\n\(hash)\n\(timeMs)\n".utf8)
    }
}

/// The Ed25519 key that signs audit checkpoints.
public struct AuditSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// The key from its 32-byte raw representation, base64-encoded (as ``base64`` writes it).
    /// - Throws: `invalid_input` when the text is not base64 of 32 bytes (the message never repeats the text).
    public init(base64 text: String) throws {
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32,
              let k = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)
        else { throw WardenError.invalidInput("the audit signing key is not base64 of a 32-byte Ed25519 private key") }
        key = k
    }

    /// Base64 of the raw private key, for storing it; never log it.
    public var base64: String { key.rawRepresentation.base64EncodedString() }

    public var publicKey: AuditPublicKey { AuditPublicKey(key.publicKey) }

    /// Signs the chain head `head` as of `timeMs`.
    /// - Throws: when the signing primitive fails (it does not for a valid key).
    public func checkpoint(_ head: AuditChain.Head, at timeMs: Int64) throws -> AuditCheckpoint {
        let message = AuditCheckpoint.message(seq: head.seq, hash: head.hash, timeMs: timeMs)
        let signature = try key.signature(for: message)
        return AuditCheckpoint(seq: head.seq, hash: head.hash, timeMs: timeMs, keyID: publicKey.keyID,
                               signature: signature.base64EncodedString())
    }
}

/// The public half of an ``AuditSigningKey``: verifies checkpoints, offline too.
public struct AuditPublicKey: Sendable, Equatable {
    private let key: Curve25519.Signing.PublicKey

    init(_ key: Curve25519.Signing.PublicKey) { self.key = key }

    /// The key from base64 of its 32 raw bytes (as ``base64`` and `/v1/audit/public-key` give it).
    /// - Throws: `invalid_input` when the text is not base64 of 32 bytes.
    public init(base64 text: String) throws {
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32,
              let k = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { throw WardenError.invalidInput("the audit public key is not base64 of a 32-byte Ed25519 public key") }
        key = k
    }

    public var base64: String { key.rawRepresentation.base64EncodedString() }

    /// The first 16 hex digits of SHA-256 of the raw key: names the key in each checkpoint.
    public var keyID: String { String(Digest.sha256Hex(Array(key.rawRepresentation)).prefix(16)) }

    /// Whether `checkpoint` carries a valid signature by this key.
    public func verifies(_ checkpoint: AuditCheckpoint) -> Bool {
        guard checkpoint.keyID == keyID, let signature = Data(base64Encoded: checkpoint.signature) else { return false }
        return key.isValidSignature(signature, for: checkpoint.signedMessage)
    }

    public static func == (a: AuditPublicKey, b: AuditPublicKey) -> Bool { a.key.rawRepresentation == b.key.rawRepresentation }
}
