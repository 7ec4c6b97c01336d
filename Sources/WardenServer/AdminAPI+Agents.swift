import Foundation
import HTTPTypes
import Hummingbird
import WardenA2A
import WardenCore
import WardenRuntime

/// `/v1/agents`: the agent registry. Registration fetches the agent's card; reviews, votes, the decision and lifecycle
/// transitions go through the same rules as tools'; discovery filters by skill and tag.
extension AdminAPI {
    static let agentRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/v1/agents"), (.post, "/v1/agents"), (.get, "/v1/agents/{name}"), (.get, "/v1/agents/{name}/versions/{version}"),
        (.post, "/v1/agents/{name}/versions/{version}/reviews"), (.post, "/v1/agents/{name}/versions/{version}/approvals"),
        (.post, "/v1/agents/{name}/versions/{version}/decision"), (.post, "/v1/agents/{name}/transitions"),
        (.post, "/v1/agents/{name}/refresh"), (.post, "/v1/agents/{name}/periodic-reviews"),
    ]

    var registrar: AgentRegistrar { AgentRegistrar(service: service, secrets: service.secrets) }

    /// The handler of an agent route, or nil for another route.
    func agentHandler(_ method: HTTPRequest.Method, _ path: String) -> Handler? {
        switch (method, path) {
        case (.get, "/v1/agents"):
            return authed { req, _, ctx in
                let q = req.uri.queryParameters
                let serving = q.get("serving")
                guard serving == nil || serving == "true" || serving == "false" else {
                    throw WardenError.invalidInput("serving must be true or false")
                }
                for key in q.map({ String($0.key) }) where !["skill", "tag", "serving"].contains(key) {
                    throw WardenError.invalidInput("unknown query parameter '\(key.prefix(64))'; use skill, tag or serving")
                }
                for v in [q.get("skill"), q.get("tag")].compactMap({ $0 }) where v.isEmpty || v.utf8.count > 200 {
                    throw WardenError.invalidInput("skill and tag must be 1 to 200 characters")
                }
                let query = AgentQuery(skill: q.get("skill"), tag: q.get("tag"), servingOnly: serving == "true")
                return json(AgentList(agents: try await service.agents(ctx, matching: query)))
            }
        case (.post, "/v1/agents"):
            return authedBody(AgentDefinition.self, "AgentDefinition") { _, _, ctx, definition in
                json(try await registrar.register(ctx, definition), status: .created)
            }
        case (.get, "/v1/agents/{name}"):
            return authed { _, hb, ctx in json(try await service.agent(ctx, name: try param(hb, "name"))) }
        case (.get, "/v1/agents/{name}/versions/{version}"):
            return authed { _, hb, ctx in
                json(try await service.agentVersion(ctx, name: try param(hb, "name"), version: try versionParam(hb)))
            }
        case (.post, "/v1/agents/{name}/versions/{version}/reviews"):
            return authedBody(ReviewSubmission.self, "ReviewSubmission") { _, hb, ctx, review in
                json(try await service.fileAgentReview(ctx, name: try param(hb, "name"), version: try versionParam(hb), review),
                     status: .created)
            }
        case (.post, "/v1/agents/{name}/versions/{version}/approvals"):
            return authedBody(ApprovalRequest.self, "ApprovalRequest") { _, hb, ctx, vote in
                json(try await service.voteAgent(ctx, name: try param(hb, "name"), version: try versionParam(hb), vote), status: .created)
            }
        case (.post, "/v1/agents/{name}/versions/{version}/decision"):
            return authedBody(DecisionRequest.self, "DecisionRequest") { _, hb, ctx, decision in
                json(try await service.decideAgent(ctx, name: try param(hb, "name"), version: try versionParam(hb), decision))
            }
        case (.post, "/v1/agents/{name}/transitions"):
            return authedBody(TransitionRequest.self, "TransitionRequest") { _, hb, ctx, t in
                json(try await service.transitionAgent(ctx, name: try param(hb, "name"), t))
            }
        case (.post, "/v1/agents/{name}/refresh"):
            return authed { _, hb, ctx in
                let name = try param(hb, "name")
                try await service.authorizeAgentRefresh(ctx, name: name)
                return json(AgentRefreshReport(agent: name, outcome: try await registrar.refresh(name: name)))
            }
        case (.post, "/v1/agents/{name}/periodic-reviews"):
            return authedBody(PeriodicReviewRequest.self, "PeriodicReviewRequest") { _, hb, ctx, r in
                json(try await service.recordAgentPeriodicReview(ctx, name: try param(hb, "name"), r))
            }
        default:
            return nil
        }
    }
}

struct AgentList: Codable, Sendable {
    var agents: [AgentSummary]
}

/// What `POST /v1/agents/{name}/refresh` found.
struct AgentRefreshReport: Encodable, Sendable {
    var agent: String
    var outcome: String
    var changed: [String]?
    var proposedVersion: String?
    var reason: String?

    init(agent: String, outcome: AgentRegistrar.RefreshOutcome) {
        self.agent = agent
        switch outcome {
        case .unchanged: self.outcome = "unchanged"
        case .inline: self.outcome = "inline"
        case .unreachable(let why):
            self.outcome = "unreachable"
            reason = why
        case .quarantined(let changed, let proposed):
            self.outcome = "quarantined"
            self.changed = changed
            proposedVersion = proposed.description
        }
    }
}
