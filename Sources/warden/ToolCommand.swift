import ArgumentParser
import WardenCore

/// `warden tool`: the tool governance workflow.
struct ToolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tool",
        abstract: "Propose, review, approve and manage the lifecycle of tools.",
        discussion: """
            The workflow: a requester proposes a tool (`tool propose FILE`, or `tool plan`/`tool apply` for a \
            directory of definitions); reviewers file security, functional, compliance and risk reviews \
            (`tool review`); governance board members vote (`tool vote`); `tool status` shows what is still \
            missing; the board records the decision (`tool decide`); an admin activates the approved version \
            (`tool activate`) and later suspends, resumes, deprecates or decommissions it.
            """,
        subcommands: [
            ToolListCommand.self, ToolShowCommand.self, ToolProposeCommand.self, ToolReviewCommand.self,
            ToolVoteCommand.self, ToolStatusCommand.self, ToolDecideCommand.self,
            ToolActivateCommand.self, ToolSuspendCommand.self, ToolResumeCommand.self, ToolDeprecateCommand.self,
            ToolDecommissionCommand.self, ToolWithdrawCommand.self,
            ToolDiffCommand.self, ToolPlanCommand.self, ToolApplyCommand.self,
        ])
}

/// Parses a version given on the command line.
enum VersionArgument {
    static func parse(_ text: String, what: String = "version") throws -> SemanticVersion {
        guard let v = SemanticVersion(text) else {
            throw CLIFailure.usage("\(what) '\(text.prefix(64))' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)")
        }
        return v
    }
}
