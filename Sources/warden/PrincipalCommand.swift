import ArgumentParser
import WardenCore

/// `warden principal`: people and agents, and their roles.
struct PrincipalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "principal",
        abstract: "Create, list, show and change principals (people and agents) and their roles.",
        discussion: """
            A principal is a person or an agent known to Warden. Its roles decide what it may do: for example \
            requester (propose tools), security_reviewer, functional_reviewer, compliance_reviewer (file reviews), \
            governance_board (vote and decide), auditor, agent (call tools) and admin. Managing principals needs \
            the principal.manage permission (the admin role by default).
            """,
        subcommands: [PrincipalCreateCommand.self, PrincipalListCommand.self, PrincipalShowCommand.self,
                      PrincipalUpdateCommand.self])
}

/// `person` or `agent`, as a command-line value.
enum PrincipalKindArgument: String, ExpressibleByArgument, CaseIterable {
    case person, agent
}

/// Checks role names given on the command line.
enum RoleArguments {
    static func parse(_ names: [String]) throws -> [Role] {
        for n in names where !Role.isValidName(n) {
            throw CLIFailure.usage("'\(n.prefix(64))' is not a role name: use 1 to 64 lowercase letters, digits or '_' (e.g. security_reviewer)")
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }.map(Role.init(rawValue:))
    }
}
