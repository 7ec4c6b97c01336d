import Crypto
import Foundation

/// A freshly generated API key: `wdn_<id>_<secret>`. Shown once to its holder; only ``digest`` is stored.
public struct APIKey: Sendable {
    /// The public part, used to find the record (safe to log).
    public let id: String
    /// The whole key as the holder presents it.
    public let token: String

    /// Generates a key with 256 bits of randomness from the system's secure generator.
    public static func generate() -> APIKey {
        var rng = SystemRandomNumberGenerator()
        let id = randomString(length: 12, using: &rng)
        let secret = randomString(length: 43, using: &rng)
        return APIKey(id: id, token: "wdn_\(id)_\(secret)")
    }

    /// Makes a key from a token chosen elsewhere (for example `WARDEN_BOOTSTRAP_ADMIN_KEY`).
    /// - Throws: `invalid_input` when the token is too short to be safe or not in the key format.
    public static func adopt(_ token: String) throws -> APIKey {
        guard let parsed = parse(token) else {
            throw WardenError.invalidInput(
                "the key must look like wdn_<12 letters or digits>_<at least 32 letters, digits, '-' or '_'>; run `warden init` to make one")
        }
        return APIKey(id: parsed, token: token)
    }

    /// The key id of a presented token, or `nil` when it is not in the key format.
    public static func parse(_ token: String) -> String? {
        let parts = token.split(separator: "_", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "wdn", parts[1].count == 12, parts[2].count >= 32, parts[2].count <= 128,
            parts[1].utf8.allSatisfy(isAlphanumeric), parts[2].utf8.allSatisfy({ isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F })
        else { return nil }
        return String(parts[1])
    }

    /// The stored form of a token: hex SHA-256.
    public static func digest(of token: String) -> String { Digest.sha256Hex(Data(token.utf8)) }

    public var digest: String { APIKey.digest(of: token) }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// `length` characters drawn uniformly from letters and digits (about 5.95 bits each).
    static func randomString(length: Int, using rng: inout SystemRandomNumberGenerator) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        for _ in 0..<length { bytes.append(alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }
}

/// SHA-256 helpers.
public enum Digest {
    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: some DataProtocol) -> String {
        SHA256.hash(data: data).hexString
    }

    /// Compares two strings in time independent of where they differ.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal.
    public var hexString: String {
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `0`…`9a`…`f` as ASCII, for hex encoding on the audit and call paths without a String per byte.
private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension SHA256.Digest {
    var hexString: String {
        withUnsafeBytes { raw in
            // 64 ASCII digits written straight into the string's storage.
            String(unsafeUninitializedCapacity: raw.count * 2) { buffer in
                for (i, byte) in raw.enumerated() {
                    buffer[2 * i] = hexDigits[Int(byte >> 4)]
                    buffer[2 * i + 1] = hexDigits[Int(byte & 0x0F)]
                }
                return raw.count * 2
            }
        }
    }
}
