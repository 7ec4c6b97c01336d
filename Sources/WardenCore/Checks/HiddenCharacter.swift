/// Characters that render as nothing (or reorder what is around them), so text can say one thing to a person
/// reading it and another to a model.
enum HiddenCharacter: String, Sendable, CaseIterable {
    /// U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates), U+061C (Arabic letter mark).
    case bidiControl = "bidi control"
    /// U+200B–U+200F (zero-width space, non-joiner, joiner, left-to-right and right-to-left marks),
    /// U+2060–U+2064 (word joiner, invisible operators), U+FEFF (zero-width no-break space).
    case zeroWidth = "zero-width"
    /// U+E0000–U+E007F: Unicode tag characters, which can spell invisible ASCII text.
    case tag = "tag character"

    /// The kind of hidden character `scalar` is, or `nil` for a visible one.
    static func kind(of scalar: Unicode.Scalar) -> HiddenCharacter? {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x061C: .bidiControl
        case 0x200B...0x200F, 0x2060...0x2064, 0xFEFF: .zeroWidth
        case 0xE0000...0xE007F: .tag
        default: nil
        }
    }

    /// `U+202E`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The ASCII text that tag characters U+E0020–U+E007E spell (each is its ASCII character plus 0xE0000).
    static func decodeTags(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        for s in scalars where (0xE0020...0xE007E).contains(s.value) {
            if let ascii = Unicode.Scalar(s.value - 0xE0000) { out.append(ascii) }
        }
        return String(out)
    }
}
