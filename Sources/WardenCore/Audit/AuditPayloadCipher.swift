import Crypto
import Foundation

/// Encrypts call payloads for the optional secure payload log (AES-256-GCM). Each payload is sealed with a fresh
/// random nonce and bound to its request id as associated data, so a ciphertext moved to another event does not open.
public struct AuditPayloadCipher: Sendable {
    private let key: SymmetricKey

    /// The key from base64 of 32 random bytes (e.g. `openssl rand -base64 32`).
    /// - Throws: `invalid_input` when the text is not base64 of 32 bytes (the message never repeats it).
    public init(base64 text: String) throws {
        guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), raw.count == 32 else {
            throw WardenError.invalidInput("the payload log key is not base64 of 32 bytes; make one with `openssl rand -base64 32`")
        }
        key = SymmetricKey(data: raw)
    }

    /// A random key, for tests.
    public init() { key = SymmetricKey(size: .bits256) }

    /// `nonce ‖ ciphertext ‖ tag` of `plaintext`.
    /// - Throws: when the cipher fails (it does not for a valid key).
    public func seal(_ plaintext: [UInt8], requestID: String) throws -> Data {
        guard let combined = try AES.GCM.seal(plaintext, using: key, authenticating: Data(requestID.utf8)).combined else {
            throw WardenError(.internal, "AES-GCM produced no combined box")
        }
        return combined
    }

    /// The plaintext of a sealed payload.
    /// - Throws: `invalid_input` when it was altered, moved to another request id, or sealed with another key.
    public func open(_ sealed: Data, requestID: String) throws -> [UInt8] {
        do {
            return Array(try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key, authenticating: Data(requestID.utf8)))
        } catch {
            throw WardenError.invalidInput("the payload does not open with this key for this request: altered, moved or sealed with another key")
        }
    }
}

/// A call's input and output, sealed, travelling with its audit event into the secure payload log (never the main log).
public struct AuditPayload: Sendable, Equatable {
    public var input: Data
    public var output: Data?

    public init(input: Data, output: Data?) {
        self.input = input
        self.output = output
    }
}

/// A payload as the secure payload log keeps it.
public struct StoredAuditPayload: Sendable, Equatable {
    /// The audit event it belongs to.
    public var seq: Int64
    public var requestID: String
    public var timeMs: Int64
    public var payload: AuditPayload

    public init(seq: Int64, requestID: String, timeMs: Int64, payload: AuditPayload) {
        self.seq = seq
        self.requestID = requestID
        self.timeMs = timeMs
        self.payload = payload
    }
}
