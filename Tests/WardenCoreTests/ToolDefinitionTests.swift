import Foundation
import Testing
import WardenCore

@Suite struct ToolDefinitionTests {
    @Test func sampleIsAcceptable() throws {
        #expect(sampleDefinition().problems() == [])
        try sampleDefinition().validate()
    }

    @Test(arguments: ["a", "get_weather", "weather.lookup-v2", String(repeating: "x", count: 64), "A.B_C-9"])
    func validNames(_ name: String) { #expect(ToolDefinition.isValidName(name)) }

    @Test(arguments: ["", String(repeating: "x", count: 65), "has space", "slash/name", "ünicode", "semi;colon", "tab\t"])
    func invalidNames(_ name: String) {
        #expect(!ToolDefinition.isValidName(name))
        #expect(sampleDefinition(name: name).problems().contains { $0.hasPrefix("name:") })
    }

    @Test func problemsNameTheirFields() {
        var d = sampleDefinition()
        d.title = " "
        d.useCases = []
        d.timeoutMs = 0
        d.requiredCredentials = ["OK", "OK", "9bad"]
        d.provider = ToolProvider(kind: .mcp, origin: .thirdParty)
        d.inputSchema = ["type": "string"]
        d.outputSchema = .array([])
        let p = d.problems().joined(separator: "\n")
        for field in ["title:", "useCases:", "timeoutMs:", "requiredCredentials:", "provider:", "provider.vendor:",
                      "inputSchema:", "outputSchema:"] {
            #expect(p.contains(field), "expected a problem for \(field)")
        }
        #expect(throws: WardenError.self) { try d.validate() }
    }

    @Test func digestIsContentAddressed() {
        let a = sampleDefinition(), b = sampleDefinition()
        #expect(a.digest == b.digest)
        #expect(a.digest.count == 64)
        var c = a
        c.description += "!"
        #expect(c.digest != a.digest)
    }

    @Test func codableRoundTrip() throws {
        let d = sampleDefinition()
        let data = try WardenJSON.encode(d)
        #expect(try WardenJSON.decode(ToolDefinition.self, from: data) == d)
    }
}

@Suite struct JSONDiffTests {
    @Test func reportsAddedRemovedChanged() {
        let a: JSONValue = ["x": 1, "y": ["z": "old"], "gone": true, "list": [1, 2]]
        let b: JSONValue = ["x": 1, "y": ["z": "new"], "new/key": 3, "list": [1, 2, 3]]
        let changes = JSONDiff.changes(from: a, to: b)
        #expect(changes.map(\.path) == ["/gone", "/list", "/new~1key", "/y/z"])
        #expect(changes.map(\.kind) == [.removed, .changed, .added, .changed])
        #expect(JSONDiff.changes(from: a, to: a).isEmpty)
    }
}

@Suite struct APIKeyTests {
    @Test func generatedKeysParseAndDiffer() {
        let a = APIKey.generate(), b = APIKey.generate()
        #expect(a.token != b.token)
        #expect(APIKey.parse(a.token) == a.id)
        #expect(a.digest == APIKey.digest(of: a.token))
        #expect(a.digest.count == 64 && !a.digest.contains(a.token))
    }

    @Test(arguments: ["", "wdn_", "abc", "wdn_short_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "wdn_abcdefghijkl_short",
                      "xyz_abcdefghijkl_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "wdn_abcdefghijk!_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"])
    func malformedKeys(_ token: String) {
        #expect(APIKey.parse(token) == nil)
        #expect(throws: WardenError.self) { try APIKey.adopt(token) }
    }
}
