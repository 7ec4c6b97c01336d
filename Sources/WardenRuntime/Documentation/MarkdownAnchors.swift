/// The link targets a Markdown renderer gives headings, GitHub's way: lower case, punctuation other than `-` and
/// `_` dropped, spaces as `-`, and `-1`, `-2` … appended to repeats in document order. Ask in the order the
/// headings appear.
struct MarkdownAnchors {
    private var used: [String: Int] = [:]

    /// The anchor (without `#`) of the next heading whose rendered text is `heading`.
    mutating func anchor(for heading: String) -> String {
        var slug = ""
        for c in heading.lowercased() {
            if c == " " {
                slug.append("-")
            } else if c == "-" || c == "_" || c.isLetter || c.isNumber {
                slug.append(c)
            }
        }
        let seen = used[slug, default: 0]
        used[slug] = seen + 1
        return seen == 0 ? slug : "\(slug)-\(seen)"
    }
}
