import ArgumentParser
import Foundation
import WardenCore

/// `warden tool review`.
struct ToolReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "File a security, functional, compliance or risk review of a proposed version.",
        discussion: """
            The file (YAML or JSON) holds: kind (security|functional|compliance|risk), verdict \
            (pass|concerns|fail), summary, findings (a list of {severity, title, detail}), and exactly the section \
            for its kind: security {sourceAnalysis, permissions, inputOutputValidation, dependencies, vendorTrust}, \
            functional {performance, reliability, accuracy, businessFit}, compliance {dataHandling, regulations, \
            biasAndMisuse, transparency}, or risks (a list of {category, description, severity, mitigation}). \
            You need the reviewer role for the kind, and may not review your own proposal.
            """)

    @Argument(help: "The tool's name.") var name: String
    @Argument(help: "The version reviewed.") var version: String
    @Option(help: ArgumentHelp("The review file (.yaml, .yml or .json).", valueName: "file")) var file: String
    @OptionGroup var client: ClientOptions

    func run() async throws {
        try await client.run { api in
            let v = try VersionArgument.parse(version)
            let json = try Self.reviewJSON(file)
            let (review, raw) = try await api.call(Review.self, .POST, ["v1", "tools", name, "versions", v.description, "reviews"],
                                                   body: json.canonicalData)
            if client.json { return try Output.printJSON(raw) }
            print("Filed a \(review.submission.kind.rawValue) review of \(review.toolName) \(review.version): verdict \(review.submission.verdict.rawValue) (review id \(review.id)).")
        }
    }
}

extension ToolReviewCommand {
    /// The review in `file`, checked here so a bad file is a usage error naming it before anything is sent.
    /// - Throws: ``CLIFailure`` (usage) when the file cannot be read, is not a review, or the review is incomplete.
    static func reviewJSON(_ file: String) throws -> JSONValue {
        do {
            let (submission, json) = try DocumentLoader.loadStrict(ReviewSubmission.self, path: file, what: "review")
            try submission.validate()
            return json
        } catch let e as DocumentLoader.LoadError {
            throw CLIFailure.usage(e.message)
        } catch let e as WardenError {
            throw CLIFailure.usage("\(file): \(e.message)")
        }
    }
}
