/// A text prepared for scanning: its first scalars (up to a limit), the visible ones (hidden characters
/// removed, so `ig<U+200B>nore` still reads `ignore`), an ASCII-case-folded copy and its words.
struct ScannedText {
    struct Word: Sendable {
        /// Lowercased.
        var text: String
        /// Indices into ``ScannedText/visible``, end exclusive.
        var start: Int
        var end: Int
    }

    /// The scalars read (at most the limit).
    let original: [Unicode.Scalar]
    /// Whether the text had more scalars than were read.
    let wasCut: Bool
    /// ``original`` without hidden characters.
    let visible: [Unicode.Scalar]
    /// For each visible scalar, its index in ``original``.
    let visibleToOriginal: [Int]
    /// ``visible`` with ASCII letters lowercased (one scalar for one, so indices stay the same).
    let folded: [Unicode.Scalar]
    /// Runs of letters and digits in ``visible``; apostrophes inside a word are dropped (`don't` → `dont`).
    let words: [Word]

    init(_ text: String, limit: Int) {
        var original: [Unicode.Scalar] = []
        var cut = false
        for s in text.unicodeScalars {
            if original.count == limit {
                cut = true
                break
            }
            original.append(s)
        }
        var visible: [Unicode.Scalar] = []
        var map: [Int] = []
        for (i, s) in original.enumerated() where HiddenCharacter.kind(of: s) == nil {
            visible.append(s)
            map.append(i)
        }
        let folded = visible.map { s -> Unicode.Scalar in
            (0x41...0x5A).contains(s.value) ? Unicode.Scalar(UInt8(s.value + 0x20)) : s
        }
        var words: [Word] = []
        var current = String.UnicodeScalarView()
        var start = 0
        for (i, s) in visible.enumerated() {
            if ScannedText.isWordScalar(s) {
                if current.isEmpty { start = i }
                current.append(s)
            } else if (s == "'" || s == "\u{2019}"), !current.isEmpty, i + 1 < visible.count, ScannedText.isWordScalar(visible[i + 1]) {
                continue
            } else if !current.isEmpty {
                words.append(Word(text: String(current).lowercased(), start: start, end: i))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(Word(text: String(current).lowercased(), start: start, end: visible.count)) }
        self.original = original
        self.wasCut = cut
        self.visible = visible
        self.visibleToOriginal = map
        self.folded = folded
        self.words = words
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// The original text behind visible scalars `range`, hidden characters in it shown as `<U+XXXX>`.
    func span(visible range: Range<Int>) -> String {
        guard !range.isEmpty, range.lowerBound >= 0, range.upperBound <= visibleToOriginal.count else { return "" }
        return span(original: visibleToOriginal[range.lowerBound] ..< visibleToOriginal[range.upperBound - 1] + 1)
    }

    /// The original scalars `range`, hidden characters shown as `<U+XXXX>`.
    func span(original range: Range<Int>) -> String {
        let r = range.clamped(to: 0 ..< original.count)
        var out = ""
        for s in original[r] {
            if HiddenCharacter.kind(of: s) != nil { out += "<\(HiddenCharacter.codePoint(s))>" } else { out.unicodeScalars.append(s) }
        }
        return out
    }

    /// Start indices in ``folded`` where `literal` (lowercase ASCII) occurs, not inside a longer word: when it
    /// starts with a letter or digit (or `wordStart` is set), the scalar before it must not be one; when it ends
    /// with one, the scalar after it must not be one.
    func occurrences(of literal: [Unicode.Scalar], wordStart: Bool = false) -> [Int] {
        guard let first = literal.first, let last = literal.last, folded.count >= literal.count else { return [] }
        var out: [Int] = []
        var i = 0
        while i + literal.count <= folded.count {
            if folded[i] == first, folded[i ..< i + literal.count].elementsEqual(literal) {
                let leftOK = !(wordStart || ScannedText.isWordScalar(first)) || i == 0 || !ScannedText.isWordScalar(folded[i - 1])
                let after = i + literal.count
                let rightOK = !ScannedText.isWordScalar(last) || after == folded.count || !ScannedText.isWordScalar(folded[after])
                if leftOK && rightOK {
                    out.append(i)
                    i = after
                    continue
                }
            }
            i += 1
        }
        return out
    }
}
