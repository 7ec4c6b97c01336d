/// Scans the texts a model reads about a tool for text aimed at the model instead of the person reviewing it
/// ("tool poisoning").
///
/// Texts scanned, each reported with its pointer: `/name`, `/title`, `/description`, `/usageGuidelines`,
/// `/limitations/N`, and every `title` and `description` string in the input and output schemas (in every
/// subschema, as far as 64 levels and 10,000 subschemas). Rules (codes in ``CheckFindingCode``):
/// - `description.instruction_override` (high): "ignore | disregard | forget | override | bypass [all the previous
///   …] instructions | rules | prompts | guidelines …", "you must | will | should now", "from now on",
///   "new | secret | hidden … instructions", "system | developer prompt | message", chat-template markup
///   (`<important>`, `<system>`, `[inst]`, `<|im_start|>`, …).
/// - `description.concealment` (high): "[do] not | don't | never | without tell | inform | mention | show | reveal …
///   the user", "hide … from the user", "keep this secret".
/// - `description.data_exfiltration` (high): words beginning "exfiltrat"; "send | post | upload | forward | email …
///   (conversation, history, context, credentials, secrets, tokens, passwords, environment, messages, files …) …
///   to"; "include | append | attach | pass … the contents of | as | in"; "read | open | cat | dump … ssh |
///   credentials | secrets | env | passwd …".
/// - `description.sensitive_path` (high): `~/.ssh`, `id_rsa`, `/etc/passwd`, `/etc/shadow`, `.aws/credentials`,
///   `.netrc`, `.git-credentials`, `.kube/config`, `.docker/config.json`, `mcp.json`, `.env`, ….
///   The full, exact word lists are in `ModelDirectivePatterns.swift`. Words match case-insensitively whatever
///   separates them (spaces, line breaks, punctuation, `_`), after hidden characters are removed.
/// - `description.hidden_unicode` (high): bidi controls (U+202A–U+202E, U+2066–U+2069, U+061C), zero-width
///   characters (U+200B–U+200F, U+2060–U+2064, U+FEFF) and tag characters (U+E0000–U+E007F); one finding per
///   text, naming each code point, with the ASCII text the tag characters spell.
/// - `description.encoded_blob`: 40 or more base64 characters that decode, to readable text or to random-looking
///   bytes (at least 4 each of upper case, lower case and digits, so words, identifiers and hex digests do not
///   count); high when the decoded text holds one of the phrases above, else medium; the decoded text is shown.
/// - `description.unknown_url` (medium): an http(s) URL whose host is neither in ``CheckContext/knownHosts`` nor
///   the tool's own provider host.
/// - `description.oversized_text` (medium): a text longer than ``maxScannedScalars``; only its start is scanned.
/// - `description.scan_incomplete` (medium): the schemas exceed the walk's bounds.
///
/// Each kind of phrase and blob is reported at most ``maxHitsPerRule`` times per text, each distinct URL once
/// and at most ``maxURLsPerText`` of them; a check reports at most 200 findings. Not detected: look-alike letters
/// from other scripts, host names written without a scheme, instructions in languages other than English.
public struct DescriptionSafetyCheck: OnboardingCheck {
    /// The most Unicode scalars read from one text.
    public static let maxScannedScalars = 20_000
    /// The most findings of one rule for one text.
    public static let maxHitsPerRule = 3
    /// The most distinct URLs reported for one text.
    public static let maxURLsPerText = 20

    public let name = "description_safety"
    public let version = "1"

    public init() {}

    /// Scans `definition`'s texts; URLs are judged against `context.knownHosts`.
    public func run(_ definition: ToolDefinition, context: CheckContext) -> CheckResult {
        var findings = FindingCollector()
        var known = context.knownHosts
        if let url = definition.provider.http?.url ?? definition.provider.mcp?.url, case .host(let h) = URLHost.parse(url) {
            known.append(h)
        }
        for (pointer, text) in texts(of: definition, into: &findings) {
            scan(text, at: pointer, knownHosts: known, into: &findings)
        }
        return findings.result(of: self)
    }

    private func texts(of d: ToolDefinition, into findings: inout FindingCollector) -> [(String, String)] {
        var out: [(String, String)] = [("/name", d.name), ("/title", d.title), ("/description", d.description),
                                       ("/usageGuidelines", d.usageGuidelines)]
        for (i, l) in d.limitations.enumerated() { out.append((DefinitionPointer.appending("/limitations", index: i), l)) }
        for (base, schema) in [("/inputSchema", Optional(d.inputSchema)), ("/outputSchema", d.outputSchema)] {
            guard let schema else { continue }
            let walk = SchemaWalker.walk(schema, base: base)
            for node in walk.nodes {
                for key in ["title", "description"] {
                    if case .string(let s)? = node.value[key] { out.append((DefinitionPointer.appending(node.pointer, key), s)) }
                }
            }
            if walk.truncated || walk.tooDeepCount > 0 {
                findings.add(.descriptionScanIncomplete, .medium, "Not every text in the schema was scanned",
                             detail: "The schema nests deeper than \(SchemaWalker.maxDepth) levels or has more than "
                                 + "\(SchemaWalker.maxNodes) subschemas; review the rest by hand.",
                             pointer: walk.tooDeep.first ?? base)
            }
        }
        return out
    }

