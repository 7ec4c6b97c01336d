import Foundation
import Testing
import WardenCore

@Suite struct LeastPrivilegeCheckTests {
    let check = LeastPrivilegeCheck()

    struct Expected: Sendable {
        var definition: ToolDefinition
        var context: CheckContext = checkedContext
        var code: CheckFindingCode
        var pointer: String
        var severity: Severity
    }

    static func variant(_ change: (inout ToolDefinition) -> Void) -> ToolDefinition {
        var d = checkedDefinition()
        change(&d)
        return d
    }

    static func other(name: String, owner: String, credentials: [String]) -> ToolDefinition {
        var d = sampleDefinition(name: name)
        d.owner = owner
        d.requiredCredentials = credentials
        return d
    }

    static let internalMCP = ToolProvider(kind: .mcp, origin: .internal, mcp: .init(url: "https://tools.corp.example/mcp", tool: "lookup"))

    static let bad: [Case<Expected>] = [
        Case("confidential data for every agent", Expected(
            definition: variant { $0.dataRequirements = .init(reads: [.confidential], returns: [.public]) },
            code: .privilegeRoleTooBroad, pointer: "/requiredRole", severity: .high)),
        Case("restricted data returned to every agent", Expected(
            definition: variant { $0.dataRequirements = .init(reads: [.public], returns: [.restricted]); $0.provider = internalMCP },
            code: .privilegeRoleTooBroad, pointer: "/requiredRole", severity: .high)),
        Case("HTTP credential never referred to", Expected(
            definition: variant { $0.provider.http?.headers = nil },
            code: .privilegeUnusedCredential, pointer: "/requiredCredentials/0", severity: .medium)),
        Case("MCP upstream gets only the first credential", Expected(
            definition: variant { $0.provider = internalMCP; $0.requiredCredentials = ["FIRST", "SECOND"] },
            code: .privilegeUnusedCredential, pointer: "/requiredCredentials/1", severity: .medium)),
        Case("stdio MCP upstream gets no credential", Expected(
            definition: variant {
                $0.provider = ToolProvider(kind: .mcp, origin: .internal, mcp: .init(command: ["/usr/bin/tool"], tool: "t"))
            },
            code: .privilegeUnusedCredential, pointer: "/requiredCredentials/0", severity: .medium)),
        Case("built-in uses no credential", Expected(
            definition: variant { $0.provider = ToolProvider(kind: .builtin, origin: .internal, builtin: "time.now") },
            code: .privilegeUnusedCredential, pointer: "/requiredCredentials/0", severity: .medium)),
        Case("request refers to an undeclared secret", Expected(
            definition: variant { $0.provider.http?.headers?["Authorization"] = "Bearer {{ secret.OTHER_KEY }}" },
            code: .privilegeUndeclaredCredential, pointer: "/provider/http/headers/Authorization", severity: .medium)),
        Case("credential shared with another owner", Expected(
            definition: checkedDefinition(),
            context: CheckContext(hostAllowList: checkedContext.hostAllowList,
                                  otherTools: [other(name: "billing.charge", owner: "team-billing", credentials: ["X", "WEATHER_API_KEY"])]),
            code: .privilegeSharedCredential, pointer: "/requiredCredentials/0", severity: .medium)),
        Case("restricted data to a third party", Expected(
            definition: variant { $0.dataRequirements = .init(reads: [.public, .restricted], returns: [.public]); $0.requiredRole = "hr_agent" },
            code: .privilegeRestrictedToThirdParty, pointer: "/dataRequirements/reads/1", severity: .high)),
        Case("confidential data to a third party", Expected(
            definition: variant { $0.dataRequirements = .init(reads: [.confidential], returns: [.public]); $0.requiredRole = "hr_agent" },
            code: .privilegeConfidentialToThirdParty, pointer: "/dataRequirements/reads/0", severity: .medium)),
        Case("host not in the allow-list", Expected(
            definition: variant { $0.provider.http?.url = "https://evil.example.net/weather" },
            code: .privilegeHostNotAllowed, pointer: "/provider/http/url", severity: .high)),
        Case("wildcard does not allow the bare domain", Expected(
            definition: variant { $0.provider = ToolProvider(kind: .mcp, origin: .internal, mcp: .init(url: "https://corp.example/mcp", tool: "t")); $0.requiredCredentials = [] },
            code: .privilegeHostNotAllowed, pointer: "/provider/mcp/url", severity: .high)),
        Case("allow-list is per origin", Expected(
            definition: variant { $0.provider.origin = .internal },
            code: .privilegeHostNotAllowed, pointer: "/provider/http/url", severity: .high)),
        Case("no allow-list at all", Expected(
            definition: checkedDefinition(), context: CheckContext(),
            code: .privilegeHostNotAllowed, pointer: "/provider/http/url", severity: .high)),
        Case("host chosen by the arguments", Expected(
            definition: variant { $0.provider.http?.url = "https://{{region}}.api.example.com/weather" },
            code: .privilegeTemplatedHost, pointer: "/provider/http/url", severity: .high)),
        Case("URL without a host", Expected(
            definition: variant { $0.provider.http?.url = "https:///weather" },
            code: .privilegeUnreadableURL, pointer: "/provider/http/url", severity: .medium)),
    ]

    @Test(arguments: bad)
    func ruleFiresWithItsPointer(_ c: Case<Expected>) {
        let result = check.run(c.value.definition, context: c.value.context)
        let hit = result.findings.first { $0.code == c.value.code && $0.pointer == c.value.pointer }
        #expect(hit != nil, "\(result.summary)")
        #expect(hit?.severity == c.value.severity)
        #expect(result.status == .findings)
    }

