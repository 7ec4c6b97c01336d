import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime

/// `warden principal update`.
struct PrincipalUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Change a principal's name or roles, or disable or enable it.",
        discussion: """
            --role replaces all roles with the ones given; --add-role and --remove-role change the current set. \
            A disabled principal's keys stop working at once; enabling it makes them work again (unless revoked \
            or expired). Nobody can disable themselves or remove their own principal.manage permission.
            """)

    @Argument(help: "The principal's id.") var id: String
    @Option(help: "New display name.") var name: String?
    @Option(name: .customLong("role"), help: "Replace the roles with these (repeat for several roles).") var roles: [String] = []
    @Option(name: .customLong("add-role"), help: "Add a role (repeatable).") var addRoles: [String] = []
    @Option(name: .customLong("remove-role"), help: "Remove a role (repeatable).") var removeRoles: [String] = []
    @Flag(help: "Disable the principal (its keys stop working).") var disable = false
    @Flag(help: "Enable a disabled principal.") var enable = false
    @OptionGroup var client: ClientOptions

    struct WithKeys: Decodable { var principal: Principal }

    func run() async throws {
        try await client.run { api in
            if disable && enable { throw CLIFailure.usage("give --disable or --enable, not both") }
            if !roles.isEmpty && !(addRoles.isEmpty && removeRoles.isEmpty) {
                throw CLIFailure.usage("--role replaces all roles; do not combine it with --add-role or --remove-role")
            }
            var update = PrincipalUpdate(displayName: name, roles: nil, disabled: disable ? true : (enable ? false : nil))
            if !roles.isEmpty { update.roles = try RoleArguments.parse(roles) }
            if !addRoles.isEmpty || !removeRoles.isEmpty {
                let add = try RoleArguments.parse(addRoles), remove = Set(try RoleArguments.parse(removeRoles))
                let current = try await api.get(WithKeys.self, ["v1", "principals", id]).value.principal
                update.roles = (current.roles.union(add)).subtracting(remove).sorted()
            }
            if update == PrincipalUpdate() {
                throw CLIFailure.usage("nothing to change: give --name, --role, --add-role, --remove-role, --disable or --enable")
            }
            let (p, raw) = try await api.call(Principal.self, .PATCH, ["v1", "principals", id], body: try WardenJSON.encode(update))
            if client.json { return try Output.printJSON(raw) }
            print("Updated \(p.id) (\(p.displayName)): \(p.disabled ? "disabled" : "enabled"), roles \(p.roles.isEmpty ? "(none)" : p.roles.sorted().map(\.rawValue).joined(separator: ", ")).")
        }
    }
}
