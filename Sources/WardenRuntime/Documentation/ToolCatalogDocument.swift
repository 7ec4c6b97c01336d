import Foundation
import WardenCore

/// The Markdown catalog of governed tools (`warden docs catalog`): for each tool its purpose, provider,
/// configuration (credential names and where they are looked up, never values), schemas, required role, limits,
/// guidance and limitations for the model, and where its approval and periodic review stand.
///
/// A pure function of its inputs: the same records and options give the same bytes, tools in name order. Every
/// piece of text that came from a proposal is escaped, so a hostile description cannot inject HTML, links or
/// structure into the document.
public struct ToolCatalogDocument {
    /// The environment-variable prefix Warden uses for secrets unless configured otherwise.
    public static let defaultSecretsPrefix = "WARDEN_SECRET_"

    /// What the catalog shows beyond the records themselves.
    public struct Options: Sendable {
        /// List every version in every lifecycle state instead of only the serving version of each tool.
        public var allStates: Bool
        /// Print the record's own dates (proposal, decision, review due date). Without them the document depends
        /// only on the definitions and decisions, not on when the database was made: the shipped example is made so.
        public var includesRecordDates: Bool
        /// When given, each credential says whether this provider can supply it. Only presence is checked; no
        /// value is ever written into the document.
        public var secrets: (any SecretsProvider)?
        /// The moment a review counts as overdue against when `generatedAt` is not given; the current time when nil.
        public var asOf: Date?

        /// Options with the given settings; the defaults list the serving versions with their dates and check no secret.
        public init(allStates: Bool = false, includesRecordDates: Bool = true, secrets: (any SecretsProvider)? = nil,
                    asOf: Date? = nil) {
            self.allStates = allStates
            self.includesRecordDates = includesRecordDates
            self.secrets = secrets
            self.asOf = asOf
        }
    }

    /// The catalog of `tools` as Markdown.
    /// - Parameters:
    ///   - tools: the records to draw from, in any order; by default only the serving version of each tool (active
    ///     or deprecated, as ``ToolRegistry`` serves them) is listed, see ``selection(_:allStates:)``.
    ///   - secretsPrefix: the environment-variable prefix credentials are looked up with (`<prefix><NAME>`).
    ///   - secretsDirectory: the directory credentials are looked up in next (`<directory>/<NAME>`), if configured.
    ///   - generatedAt: printed as the generation time and used to judge overdue reviews; nil prints no time.
    ///   - options: what else to show.
    /// - Returns: the whole document, ending with a newline.
    public static func markdown(tools: [ToolVersionRecord], secretsPrefix: String = defaultSecretsPrefix,
                                secretsDirectory: String? = nil, generatedAt: Date?, options: Options = Options()) -> String {
        let listed = selection(tools, allStates: options.allStates)
        let reference = generatedAt ?? options.asOf ?? Date()
        var anchors = MarkdownAnchors()
        _ = anchors.anchor(for: "Tool catalog")
        _ = anchors.anchor(for: "Contents")
        let lookup = ToolCatalogSection.SecretLookup(prefix: secretsPrefix, directory: secretsDirectory, provider: options.secrets)
        var sections: [(record: ToolVersionRecord, anchor: String, text: String)] = []
        for record in listed {
            let section = ToolCatalogSection(record: record, secrets: lookup, dates: options.includesRecordDates,
                                             asOf: reference)
            let anchor = anchors.anchor(for: section.heading)
            for sub in ToolCatalogSection.subheadings { _ = anchors.anchor(for: sub) }
            sections.append((record, anchor, section.markdown))
        }

        var out = "# Tool catalog\n\n"
        out += header(count: listed.count, tools: Set(listed.map(\.name)).count, allStates: options.allStates,
                      generatedAt: generatedAt, secretsPrefix: secretsPrefix, secretsDirectory: secretsDirectory)
        out += "## Contents\n\n"
        if sections.isEmpty {
            out += options.allStates ? "No tool is on record.\n" : "No tool is serving: nothing is active or deprecated.\n"
        } else {
            out += "| tool | version | title | state | required role | periodic review |\n"
            out += "| --- | --- | --- | --- | --- | --- |\n"
            for s in sections {
                let d = s.record.effectiveDefinition
                let review = ToolReviewStatus(dueAt: s.record.reviewDueAt, asOf: reference)
                out += "| [\(MarkdownText.inline(d.name))](#\(s.anchor)) | \(MarkdownText.inline(d.version.description)) | "
                    + "\(MarkdownText.inline(d.title)) | \(s.record.state.rawValue) | \(MarkdownText.code(d.requiredRole.rawValue, inTable: true)) | "
                    + "\(review.summary(dates: options.includesRecordDates)) |\n"
            }
        }
        for s in sections { out += "\n" + s.text }
        // Every part ends with a blank line; the file ends with exactly one newline.
        while out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }

    /// The records a catalog lists, by tool name then version: with `allStates`, every one; otherwise the serving
    /// version of each tool (active or deprecated; the highest, should a tool have several).
    public static func selection(_ tools: [ToolVersionRecord], allStates: Bool) -> [ToolVersionRecord] {
        let ordered = tools.sorted {
            $0.name == $1.name ? $0.version < $1.version : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
        }
        if allStates { return ordered }
        var serving: [String: ToolVersionRecord] = [:]
        for r in ordered where r.state.isServing { serving[r.name] = r }
        return ordered.filter { serving[$0.name]?.version == $0.version && $0.state.isServing }
    }

    private static func header(count: Int, tools: Int, allStates: Bool, generatedAt: Date?, secretsPrefix: String,
                               secretsDirectory: String?) -> String {
        var out = "The tools Warden governs, from its record: what each does and for what purpose, who provides it, "
            + "what it needs and what data it touches, who may call it within which limits, and where its approval and "
            + "periodic review stand. Generated by `warden docs catalog`"
        out += generatedAt.map { " at \(WardenJSON.format($0))" } ?? ""
        out += "; regenerate it rather than editing it.\n\n"
        out += allStates
            ? "Every version in every lifecycle state: \(count) version\(count == 1 ? "" : "s") of \(tools) tool\(tools == 1 ? "" : "s").\n\n"
            : "The serving version of each tool (active or deprecated): \(count) tool\(count == 1 ? "" : "s").\n\n"
        out += "**Credentials** are named here, never shown. Warden looks up the secret `NAME` in the environment variable "
            + MarkdownText.code(secretsPrefix + "NAME")
        if let dir = secretsDirectory {
            out += ", then in the file " + MarkdownText.code(ToolCatalogSection.SecretLookup.file(dir, "NAME")) + ".\n\n"
        } else {
            out += " (no secrets directory is configured; with `secrets.directory` it would also read the file `<directory>/NAME`).\n\n"
        }
        out += "**For the model.** An MCP client receives each tool's name, title, description, input and output schemas "
            + "and annotations in `tools/list`; the usage guidelines and limitations below are the reviewed guidance to "
            + "give the agent in its instructions.\n\n"
        return out
    }
}
