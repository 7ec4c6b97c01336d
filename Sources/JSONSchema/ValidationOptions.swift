import Foundation

/// Options for compiling a schema.
public struct ValidationOptions: Sendable {
    /// When true, `format` is an assertion (for the formats this module knows); otherwise an annotation.
    public var assertFormat: Bool
    /// Wall-clock budget for one regular-expression match (`pattern`, `patternProperties`); a match
    /// that runs longer fails validation with a clear error instead of hanging.
    public var regexTimeBudget: Duration
    /// The deepest nesting of schemas applied to one instance before validation gives up with an error.
    public var maxEvaluationDepth: Int
    /// The most errors one validation reports; validity is unaffected.
    public var maxErrors: Int
    /// The dialect of a schema that has no `$schema`.
    public var defaultDialect: SchemaDialect

    public init(
        assertFormat: Bool = false, regexTimeBudget: Duration = .milliseconds(100), maxEvaluationDepth: Int = 256,
        maxErrors: Int = 1000, defaultDialect: SchemaDialect = .draft2020_12
    ) {
        self.defaultDialect = defaultDialect
        self.assertFormat = assertFormat
        self.regexTimeBudget = regexTimeBudget
        self.maxEvaluationDepth = maxEvaluationDepth
        self.maxErrors = maxErrors
    }
}

/// The JSON Schema drafts this module implements.
public enum SchemaDialect: String, Sendable, CaseIterable {
    /// Draft 2020-12, the default (and what MCP uses).
    case draft2020_12 = "https://json-schema.org/draft/2020-12/schema"
    /// Draft-07.
    case draft7 = "http://json-schema.org/draft-07/schema#"
}
