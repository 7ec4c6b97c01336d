import Foundation
import Testing
import WardenCore
@testable import warden

@Suite("warden client commands against a running server")
struct ClientCommandTests {
    @Test("--help of the root and of `tool` exits 0 and lists the subcommands")
    func help() throws {
        let root = try CLIHarness.run(["--help"])
        #expect(root.status == 0, "\(root)")
        for word in ["whoami", "principal", "key", "tool", "audit", "serve"] {
            #expect(root.out.contains(word), "root help lacks \(word): \(root)")
        }
        let tool = try CLIHarness.run(["tool", "--help"])
        #expect(tool.status == 0, "\(tool)")
        for word in ["list", "show", "propose", "review", "vote", "status", "decide", "activate", "suspend", "resume",
                     "deprecate", "decommission", "withdraw", "diff", "plan", "apply"] {
            #expect(tool.out.contains(word), "tool help lacks \(word): \(tool)")
        }
        let events = try CLIHarness.run(["audit", "events", "--help"])
        #expect(events.status == 0 && events.out.contains("--all"), "\(events)")
    }

    @Test("whoami with a good key, a bad key, no key, and no server")
    func whoami() throws {
        try CLIHarness.withServer { server in
            let good = try server.run(["whoami"])
            #expect(good.status == 0, "\(good)")
            #expect(good.out.contains("admin"))
            #expect(!good.out.contains(server.adminKey) && !good.err.contains(server.adminKey))

            let json = try server.run(["whoami", "--json"])
            #expect(json.status == 0, "\(json)")
            #expect(try CLIHarness.json(json)["id"] == "admin")

            let badKey = "wdn_aaaaaaaaaaaa_" + String(repeating: "b", count: 40)
            let bad = try server.run(["whoami"], key: badKey)
            #expect(bad.status == 1, "\(bad)")
            #expect(bad.err.contains("unauthenticated") && bad.err.contains("API key"), "\(bad)")
            #expect(!bad.err.contains(badKey) && !bad.out.contains(badKey), "the key must never be echoed")
            #expect(!bad.err.contains(String(repeating: "b", count: 40)))

            // A key file works the same as the environment variable.
            let keyFile = try CLIHarness.write(server.adminKey + "\n", to: "key", in: server.directory)
            let viaFile = try CLIHarness.run(["whoami", "--server", server.url, "--key-file", keyFile])
            #expect(viaFile.status == 0 && viaFile.out.contains("admin"), "\(viaFile)")

            let none = try CLIHarness.run(["whoami", "--server", server.url])
            #expect(none.status == 2, "\(none)")
            #expect(none.err.contains("WARDEN_API_KEY"))
        }
        let down = try CLIHarness.run(["whoami", "--server", "http://127.0.0.1:9"], environment: ["WARDEN_API_KEY": "wdn_x"])
        #expect(down.status == 1, "\(down)")
        #expect(down.err.contains("not reachable") && down.err.contains("warden serve"), "\(down)")
    }

    @Test("malformed files are exit 2 with a readable message")
    func malformedFiles() throws {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["WARDEN_API_KEY": "wdn_aaaaaaaaaaaa_" + String(repeating: "b", count: 40), "WARDEN_SERVER": "http://127.0.0.1:9"]

        let broken = try CLIHarness.write("name: x\n  version: [1.0.0\ntitle: {\n", to: "broken.yaml", in: dir)
        let r1 = try CLIHarness.run(["tool", "propose", broken], environment: env)
        #expect(r1.status == 2, "\(r1)")
        #expect(r1.err.contains("broken.yaml") && r1.err.contains("not valid YAML"), "\(r1)")
        #expect(r1.err.contains("line"), "the message points at the line: \(r1)")

        let wrongType = try CLIHarness.write(CLIFixtures.tool().replacingOccurrences(of: "timeoutMs: 5000", with: "timeoutMs: soon"),
                                             to: "wrong.yaml", in: dir)
        let r2 = try CLIHarness.run(["tool", "propose", wrongType], environment: env)
        #expect(r2.status == 2, "\(r2)")
        #expect(r2.err.contains("/timeoutMs"), "\(r2)")

        let typo = try CLIHarness.write(CLIFixtures.tool() + "titel: Typo\nprovider2: {}\n", to: "typo.yaml", in: dir)
        let r4 = try CLIHarness.run(["tool", "propose", typo], environment: env)
        #expect(r4.status == 2, "\(r4)")
        #expect(r4.err.contains("unknown fields") && r4.err.contains("/titel") && r4.err.contains("/provider2"), "\(r4)")

        let review = try CLIHarness.write(CLIFixtures.review("security").replacingOccurrences(of: "verdict: pass", with: "verdict: maybe"),
                                          to: "review.yaml", in: dir)
        let r5 = try CLIHarness.run(["tool", "review", "x", "1.0.0", "--file", review], environment: env)
        #expect(r5.status == 2 && r5.err.contains("/verdict"), "\(r5)")

        let missing = try CLIHarness.run(["tool", "propose", dir.appendingPathComponent("nope.yaml").path], environment: env)
        #expect(missing.status == 2, "\(missing)")
        #expect(missing.err.contains("nope.yaml"))

        let badJSON = try CLIHarness.write("{\"name\": ", to: "bad.json", in: dir)
        let r3 = try CLIHarness.run(["tool", "propose", badJSON], environment: env)
        #expect(r3.status == 2 && r3.err.contains("not valid JSON"), "\(r3)")
    }

    @Test("YAML converts to JSON faithfully: ints stay ints, strings stay strings")
    func yamlConversion() throws {
        let json = try DocumentLoader.parseYAML("""
            a: 5000
            b: "5000"
            c: 1.5
            d: yes
            e: true
            f: 2026-01-01
            g: ~
            h: [1, "2", x, off]
            i: 0x10
            j: '007'
            k: -3
            """, file: "test.yaml")
        #expect(json["a"] == .number(JSONNumber(5000)))
        #expect(json["a"]?.numberValue?.isInteger == true)
        #expect(json["b"] == "5000")
        #expect(json["c"] == .number(JSONNumber(1.5)))
        #expect(json["d"] == "yes")
        #expect(json["e"] == true)
        #expect(json["f"] == "2026-01-01")
        #expect(json["g"] == .null)
        #expect(json["h"] == [1, "2", "x", "off"])
        #expect(json["i"] == .number(JSONNumber(16)))
        #expect(json["j"] == "007")
        #expect(json["k"] == .number(JSONNumber(-3)))
        #expect(throws: DocumentLoader.LoadError.self) { try DocumentLoader.parseYAML("a: .inf", file: "x.yaml") }
        #expect(throws: DocumentLoader.LoadError.self) { try DocumentLoader.parseYAML("a: 1\na: 2", file: "x.yaml") }
    }
}
