import Foundation
import Testing
import WardenCore
import WardenRuntime

@Suite("Live tool registry")
struct ToolRegistryTests {
    @Test("approval, suspension and decommissioning take effect without a restart, and subscribers hear of each")
    func hotReload() async throws {
        let h = try await GovernanceHarness()
        #expect(Set(h.registry.tools().map(\.definition.name)) == ["time.now", "math.evaluate", "text.redact"])
        var changes = h.registry.changes().makeAsyncIterator()
        let before = h.registry.generation

        let v = try await h.proposedAndReviewed()
        for b in ["b1", "b2"] { _ = try await h.service.vote(try await h.ctx(b), name: "weather.lookup", version: v, .init(approve: true)) }
        _ = try await h.service.decide(try await h.ctx("b1"), name: "weather.lookup", version: v,
                                       .init(outcome: .approvedWithConditions, reasons: "ok",
                                             conditions: .init(rateLimit: .init(requests: 1, perSeconds: 60))))
        #expect(h.registry.tool(named: "weather.lookup") == nil, "approved is not yet serving")
        let admin = try await h.ctx("admin")
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .activate))
        let serving = try #require(h.registry.tool(named: "weather.lookup"))
        #expect(serving.definition.rateLimit == .init(requests: 1, perSeconds: 60), "conditions apply to what serves")
        #expect(serving.inputValidator.validate(["city": "Paris"]).isValid)
        #expect(await changes.next() == before + 1)

        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .suspend))
        #expect(h.registry.tool(named: "weather.lookup") == nil)
        #expect(await changes.next() == before + 2)
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .resume))
        #expect(h.registry.tool(named: "weather.lookup") != nil)
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .deprecate))
        #expect(h.registry.tool(named: "weather.lookup")?.record.state == .deprecated, "deprecated still serves")
        _ = try await h.service.transition(admin, name: "weather.lookup", .init(action: .decommission))
        #expect(h.registry.tool(named: "weather.lookup") == nil)
    }

    @Test func reloadWithoutChangesNotifiesNobody() async throws {
        let h = try await GovernanceHarness()
        let g = h.registry.generation
        try await h.registry.reload()
        try await h.registry.reload()
        #expect(h.registry.generation == g)
    }
}
