import Foundation

/// Finds base64 blobs in text: a run of at least ``minLength`` base64 characters (standard or URL-safe alphabet,
/// optionally `=`-padded) that decodes, and either decodes to readable UTF-8 text or looks random (at least four
/// each of upper-case letters, lower-case letters and digits), so that long words, camelCase identifiers and hex
/// digests (no upper case) are not taken for blobs.
enum EncodedBlobScanner {
    static let minLength = 40
    /// Longer runs are decoded only this far (for the preview and the decoded text's scan).
    static let maxDecodedLength = 4096

    struct Blob: Sendable {
        /// Indices into the scanned scalars, end exclusive.
        var range: Range<Int>
        /// The decoded text, when it is readable UTF-8.
        var text: String?
    }

    /// The blobs in `scalars`, skipping runs that overlap `excluded` ranges (URLs).
    static func find(in scalars: [Unicode.Scalar], excluding excluded: [Range<Int>]) -> [Blob] {
        var out: [Blob] = []
        var i = 0
        while i < scalars.count {
            guard isBase64(scalars[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < scalars.count, isBase64(scalars[i]) { i += 1 }
            var end = i
            while end < scalars.count, end - i < 2, scalars[end] == "=" { end += 1 }
            i = end
            let run = scalars[start ..< end]
            let body = run.filter { $0 != "=" }
            guard body.count >= minLength, !excluded.contains(where: { $0.overlaps(start ..< end) }) else { continue }
            guard let data = decode(Array(body.prefix(maxDecodedLength))) else { continue }
            let text = readableText(data)
            if text != nil || looksRandom(body) { out.append(Blob(range: start ..< end, text: text)) }
        }
        return out
    }

    private static func isBase64(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "A"..."Z", "a"..."z", "0"..."9", "+", "/", "-", "_": true
        default: false
        }
    }

    private static func decode(_ body: [Unicode.Scalar]) -> Data? {
        // A length of 1 more than a multiple of 4 is never base64; any other is, once padded.
        let usable = body.count % 4 == 1 ? body.count - 1 : body.count
        guard usable >= 4 else { return nil }
        var text = String(String.UnicodeScalarView(body.prefix(usable)))
        text = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        text += String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: text)
    }

    private static func readableText(_ data: Data) -> String? {
        guard let s = String(data: data, encoding: .utf8), !s.isEmpty else { return nil }
        let printable = s.unicodeScalars.filter { $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }.count
        return printable * 10 >= s.unicodeScalars.count * 9 ? s : nil
    }

    private static func looksRandom(_ body: [Unicode.Scalar]) -> Bool {
        var upper = 0, lower = 0, digits = 0
        for s in body {
            switch s {
            case "A"..."Z": upper += 1
            case "a"..."z": lower += 1
            case "0"..."9": digits += 1
            default: break
            }
        }
        return upper >= 4 && lower >= 4 && digits >= 4
    }
}