    private func scan(_ raw: String, at pointer: String, knownHosts: [String], into findings: inout FindingCollector) {
        let text = ScannedText(raw, limit: Self.maxScannedScalars)
        if text.wasCut {
            findings.add(.descriptionOversizedText, .medium, "A text is too long to scan whole",
                         detail: "Only its first \(Self.maxScannedScalars) characters were scanned; text this long aimed at a model is suspect in itself.",
                         pointer: pointer)
        }
        reportHiddenCharacters(text, at: pointer, into: &findings)
        for hit in Self.directives(in: text) {
            findings.add(hit.code, .high, "The text contains \(hit.label)", pointer: pointer, span: text.span(visible: hit.range))
        }
        let urls = TextURLs.find(in: text)
        var seenURLs = Set<String>()
        for found in urls where seenURLs.insert(found.url).inserted && seenURLs.count <= Self.maxURLsPerText {
            let title: String
            switch URLHost.parse(found.url) {
            case .host(let h):
                guard !URLHost.host(h, matchesAnyOf: knownHosts) else { continue }
                title = "The text links to an unknown host, \(h.prefix(253))"
            case .templated, .unreadable:
                title = "The text holds a URL whose host cannot be read"
            }
            findings.add(.descriptionUnknownURL, .medium, title,
                         detail: "A model may be led to fetch or send data there. Add the host to the known hosts if it belongs.",
                         pointer: pointer, span: text.span(visible: found.range))
        }
        for blob in EncodedBlobScanner.find(in: text.visible, excluding: urls.map(\.range)).prefix(Self.maxHitsPerRule) {
            var severity = Severity.medium
            var detail = "A model can decode and follow what a person cannot read."
            if let decoded = blob.text {
                let inner = Self.directives(in: ScannedText(decoded, limit: EncodedBlobScanner.maxDecodedLength))
                if let first = inner.first {
                    severity = .high
                    detail = "It decodes to text containing \(first.label): "
                } else {
                    detail = "It decodes to: "
                }
                detail += "\"" + CheckFinding.truncated(decoded, to: 300) + "\""
            }
            findings.add(.descriptionEncodedBlob, severity, "The text contains a base64 blob", detail: detail,
                         pointer: pointer, span: text.span(visible: blob.range))
        }
    }

    private func reportHiddenCharacters(_ text: ScannedText, at pointer: String, into findings: inout FindingCollector) {
        var counts: [(code: String, kind: HiddenCharacter, count: Int)] = []
        var first: Int?
        for (i, s) in text.original.enumerated() {
            guard let kind = HiddenCharacter.kind(of: s) else { continue }
            if first == nil { first = i }
            let code = kind == .tag ? "U+E0000–U+E007F" : HiddenCharacter.codePoint(s)
            if let k = counts.firstIndex(where: { $0.code == code }) { counts[k].count += 1 } else { counts.append((code, kind, 1)) }
        }
        guard let first else { return }
        let total = counts.reduce(0) { $0 + $1.count }
        var detail = counts.prefix(12).map { "\($0.code) (\($0.kind.rawValue)) ×\($0.count)" }.joined(separator: ", ")
        let tagText = HiddenCharacter.decodeTags(text.original)
        if !tagText.isEmpty { detail += ". The tag characters spell: \"" + CheckFinding.truncated(tagText, to: 300) + "\"" }
        findings.add(.descriptionHiddenUnicode, .high,
                     "The text contains \(total) invisible character\(total == 1 ? "" : "s")", detail: detail,
                     pointer: pointer, span: text.span(original: max(0, first - 30) ..< first + 31))
    }

    /// A phrase or literal found, as a range of visible scalars.
    struct Directive: Sendable {
        var code: CheckFindingCode
        var label: String
        var range: Range<Int>
    }

    /// The phrases and literals of ``ModelDirectivePatterns`` in `text`, at most ``maxHitsPerRule`` per code.
    static func directives(in text: ScannedText) -> [Directive] {
        var out: [Directive] = []
        var perCode: [CheckFindingCode: Int] = [:]
        func add(_ code: CheckFindingCode, _ label: String, _ range: Range<Int>) {
            guard perCode[code, default: 0] < maxHitsPerRule,
                  !out.contains(where: { $0.code == code && $0.range.overlaps(range) }) else { return }
            perCode[code, default: 0] += 1
            out.append(Directive(code: code, label: label, range: range))
        }
        for pattern in ModelDirectivePatterns.phrases {
            for m in pattern.matches(in: text.words) {
                add(pattern.code, pattern.label, text.words[m.lowerBound].start ..< text.words[m.upperBound - 1].end)
            }
        }
        for literal in ModelDirectivePatterns.markup {
            let scalars = Array(literal.unicodeScalars)
            for start in text.occurrences(of: scalars) {
                add(.descriptionInstructionOverride, "markup imitating a chat template", start ..< start + scalars.count)
            }
        }
        for literal in ModelDirectivePatterns.sensitivePaths {
            let wordStart = literal.hasPrefix("|")
            let scalars = Array(literal.unicodeScalars.drop { $0 == "|" })
            for start in text.occurrences(of: scalars, wordStart: wordStart) {
                add(.descriptionSensitivePath, "a path where secrets are kept", start ..< start + scalars.count)
            }
        }
        return out
    }
}
