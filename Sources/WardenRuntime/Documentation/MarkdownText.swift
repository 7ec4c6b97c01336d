import Foundation

/// Puts untrusted text (anything that came from a proposal) into Markdown so that it reads as what it says
/// and nothing more: no HTML, no links, no headings, lists or code fences of its own, no broken tables.
enum MarkdownText {
    /// `text` as inline content: on one line (line breaks become spaces), every character that Markdown or
    /// HTML would interpret escaped, and a leading block marker (`#`, `-`, `+`, `=`, `1.`) neutralized.
    /// Safe in a paragraph, a list item, a heading and a table cell.
    static func inline(_ text: String) -> String {
        escapeLine(lines(of: text).joined(separator: " "))
    }

    /// `text` as one or more paragraphs: blank lines separate paragraphs, other line breaks are kept as hard
    /// breaks, and each line is escaped as ``inline(_:)`` escapes it. Empty when `text` has no visible content.
    static func block(_ text: String) -> String {
        var paragraphs: [[String]] = [[]]
        for line in lines(of: text, keepingBlanks: true) {
            if line.isEmpty {
                if paragraphs[paragraphs.count - 1].isEmpty == false { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(escapeLine(line))
            }
        }
        // A backslash at the end of a line is CommonMark's hard line break, and unlike two trailing spaces it survives editors.
        return paragraphs.filter { !$0.isEmpty }.map { $0.joined(separator: "\\\n") }.joined(separator: "\n\n")
    }

    /// `text` as a code span, fenced with more backticks than it contains in a row, so no content can close it
    /// early. In a table cell (`inTable`), `|` is escaped, which GitHub-flavoured tables require even inside code.
    static func code(_ text: String, inTable: Bool = false) -> String {
        var body = lines(of: text).joined(separator: " ")
        if inTable { body = body.replacingOccurrences(of: "|", with: "\\|") }
        var longest = 0, run = 0
        for c in body {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = body.hasPrefix("`") || body.hasSuffix("`") ? " \(body) " : body
        return fence + padded + fence
    }

    /// The lines of `text`, trimmed; blank lines dropped unless `keepingBlanks`.
    private static func lines(of text: String, keepingBlanks: Bool = false) -> [String] {
        let all = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return keepingBlanks ? all : all.filter { !$0.isEmpty }
    }

    /// One line with every significant character escaped and its start unable to open a block.
    private static func escapeLine(_ line: String) -> String {
        var out = ""
        out.reserveCapacity(line.utf8.count + 8)
        for c in line {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$": out += "\\\(c)"
            case "\t": out += " "
            default: out.append(c)
            }
        }
        return neutralizeBlockStart(out)
    }

    /// A line starting with a heading, list, setext-underline or ordered-list marker gets that marker escaped.
    private static func neutralizeBlockStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "#-+=".contains(first) { return "\\" + line }
        // An ordered-list marker is 1 to 9 digits and `.` or `)` followed by a space or the end of the line.
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        let rest = line.dropFirst(digits.count)
        if !digits.isEmpty, digits.count <= 9, let after = rest.first, after == "." || after == ")",
           rest.dropFirst().first.map({ $0 == " " }) ?? true {
            return digits + "\\" + rest
        }
        return line
    }
}
