/// One observation of an automated check: like a reviewer's ``Finding``, plus a stable code, where it is
/// (a JSON Pointer into the definition) and the offending text.
public struct CheckFinding: Sendable, Codable, Equatable {
    /// The longest ``span`` kept, in Unicode scalars (not characters: one character can hold any number of
    /// combining scalars).
    public static let maxSpanScalars = 200
    /// The longest ``detail`` kept, in Unicode scalars.
    public static let maxDetailScalars = 2000

    /// What rule found it; stable across versions of the check (see ``CheckFindingCode``).
    public var code: CheckFindingCode
    public var severity: Severity
    public var title: String
    public var detail: String?
    /// RFC 6901 JSON Pointer into the definition's JSON, e.g. `/inputSchema/properties/city`.
    public var pointer: String?
    /// The offending text, at most ``maxSpanScalars`` scalars; invisible characters are shown as `<U+XXXX>`.
    public var span: String?

    /// A finding; `detail` and `span` are cut to their maximum lengths.
    public init(code: CheckFindingCode, severity: Severity, title: String, detail: String? = nil,
                pointer: String? = nil, span: String? = nil) {
        self.code = code
        self.severity = severity
        self.title = title
        self.detail = detail.map { CheckFinding.truncated($0, to: CheckFinding.maxDetailScalars) }
        self.pointer = pointer
        self.span = span.map { CheckFinding.truncated($0, to: CheckFinding.maxSpanScalars) }
    }

    /// The finding as a reviewer's ``Finding``, so automated and human findings read alike: the title names
    /// the code, the detail ends with the pointer and the span, e.g. `Add maxLength. (at /inputSchema; text "x")`.
    public var reviewFinding: Finding {
        var place: [String] = []
        if let pointer { place.append("at \(pointer.isEmpty ? "/" : pointer)") }
        if let span { place.append("text \"\(span)\"") }
        var text = detail ?? ""
        if !place.isEmpty { text += (text.isEmpty ? "" : " ") + "(" + place.joined(separator: "; ") + ")" }
        return Finding(severity: severity, title: "[\(code.rawValue)] \(title)", detail: text.isEmpty ? nil : text)
    }

    /// `text` cut to at most `limit` Unicode scalars, the last of them `…` when something was cut.
    static func truncated(_ text: String, to limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: limit, limitedBy: scalars.endIndex),
              cut != scalars.endIndex else { return text }
        let keep = scalars.index(scalars.startIndex, offsetBy: max(0, limit - 1))
        return String(scalars[..<keep]) + "…"
    }
}
