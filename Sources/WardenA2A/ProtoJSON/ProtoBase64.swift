import Foundation

/// The base64 of proto3 JSON `bytes`: written standard with padding, read standard or URL-safe, padded or not.
enum ProtoBase64 {
    static func encode(_ data: Data) -> String { data.base64EncodedString() }

    static func decode(_ text: String) -> Data? {
        var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let rest = s.utf8.count % 4
        if rest == 1 { return nil }
        if rest > 0 { s.append(String(repeating: "=", count: 4 - rest)) }
        return Data(base64Encoded: s)
    }
}
