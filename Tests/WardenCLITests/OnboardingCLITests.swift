import Foundation
import Testing
import WardenCore

@Suite("a whole tool onboarding through the warden CLI")
struct OnboardingCLITests {
    /// Runs `arguments` and expects exit 0.
    @discardableResult
    func ok(_ server: CLIHarness.Server, _ arguments: [String], key: String? = nil,
            sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIHarness.Run {
        let r = try server.run(arguments, key: key)
        #expect(r.status == 0, "warden \(arguments.joined(separator: " ")): \(r)", sourceLocation: sourceLocation)
        return r
    }

    @Test("principals, keys, propose, reviews, votes, decision, lifecycle, diff, plan and apply")
    func onboarding() throws {
        try CLIHarness.withServer { server in
            let dir = try CLIHarness.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }

            // Principals and their keys.
            let people: [(String, String, [String])] = [
                ("rita", "Rita Requester", ["requester"]),
                ("bob", "Bob Board", ["governance_board"]),
                ("bea", "Bea Board", ["governance_board"]),
                ("sam", "Sam Security", ["security_reviewer"]),
                ("fay", "Fay Functional", ["functional_reviewer"]),
                ("cid", "Cid Compliance", ["compliance_reviewer"]),
                ("ria", "Ria Risk", ["security_reviewer"]),
            ]
            var keys: [String: String] = [:]
            for (id, name, roles) in people {
                let created = try ok(server, ["principal", "create", id, "--name", name, "--kind", "person"]
                                     + roles.flatMap { ["--role", $0] })
                #expect(created.out.contains("Created person \(id)"))
                let key = try ok(server, ["key", "create", id, "--label", "test", "--json"])
                keys[id] = try #require(CLIHarness.json(key)["token"]?.stringValue)
            }
            let human = try ok(server, ["key", "create", "rita", "--expires", "2099-01-01T00:00:00Z"])
            #expect(human.out.contains("will not be shown again") && human.out.contains("wdn_"))

            let duplicate = try server.run(["principal", "create", "rita", "--name", "Again", "--kind", "person"])
            #expect(duplicate.status == 1 && duplicate.err.contains("error [conflict]") && duplicate.err.contains("request id"), "\(duplicate)")

            let list = try ok(server, ["principal", "list"])
            #expect(list.out.contains("ID") && list.out.contains("governance_board") && list.out.contains("Ria Risk"))
            let show = try ok(server, ["principal", "show", "rita"])
            #expect(show.out.contains("requester") && show.out.contains("active"))
            #expect(!show.out.contains(keys["rita"]!))
            let me = try ok(server, ["whoami"], key: keys["sam"])
            #expect(me.out.contains("sam") && me.out.contains("security_reviewer"))

            // Propose from YAML.
            let v1 = try CLIHarness.write(CLIFixtures.tool(), to: "clock.yaml", in: dir)
            let proposed = try ok(server, ["tool", "propose", v1], key: keys["rita"])
            #expect(proposed.out.contains("Proposed clock.cli 1.0.0"))
            let forbidden = try server.run(["tool", "propose", v1], key: keys["sam"])
            #expect(forbidden.status == 1 && forbidden.err.contains("error [forbidden]"), "\(forbidden)")

            // Reviews from files, by the reviewers.
            for (kind, reviewer) in [("security", "sam"), ("functional", "fay"), ("compliance", "cid"), ("risk", "ria")] {
                let file = try CLIHarness.write(CLIFixtures.review(kind), to: "\(kind).yaml", in: dir)
                let filed = try ok(server, ["tool", "review", "clock.cli", "1.0.0", "--file", file], key: keys[reviewer])
                #expect(filed.out.contains("Filed a \(kind) review"))
            }

            // Status before and after the two votes.
            let before = try ok(server, ["tool", "status", "clock.cli", "1.0.0"], key: keys["bob"])
            #expect(before.out.contains("not ready") && before.out.contains("votes"), "\(before)")
            try ok(server, ["tool", "vote", "clock.cli", "1.0.0", "--approve", "--comment", "fine"], key: keys["bob"])
            try ok(server, ["tool", "vote", "clock.cli", "1.0.0", "--approve"], key: keys["bea"])
            let after = try ok(server, ["tool", "status", "clock.cli", "1.0.0", "--json"], key: keys["bob"])
            #expect(try CLIHarness.json(after)["satisfied"] == true, "\(after)")

            let decided = try ok(server, ["tool", "decide", "clock.cli", "1.0.0", "--outcome", "approved",
                                          "--reasons", "All reviews passed."], key: keys["bob"])
            #expect(decided.out.contains("approved"))

            // Lifecycle.
            let active = try ok(server, ["tool", "activate", "clock.cli", "--reason", "go live"])
            #expect(active.out.contains("clock.cli 1.0.0 is now active"), "\(active)")
            #expect(try ok(server, ["tool", "suspend", "clock.cli", "--reason", "incident"]).out.contains("is now suspended"))
            let again = try server.run(["tool", "suspend", "clock.cli"])
            #expect(again.status == 1 && again.err.contains("error ["), "\(again)")
            #expect(try ok(server, ["tool", "resume", "clock.cli", "--version", "1.0.0"]).out.contains("is now active"))

            let tools = try ok(server, ["tool", "list"])
            #expect(tools.out.contains("clock.cli") && tools.out.contains("active") && tools.out.contains("time.now"))
            let detail = try ok(server, ["tool", "show", "clock.cli"])
            #expect(detail.out.contains("history") && detail.out.contains("suspend"))
            let version = try ok(server, ["tool", "show", "clock.cli", "--version", "1.0.0"])
            #expect(version.out.contains("security") && version.out.contains("bob") && version.out.contains("decision: approved"))

            // A second version and the diff.
            let v2 = try CLIHarness.write(CLIFixtures.tool(version: "1.1.0", description: "Returns the current time, precisely."),
                                          to: "clock2.yaml", in: dir)
            try ok(server, ["tool", "propose", v2], key: keys["rita"])
            let diff = try ok(server, ["tool", "diff", "clock.cli", "1.0.0", "1.1.0"])
            #expect(diff.out.contains("~ /description: \"Returns the current time.\" → \"Returns the current time, precisely.\""), "\(diff)")
            #expect(diff.out.contains("~ /version: \"1.0.0\" → \"1.1.0\""), "\(diff)")
            let diffJSON = try CLIHarness.json(try ok(server, ["tool", "diff", "clock.cli", "1.0.0", "1.1.0", "--json"]))
            #expect(diffJSON["changes"]?.arrayValue?.count == 2)

            // 1.1.0 approved with conditions, activated (1.0.0 is superseded), then deprecated and decommissioned.
            for (kind, reviewer) in [("security", "sam"), ("functional", "fay"), ("compliance", "cid"), ("risk", "ria")] {
                let file = try CLIHarness.write(CLIFixtures.review(kind), to: "\(kind).yaml", in: dir)
                try ok(server, ["tool", "review", "clock.cli", "1.1.0", "--file", file], key: keys[reviewer])
            }
            try ok(server, ["tool", "vote", "clock.cli", "1.1.0", "--approve"], key: keys["bob"])
            try ok(server, ["tool", "vote", "clock.cli", "1.1.0", "--approve"], key: keys["bea"])
            let noConditions = try server.run(["tool", "decide", "clock.cli", "1.1.0", "--outcome", "approved_with_conditions",
                                               "--reasons", "x"], key: keys["bob"])
            #expect(noConditions.status == 2 && noConditions.err.contains("--conditions"), "\(noConditions)")
            let conditions = try CLIHarness.write("timeoutMs: 1000\nreviewIntervalDays: 30\nnotes: [Watch the error rate]\n",
                                                  to: "conditions.yaml", in: dir)
            try ok(server, ["tool", "decide", "clock.cli", "1.1.0", "--outcome", "approved_with_conditions",
                            "--reasons", "Fine with a shorter timeout.", "--conditions", conditions], key: keys["bob"])
            let served = try CLIHarness.json(try ok(server, ["tool", "show", "clock.cli", "--version", "1.1.0", "--json"]))
            #expect(served["effectiveDefinition"]?["timeoutMs"] == 1000, "the conditions apply")
            #expect(try ok(server, ["tool", "activate", "clock.cli", "--version", "1.1.0"]).out.contains("clock.cli 1.1.0 is now active"))
            let history = try ok(server, ["tool", "show", "clock.cli"])
            #expect(history.out.contains("superseded"), "\(history)")
            #expect(try ok(server, ["tool", "deprecate", "clock.cli"]).out.contains("clock.cli 1.1.0 is now deprecated"))
            #expect(try ok(server, ["tool", "decommission", "clock.cli", "--version", "1.1.0", "--reason", "retired"])
                .out.contains("is now decommissioned"))

            // Plan and apply on a directory.
            let repo = dir.appendingPathComponent("repo")
            try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
            try CLIHarness.write(CLIFixtures.tool(name: "notes.cli"), to: "notes.yaml", in: repo)
            try CLIHarness.write(CLIFixtures.tool(), to: "clock.yml", in: repo)   // the same as 1.0.0 on record
            try CLIHarness.write("ignored", to: "README.md", in: repo)

            let plan = try ok(server, ["tool", "plan", repo.path], key: keys["rita"])
            #expect(plan.out.contains("notes.yaml") && plan.out.contains("propose_tool"), "\(plan)")
            #expect(plan.out.contains("clock.yml") && plan.out.contains("unchanged"), "\(plan)")
            #expect(!plan.out.contains("README"))
            let planJSON = try CLIHarness.json(try ok(server, ["tool", "plan", repo.path, "--json"], key: keys["rita"]))
            #expect(planJSON["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue } == ["unchanged", "propose_tool"])

            let applied = try ok(server, ["tool", "apply", repo.path], key: keys["rita"])
            #expect(applied.out.contains("proposed notes.cli 1.0.0"), "\(applied)")
            let unchanged = try ok(server, ["tool", "plan", repo.path], key: keys["rita"])
            #expect(unchanged.out.contains("no changes"), "\(unchanged)")

            // Changed content under the same version is a conflict: plan exits 1 and apply submits nothing.
            try CLIHarness.write(CLIFixtures.tool(name: "notes.cli", description: "Changed without a new version."),
                                 to: "notes.yaml", in: repo)
            let conflict = try server.run(["tool", "plan", repo.path], key: keys["rita"])
            #expect(conflict.status == 1, "\(conflict)")
            #expect(conflict.out.contains("conflict") && conflict.out.contains("~ /description"), "\(conflict)")
            let refused = try server.run(["tool", "apply", repo.path, "--json"], key: keys["rita"])
            #expect(refused.status == 1, "\(refused)")
            #expect(try CLIHarness.json(refused)["applied"] == false)
            #expect(try CLIHarness.json(try ok(server, ["tool", "show", "notes.cli", "--json"]))["versions"]?.arrayValue?.count == 1)

            // An invalid file in the directory is reported by name.
            try CLIHarness.write("name: [", to: "broken.yaml", in: repo)
            let invalid = try server.run(["tool", "plan", repo.path], key: keys["rita"])
            #expect(invalid.status == 1 && invalid.out.contains("broken.yaml") && invalid.out.contains("invalid"), "\(invalid)")

            // The proposer withdraws an open proposal.
            let withdrawn = try ok(server, ["tool", "withdraw", "notes.cli", "--reason", "not needed"], key: keys["rita"])
            #expect(withdrawn.out.contains("notes.cli 1.0.0 is now withdrawn"), "\(withdrawn)")

            // Keys: revoke one, and it stops working.
            let ritaKeys = try CLIHarness.json(try ok(server, ["principal", "show", "rita", "--json"]))["keys"]?.arrayValue ?? []
            let keyID = try #require(ritaKeys.first?["id"]?.stringValue)
            #expect(try ok(server, ["key", "revoke", keyID]).out.contains("Revoked key \(keyID)"))
            let revokedUse = try server.run(["whoami"], key: keys["rita"])
            #expect(revokedUse.status == 1, "\(revokedUse)")

            // Disable and enable a principal.
            #expect(try ok(server, ["principal", "update", "fay", "--disable"]).out.contains("disabled"))
            #expect(try server.run(["whoami"], key: keys["fay"]).status == 1)
            try ok(server, ["principal", "update", "fay", "--enable", "--add-role", "auditor", "--name", "Fay F."])
            let fay = try ok(server, ["whoami"], key: keys["fay"])
            #expect(fay.out.contains("auditor") && fay.out.contains("Fay F."))

            // The audit log, page by page and all at once: for auditors only (fay), not the admin.
            let adminRead = try server.run(["audit", "events", "--limit", "5"])
            #expect(adminRead.status == 1 && adminRead.err.contains("forbidden"), "\(adminRead)")
            let page = try ok(server, ["audit", "events", "--limit", "5"], key: keys["fay"])
            #expect(page.out.contains("SEQ") && page.err.contains("--after 5"), "\(page)")
            let all = try ok(server, ["audit", "events", "--all", "--limit", "10", "--json"], key: keys["fay"])
            let events = try CLIHarness.json(all)["events"]?.arrayValue ?? []
            #expect(events.count > 25)
            #expect(events.compactMap { $0["seq"]?.numberValue?.intValue } == Array(1...events.count))
            let table = try ok(server, ["audit", "events", "--all", "--limit", "1000"], key: keys["fay"])
            let filtered = try ok(server, ["audit", "events", "--all", "--outcome", "denied", "--action", "tool.*", "--json"],
                                  key: keys["fay"])
            let denied = try CLIHarness.json(filtered)["events"]?.arrayValue ?? []
            #expect(!denied.isEmpty && denied.allSatisfy { $0["outcome"] == "denied" && $0["action"]?.stringValue?.hasPrefix("tool.") == true })
            #expect(table.out.contains("tool.propose") && table.out.contains("tool:clock.cli@1.0.0") && table.out.contains("denied"))
        }
    }
}
