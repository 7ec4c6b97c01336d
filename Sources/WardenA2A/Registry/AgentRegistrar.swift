import Foundation
import Logging
import WardenCore
import WardenRuntime

/// Registers agents with their cards and keeps the cards on record current: fetches a registration's card (or reads
/// the inline one), pins what a review covers (``AgentCardPin``), and hands both to the governance service, which
/// decides and records. A refreshed card whose pin changed quarantines the serving version.
public struct AgentRegistrar: Sendable {
    public let service: GovernanceService
    public let secrets: any SecretsProvider
    public let fetcher: A2ACardFetcher
    /// How long fetching one card may take.
    public let fetchTimeout: Duration

    public init(service: GovernanceService, secrets: any SecretsProvider, fetcher: A2ACardFetcher = A2ACardFetcher(),
                fetchTimeout: Duration = .seconds(10)) {
        self.service = service
        self.secrets = secrets
        self.fetcher = fetcher
        self.fetchTimeout = fetchTimeout
    }

    /// Registers `definition` (see ``GovernanceService/registerAgent(_:_:card:cardPin:)``) with its card.
    /// - Throws: `invalid_input` for a bad registration or a card that is not an A2A agent card; `upstream_unavailable`
    ///   when the card cannot be fetched (the message says why and what to check); the service's errors.
    public func register(_ ctx: CallContext, _ definition: AgentDefinition) async throws -> AgentVersionRecord {
        try await service.authorizeAgentRegistration(ctx, name: definition.name)
        try definition.validate()
        let card = try await card(for: definition)
        return try await service.registerAgent(ctx, definition, card: card.protoJSON, cardPin: AgentCardPin(card: card).value)
    }

    /// The card of a registration: fetched from its `cardURL`, else its inline card.
    func card(for definition: AgentDefinition) async throws -> AgentCard {
        if let url = definition.cardURL {
            let tls = try AgentRegistry.tlsIdentity(definition.authentication, secrets: secrets)
            do {
                return try await fetcher.fetch(url, tls: tls, timeout: fetchTimeout).card
            } catch let e as WardenError where e.code != .invalidInput {
                throw WardenError(.upstreamUnavailable, "\(e.message); check that agent \(definition.name) is running and its cardURL is right, "
                                  + "then register again", details: e.details)
            }
        }
        guard let json = definition.card else { throw WardenError.invalidInput("cardURL: give exactly one of cardURL (fetched) and card (inline)") }
        do { return try A2ACardFetcher.card(from: json) } catch {
            throw WardenError.invalidInput("card: not an A2A agent card: \(error)")
        }
    }

    /// What a refresh of one agent found.
    public enum RefreshOutcome: Sendable, Equatable {
        /// The card's reviewed parts are as on record.
        case unchanged
        /// The card changed: the serving version was quarantined and the new card proposed as `proposed`.
        case quarantined(changed: [String], proposed: SemanticVersion)
        /// The card could not be fetched (the agent keeps serving; the next refresh tries again).
        case unreachable(String)
        /// The agent publishes no card URL (an inline card changes only by registering a new version).
        case inline
    }

    /// Fetches the card of the serving version of `name` and quarantines it when the reviewed parts changed.
    /// - Throws: `not_found` when no version of `name` serves; the service's errors.
    public func refresh(name: String) async throws -> RefreshOutcome {
        let versions = try await service.store.read { tx in try tx.agentVersions(name: name) }
        guard let serving = versions.last(where: \.isServing) else {
            throw WardenError.notFound("agent \(name.prefix(64)) has no serving version to refresh")
        }
        guard let url = serving.definition.cardURL else { return .inline }
        let fresh: AgentCard
        do {
            let tls = try AgentRegistry.tlsIdentity(serving.definition.authentication, secrets: secrets)
            fresh = try await fetcher.fetch(url, tls: tls, timeout: fetchTimeout).card
        } catch let e as WardenError {
            return .unreachable(e.message)
        }
        let reviewed = try A2ACardFetcher.card(from: serving.card)
        let changed = AgentCardPin(card: fresh).changes(from: AgentCardPin(card: reviewed))
        guard !changed.isEmpty else { return .unchanged }
        let out = try await service.quarantineAgent(.init(name: name, servingVersion: serving.version, card: fresh.protoJSON,
                                                          cardPin: AgentCardPin(card: fresh).value, changed: changed))
        return .quarantined(changed: changed, proposed: out.proposal.version)
    }

    /// Refreshes every serving agent with a card URL; returns the outcome by agent.
    public func refreshAll() async -> [String: RefreshOutcome] {
        let names = (try? await service.store.read { tx in try tx.allAgentVersions() })?.filter(\.isServing).map(\.name) ?? []
        var out: [String: RefreshOutcome] = [:]
        for name in Set(names).sorted() {
            do { out[name] = try await refresh(name: name) } catch let e as WardenError { out[name] = .unreachable(e.message) } catch {
                out[name] = .unreachable("\(error)")
            }
        }
        return out
    }

    /// Refreshes every serving agent's card every `interval` until cancelled, logging what changed.
    public func run(every interval: Duration, logger: Logger) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            for (name, outcome) in await refreshAll() {
                switch outcome {
                case .quarantined(let changed, let proposed):
                    logger.warning("an agent's card changed; the agent is quarantined until its new card is reviewed",
                                   metadata: ["agent": .string(name), "changed": .string(changed.joined(separator: ",")),
                                              "proposedVersion": .string(proposed.description)])
                case .unreachable(let why):
                    logger.notice("an agent's card could not be refreshed; trying again later", metadata: ["agent": .string(name), "reason": .string(why)])
                case .unchanged, .inline: break
                }
            }
        }
    }
}