    static let good: [Case<Expected>] = [
        Case("confidential data behind a narrow role", Expected(
            definition: variant {
                $0.dataRequirements = .init(reads: [.confidential], returns: [.confidential]); $0.requiredRole = "support_agent"
                $0.provider.origin = .internal; $0.provider.http?.url = "https://weather.corp.example/v1"
            },
            code: .privilegeRoleTooBroad, pointer: "", severity: .info)),
        Case("secret in a nested body value with spaces", Expected(
            definition: variant {
                $0.provider.http?.headers = nil
                $0.provider.http?.method = "POST"
                $0.provider.http?.body = ["auth": ["token": "{{ secret.WEATHER_API_KEY }}"], "city": "{{city}}"]
            },
            code: .privilegeUnusedCredential, pointer: "", severity: .info)),
        Case("secret in the URL", Expected(
            definition: variant { $0.provider.http?.headers = nil; $0.provider.http?.url = "https://api.example.com/w?key={{secret.WEATHER_API_KEY}}" },
            code: .privilegeUnusedCredential, pointer: "", severity: .info)),
        Case("MCP upstream with one credential", Expected(
            definition: variant { $0.provider = internalMCP; $0.requiredCredentials = ["MCP_TOKEN"] },
            code: .privilegeUnusedCredential, pointer: "", severity: .info)),
        Case("same credential, same owner", Expected(
            definition: checkedDefinition(),
            context: CheckContext(hostAllowList: checkedContext.hostAllowList,
                                  otherTools: [other(name: "weather.alerts", owner: "team-weather", credentials: ["WEATHER_API_KEY"])]),
            code: .privilegeSharedCredential, pointer: "", severity: .info)),
        Case("same credential, earlier version of this tool", Expected(
            definition: checkedDefinition(),
            context: CheckContext(hostAllowList: checkedContext.hostAllowList,
                                  otherTools: [other(name: "weather.lookup", owner: "someone-else", credentials: ["WEATHER_API_KEY"])]),
            code: .privilegeSharedCredential, pointer: "", severity: .info)),
        Case("host with user, port, upper case and trailing dot", Expected(
            definition: variant { $0.provider.http?.url = "https://user:pw@API.Example.com.:8443/weather?city={{city}}" },
            code: .privilegeHostNotAllowed, pointer: "", severity: .info)),
        Case("subdomain under a wildcard", Expected(
            definition: variant { $0.provider = internalMCP; $0.requiredCredentials = [] },
            code: .privilegeHostNotAllowed, pointer: "", severity: .info)),
        Case("stdio upstream has no host to check", Expected(
            definition: variant {
                $0.provider = ToolProvider(kind: .mcp, origin: .internal, mcp: .init(command: ["/usr/bin/tool"], tool: "t"))
                $0.requiredCredentials = []
            },
            context: CheckContext(),
            code: .privilegeHostNotAllowed, pointer: "", severity: .info)),
    ]

    @Test(arguments: good)
    func silentOnGoodDefinitions(_ c: Case<Expected>) {
        let result = check.run(c.value.definition, context: c.value.context)
        #expect(result.findings.isEmpty, "\(result.summary)")
        #expect(result.status == .passed)
    }

    @Test func silentOnTheCheckedDefinition() {
        let result = check.run(checkedDefinition(), context: checkedContext)
        #expect(result.status == .passed, "\(result.summary)")
    }

    @Test func sampleDefinitionsKeyIsUnused() {
        let result = check.run(sampleDefinition(), context: checkedContext)
        #expect(result.hits.map(\.code) == ["privilege.unused_credential"], "\(result.summary)")
        #expect(result.findings.first?.span == "WEATHER_API_KEY")
    }

    @Test func findingsNameTheHostAndTheSharers() {
        var d = checkedDefinition()
        d.provider.http?.url = "https://Evil.Example.net/x"
        let others = (0 ..< 8).map { Self.other(name: "t\($0)", owner: "o\($0)", credentials: ["WEATHER_API_KEY"]) }
        let result = check.run(d, context: CheckContext(hostAllowList: checkedContext.hostAllowList, otherTools: others))
        let host = result.findings.first { $0.code == .privilegeHostNotAllowed }
        #expect(host?.title.contains("evil.example.net") == true)
        #expect(host?.span == "evil.example.net")
        #expect(host?.detail?.contains("api.example.com") == true)
        let shared = result.findings.first { $0.code == .privilegeSharedCredential }
        #expect(shared?.detail?.contains("t0 (owner o0)") == true)
        #expect(shared?.detail?.contains("and 3 more") == true)
    }

    @Test func hostileBodyIsBounded() {
        var body: JSONValue = "{{secret.WEATHER_API_KEY}}"
        for _ in 0 ..< 2000 { body = ["n": body] }
        var wide: [String: JSONValue] = [:]
        for i in 0 ..< 50_000 { wide["k\(i)"] = .string("{{secret.K\(i)}}") }
        var d = checkedDefinition()
        d.provider.http?.headers = nil
        d.provider.http?.body = ["deep": body, "wide": .object(wide)]
        d.provider.http?.url = "https://evil.example.net/x"
        let result = check.run(d, context: checkedContext)
        // The key 2000 levels down is past the body depth limit, so it counts as unused; the wide map's
        // undeclared secrets are reported up to the findings limit, and the later, more severe host finding
        // still displaces one of them.
        #expect(result.has(.privilegeUnusedCredential, at: "/requiredCredentials/0"))
        #expect(result.has(.privilegeHostNotAllowed, at: "/provider/http/url"))
        #expect(result.findings.count == 200)
        #expect(result.findings.last?.code == .findingsTruncated)
    }
}
