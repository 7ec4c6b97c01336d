import Foundation

/// Which keywords a schema resource uses: its draft and the vocabularies its meta-schema enables.
struct Dialect: Sendable, Hashable {
    enum Draft: Sendable, Hashable { case draft7, draft2019, draft2020 }

    var draft: Draft
    var applicator = true
    var validation = true
    var unevaluated = true
    var formatAssertion = false

    static let draft2020 = Dialect(draft: .draft2020)
    static let draft2019 = Dialect(draft: .draft2019)
    static let draft7 = Dialect(draft: .draft7, unevaluated: false)

    /// In draft-07 and earlier, `$ref` makes every sibling keyword ignored.
    var refOverridesSiblings: Bool { draft == .draft7 }
    /// `items` as an array and `additionalItems` (before 2020-12).
    var itemsArrayForm: Bool { draft != .draft2020 }
    /// `$id` with only a fragment is an anchor (draft-07).
    var idCanBeAnchor: Bool { draft == .draft7 }

    static let vocabularyPrefix2020 = "https://json-schema.org/draft/2020-12/vocab/"
    static let vocabularyPrefix2019 = "https://json-schema.org/draft/2019-09/vocab/"

    /// The dialect a well-known `$schema` URI names, or `nil` for a URI this module does not know.
    static func known(_ uri: String) -> Dialect? {
        var u = URIReference.stripEmptyFragment(uri)
        if u.hasPrefix("https://") { u = "http://" + u.dropFirst(8) }
        switch u {
        case "http://json-schema.org/draft/2020-12/schema": return .draft2020
        case "http://json-schema.org/draft/2019-09/schema": return .draft2019
        case "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-06/schema",
            "http://json-schema.org/draft-04/schema":
            return .draft7
        default: return nil
        }
    }

    /// The dialect a custom meta-schema's `$vocabulary` declares, on top of `base`.
    /// - Throws: a message when the meta-schema requires a vocabulary this module does not know.
    static func fromVocabulary(_ vocabulary: [String: JSONValue], base: Dialect) throws(DialectError) -> Dialect {
        var d = Dialect(draft: base.draft, applicator: false, validation: false, unevaluated: false, formatAssertion: false)
        for (uri, required) in vocabulary {
            let name: Substring
            if uri.hasPrefix(vocabularyPrefix2020) {
                name = uri.dropFirst(vocabularyPrefix2020.count)
            } else if uri.hasPrefix(vocabularyPrefix2019) {
                name = uri.dropFirst(vocabularyPrefix2019.count)
            } else {
                if required == .bool(true) { throw DialectError(message: "the meta-schema requires unknown vocabulary \(uri)") }
                continue
            }
            switch name {
            case "core", "meta-data", "content", "format-annotation", "format": break
            case "applicator": d.applicator = true
            case "validation": d.validation = true
            case "unevaluated": d.unevaluated = true
            case "format-assertion": d.formatAssertion = true
            default:
                if required == .bool(true) { throw DialectError(message: "the meta-schema requires unknown vocabulary \(uri)") }
            }
        }
        if base.draft == .draft2019 && vocabulary.keys.contains(vocabularyPrefix2019 + "applicator") { d.unevaluated = true }
        return d
    }
}

struct DialectError: Error { var message: String }
