import ArgumentParser

/// `warden agent`: the agent registry.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Register the agents Warden may call over A2A, review them, and manage their lifecycle.",
        discussion: """
            A requester registers an agent from a file (`agent register FILE`): its card URL (Warden fetches the \
            card) or inline card, trust level (internal, partner, external), region, data clearance and how Warden \
            signs in to it. Internal agents serve at once unless the policy reviews them; partner and external \
            agents go through the same reviews, votes and decision as tools (`agent review`, `agent vote`, \
            `agent decide`) and are then activated (`agent activate`). Tools with an `a2a` provider call an agent's \
            skill. Warden fetches cards again periodically; a changed card quarantines the agent until reviewed \
            (`agent refresh NAME` does it now).
            """,
        subcommands: [
            AgentListCommand.self, AgentShowCommand.self, AgentRegisterCommand.self, AgentReviewCommand.self, AgentVoteCommand.self,
            AgentDecideCommand.self, AgentActivateCommand.self, AgentSuspendCommand.self, AgentResumeCommand.self,
            AgentDecommissionCommand.self, AgentRefreshCommand.self,
        ])
}
