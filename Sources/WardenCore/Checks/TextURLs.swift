/// The `http://` and `https://` URLs written in a text.
enum TextURLs {
    struct Found: Sendable {
        /// Indices into the scanned scalars, end exclusive.
        var range: Range<Int>
        var url: String
    }

    private static let prefixes: [[Unicode.Scalar]] = [Array("https://".unicodeScalars), Array("http://".unicodeScalars)]
    private static let terminators: Set<Unicode.Scalar> = ["\"", "'", "<", ">", "(", ")", "[", "]", "{", "}", "|", "\\", "^", "`"]
    private static let trailing: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?"]

    /// The URLs in `text`; a URL runs to the next space or quote-like character, less trailing punctuation.
    static func find(in text: ScannedText) -> [Found] {
        var out: [Found] = []
        for prefix in prefixes {
            for start in text.occurrences(of: prefix) {
                var end = start + prefix.count
                while end < text.visible.count, !text.visible[end].properties.isWhitespace,
                      !terminators.contains(text.visible[end]) { end += 1 }
                while end > start + prefix.count, trailing.contains(text.visible[end - 1]) { end -= 1 }
                out.append(Found(range: start ..< end, url: String(String.UnicodeScalarView(text.visible[start ..< end]))))
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }
}
