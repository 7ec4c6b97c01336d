import AsyncHTTPClient
import Foundation
import Synchronization
import WardenCore
import WardenRuntime
import WardenStore

/// An agent Warden may call now: its serving version, its card as reviewed, and how to reach it.
public struct ServingAgent: Sendable {
    public let record: AgentVersionRecord
    /// The registration as served (approval conditions applied).
    public let definition: AgentDefinition
    public let card: AgentCard
    public let target: A2ATarget
}

/// The live set of agents Warden may call (the serving versions of the agent registry), held in memory and swapped
/// whole when the record changes, so an outgoing call never reads the store to find its agent.
///
/// Credentials come from the secrets provider when the set is (re)built; an OAuth token source is kept across
/// reloads as long as the agent's version is unchanged, so its cached token survives them.
public final class AgentRegistry: Sendable {
    struct State {
        var agents: [String: ServingAgent] = [:]
        var tokenSources: [String: OAuthClientCredentialsSource] = [:]
        var problems: [String: String] = [:]
    }

    private let store: any GovernanceStore
    private let secrets: any SecretsProvider
    private let httpClient: HTTPClient
    private let state = Mutex(State())

    public init(store: any GovernanceStore, secrets: any SecretsProvider, httpClient: HTTPClient = A2AClient.defaultHTTPClient) {
        self.store = store
        self.secrets = secrets
        self.httpClient = httpClient
    }

    /// The serving agent named `name`, if any.
    public func agent(named name: String) -> ServingAgent? { state.withLock { $0.agents[name] } }

    /// Every serving agent, by name.
    public func agents() -> [ServingAgent] { state.withLock { Array($0.agents.values) }.sorted { $0.definition.name < $1.definition.name } }

    /// Why a serving version could not be made callable (its card has no JSON-RPC interface, a secret is missing), by
    /// agent name.
    public var problems: [String: String] { state.withLock { $0.problems } }

    /// Re-reads the serving versions from the store and swaps them in.
    /// - Throws: when the store cannot be read; the previous set keeps serving.
    @discardableResult
    public func reload() async throws -> [String: String] {
        let records = try await store.read { tx in try tx.allAgentVersions() }.filter(\.isServing)
        let previous = state.withLock { $0.tokenSources }
        var agents: [String: ServingAgent] = [:]
        var sources: [String: OAuthClientCredentialsSource] = [:]
        var problems: [String: String] = [:]
        for record in records {
            do {
                let (agent, source) = try build(record, reusing: previous["\(record.name)@\(record.digest)"])
                agents[record.name] = agent
                if let source { sources["\(record.name)@\(record.digest)"] = source }
            } catch let e as WardenError {
                problems[record.name] = e.message
            } catch {
                problems[record.name] = "\(error)"
            }
        }
        state.withLock {
            $0.agents = agents
            $0.tokenSources = sources
            $0.problems = problems
        }
        return problems
    }

    private func build(_ record: AgentVersionRecord, reusing source: OAuthClientCredentialsSource?) throws -> (ServingAgent, OAuthClientCredentialsSource?) {
        let definition = record.effectiveDefinition
        let card: AgentCard
        do { card = try A2ACardFetcher.card(from: record.card) } catch {
            throw WardenError(.internal, "the card on record for \(definition.name) does not parse: \(error)")
        }
        let tls = try Self.tlsIdentity(definition.authentication, secrets: secrets)
        var tokenSource: OAuthClientCredentialsSource?
        let authentication: A2AClientAuthentication
        func secret(_ name: String) throws -> Secret {
            guard let s = secrets.secret(named: name) else {
                throw WardenError(.upstreamUnavailable, "the secret \(name) for agent \(definition.name) is not configured")
            }
            return s
        }
        if let a = definition.authentication?.apiKey {
            authentication = .apiKey(header: a.headerName, value: try secret(a.credential))
        } else if let b = definition.authentication?.bearer {
            authentication = .bearer(try secret(b.credential))
        } else if let o = definition.authentication?.oauth2 {
            let s = try source ?? OAuthClientCredentialsSource(tokenURL: o.tokenURL, clientID: o.clientID,
                                                               clientSecret: try secret(o.clientSecretCredential), scope: o.scope,
                                                               audience: o.audience, httpClient: httpClient, tls: tls)
            tokenSource = s
            authentication = .oauth2(s)
        } else {
            authentication = .none
        }
        let target = try A2ATarget(name: definition.name, card: card, authentication: authentication, tls: tls,
                                   rateLimit: definition.rateLimit, timeout: .milliseconds(definition.timeoutMs))
        return (ServingAgent(record: record, definition: definition, card: card, target: target), tokenSource)
    }

    /// The client certificate an agent's registration names, read from the secrets.
    static func tlsIdentity(_ authentication: AgentAuthentication?, secrets: any SecretsProvider) throws -> ClientTLSIdentity? {
        guard let m = authentication?.mutualTLS else { return nil }
        return try ClientTLSIdentity.secrets(secrets, certificateChain: m.certificateChainCredential, privateKey: m.privateKeyCredential,
                                             trustRoots: m.trustRootsCredential)
    }
}
