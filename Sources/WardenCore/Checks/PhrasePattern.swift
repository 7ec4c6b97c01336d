/// A phrase as a sequence of word slots, matched against a text's words. Matching words instead of characters
/// ignores case, punctuation, line breaks and extra spaces, and costs at most a small constant per word.
struct PhrasePattern: Sendable {
    enum Slot: Sendable {
        /// One word from the set; entries ending in `*` match any word they begin.
        case word(Set<String>, prefixes: [String])
        /// Up to `max` words, each from the set.
        case optional(Set<String>, max: Int)
        /// Up to `max` words of any kind.
        case gap(max: Int)
    }

    let code: CheckFindingCode
    /// What the phrase is, for the finding's title.
    let label: String
    let slots: [Slot]

    init(_ code: CheckFindingCode, _ label: String, _ slots: [Slot]) {
        self.code = code
        self.label = label
        self.slots = slots
    }

    /// One word among the space-separated `words`.
    static func one(_ words: String) -> Slot {
        let all = words.split(separator: " ").map(String.init)
        return .word(Set(all.filter { !$0.hasSuffix("*") }), prefixes: all.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) })
    }

    /// Up to `max` words among the space-separated `words`.
    static func some(_ words: String, max: Int) -> Slot {
        .optional(Set(words.split(separator: " ").map(String.init)), max: max)
    }

    /// The ranges of word indices where the phrase occurs, not overlapping, leftmost first.
    func matches(in words: [ScannedText.Word]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < words.count {
            if let end = match(slot: 0, at: start, words), end > start {
                out.append(start ..< end)
                start = end
            } else {
                start += 1
            }
        }
        return out
    }

    /// Where the phrase ends when its slots from `slot` on match from word `at`.
    private func match(slot: Int, at i: Int, _ words: [ScannedText.Word]) -> Int? {
        guard slot < slots.count else { return i }
        switch slots[slot] {
        case .word(let set, let prefixes):
            guard i < words.count else { return nil }
            let w = words[i].text
            guard set.contains(w) || prefixes.contains(where: { w.hasPrefix($0) }) else { return nil }
            return match(slot: slot + 1, at: i + 1, words)
        case .optional(let set, let max):
            var run = 0
            while run < max, i + run < words.count, set.contains(words[i + run].text) { run += 1 }
            for k in stride(from: run, through: 0, by: -1) {
                if let end = match(slot: slot + 1, at: i + k, words) { return end }
            }
            return nil
        case .gap(let max):
            for k in 0 ... max where i + k <= words.count {
                if let end = match(slot: slot + 1, at: i + k, words) { return end }
            }
            return nil
        }
    }
}
