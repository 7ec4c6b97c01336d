import Testing
import WardenCore

@Suite struct ToolPlanTests {
    @Test func plansEachKindOfChange() {
        let recordedV1 = sampleDefinition(name: "known")
        let otherV1 = sampleDefinition(name: "other")
        var changedSameVersion = otherV1
        changedSameVersion.description = "changed"
        var newVersion = recordedV1
        newVersion.version = SemanticVersion("1.1.0")!
        newVersion.title = "New title"
        var bad = sampleDefinition(name: "bad name")
        bad.useCases = []
        let plan = ToolPlan.make(
            local: [("a.yaml", .success(sampleDefinition(name: "fresh"))), ("b.yaml", .success(recordedV1)),
                    ("c.yaml", .success(changedSameVersion)), ("d.yaml", .success(newVersion)), ("e.yaml", .success(bad)),
                    ("f.yaml", .failure(WardenError.invalidInput("not YAML")))],
            recorded: ["known": [.init(definition: recordedV1, digest: recordedV1.digest)],
                       "other": [.init(definition: otherV1, digest: otherV1.digest)]])
        #expect(plan.items.map(\.action) == [.proposeTool, .unchanged, .conflict, .proposeVersion, .invalid, .invalid])
        #expect(plan.items[3].changes?.map(\.path) == ["/title", "/version"])
        #expect(plan.hasChanges && plan.hasErrors)
    }

    @Test func duplicateDefinitionsInOneDirectoryAreInvalid() {
        let d = sampleDefinition()
        let plan = ToolPlan.make(local: [("a.json", .success(d)), ("b.json", .success(d))], recorded: [:])
        #expect(plan.items.map(\.action) == [.proposeTool, .invalid])
    }
}
