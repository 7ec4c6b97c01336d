import WardenCore

/// Replaces every occurrence of the secrets used in a call with `[REDACTED]`, in error messages and
/// upstream output, before they leave Warden.
///
/// Matching is on the exact bytes of each value; the longest secret wins where several match at the same
/// place. Encoded forms (Base64, percent-encoding) are not recognized. Empty values are ignored.
public struct SecretRedactor: Sendable {
    /// What replaces each occurrence.
    public static let marker = "[REDACTED]"

    private let needles: [[UInt8]]
    /// `startsNeedle[b]`: some secret begins with byte `b`; lets the scan skip most positions at once.
    private let startsNeedle: [Bool]

    /// - Parameter secrets: the secrets whose values must not appear in the output.
    public init(secrets: [Secret]) {
        self.init(values: secrets.map { $0.reveal() })
    }

    /// - Parameter values: the plain values that must not appear in the output.
    public init(values: [String]) {
        let needles = Set(values.filter { !$0.isEmpty }).map { Array($0.utf8) }.sorted { $0.count > $1.count }
        var starts = [Bool](repeating: false, count: 256)
        for n in needles { starts[Int(n[0])] = true }
        self.needles = needles
        startsNeedle = starts
    }

    /// Whether there is nothing to redact.
    public var isEmpty: Bool { needles.isEmpty }

    /// `text` with every secret value replaced by `[REDACTED]`; `text` itself when none occurs.
    public func redact(_ text: String) -> String {
        guard !needles.isEmpty else { return text }
        var copy = text
        return copy.withUTF8 { redact(bytes: $0) } ?? text
    }

    /// `error` with secret values removed from its message and details.
    public func redact(_ error: WardenError) -> WardenError {
        guard !needles.isEmpty else { return error }
        var out = error
        out.message = redact(error.message)
        out.details = error.details.mapValues { redact($0) }
        return out
    }

    /// `value` with secret values removed from every string and object key in it.
    public func redact(_ value: JSONValue) -> JSONValue {
        guard !needles.isEmpty else { return value }
        switch value {
        case .string(let s): return .string(redact(s))
        case .array(let a): return .array(a.map { redact($0) })
        case .object(let o):
            var out: [String: JSONValue] = [:]
            out.reserveCapacity(o.count)
            for (k, v) in o { out[redact(k)] = redact(v) }
            return .object(out)
        case .null, .bool, .number: return value
        }
    }

    /// The redacted text, or `nil` when no secret occurs in it (so the caller keeps the original).
    private func redact(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var out: [UInt8] = []
        var copied = 0
        var i = 0
        let marker = Array(Self.marker.utf8)
        while i < bytes.count {
            guard startsNeedle[Int(bytes[i])], let length = match(at: i, in: bytes) else {
                i += 1
                continue
            }
            if out.isEmpty { out.reserveCapacity(bytes.count) }
            out.append(contentsOf: bytes[copied..<i])
            out.append(contentsOf: marker)
            i += length
            copied = i
        }
        guard copied > 0 || !out.isEmpty else { return nil }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of the longest secret starting at `i`, if any.
    private func match(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for needle in needles where needle.count <= bytes.count - i {
            var k = 0
            while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
            if k == needle.count { return k }
        }
        return nil
    }
}
