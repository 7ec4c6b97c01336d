import A2APeerSupport
import AsyncHTTPClient
import Foundation
import JSONSchema
import Testing
import WardenCore
import WardenRuntime
@testable import WardenA2A

@Suite("Retry-After")
struct RetryAfterTests {
    static let now = Date(timeIntervalSince1970: 784_111_777) // Sun, 06 Nov 1994 08:49:37 GMT

    @Test("seconds and HTTP-dates; malformed values are nil", arguments: [
        ("1", Duration?.some(.seconds(1))),
        (" 120 ", .seconds(120)),
        ("0", .zero),
        ("99999999999999999999", .seconds(86_400)),
        ("Sun, 06 Nov 1994 08:49:47 GMT", .seconds(10)),
        ("Sunday, 06-Nov-94 08:50:37 GMT", .seconds(60)),
        ("Sun Nov  6 08:49:39 1994", .seconds(2)),
        ("Sun, 06 Nov 1994 08:00:00 GMT", .zero),
        ("-1", nil),
        ("1.5", nil),
        ("soon", nil),
        ("", nil),
    ])
    func parses(header: String, expected: Duration?) {
        #expect(RetryAfter.delay(header, now: Self.now) == expected)
    }

    @Test("no header, no delay")
    func absent() { #expect(RetryAfter.delay(nil) == nil) }
}

@Suite("A2AClientFailure: the error table")
struct A2AClientFailureTests {
    @Test("code, retry and breaker of each failure", arguments: [
        (A2AClientFailure.rateLimited(retryAfter: .seconds(1)), WardenError.Code.rateLimited, false, false),
        (.circuitOpen(retryAfter: .seconds(1)), .circuitOpen, false, false),
        (.unknownSkill("x"), .invalidInput, false, false),
        (.invalidInput(skill: "x", problems: "/a: wrong"), .invalidInput, false, false),
        (.unreachable("connection refused"), .upstreamUnavailable, true, true),
        (.tlsFailure, .upstreamUnavailable, false, true),
        (.httpStatus(502), .upstreamUnavailable, true, true),
        (.httpStatus(503), .upstreamUnavailable, true, true),
        (.httpStatus(504), .upstreamUnavailable, true, true),
        (.httpStatus(500), .upstreamRejected, false, true),
        (.httpStatus(400), .upstreamRejected, false, false),
        (.httpStatus(401), .upstreamRejected, false, false),
        (.httpStatus(403), .upstreamRejected, false, false),
        (.httpStatus(404), .upstreamRejected, false, false),
        (.agentRateLimited(retryAfter: .seconds(2)), .rateLimited, true, false),
        (.jsonRPCError(code: -32603, message: "boom"), .upstreamRejected, false, true),
        (.jsonRPCError(code: -32602, message: "bad"), .upstreamRejected, false, false),
        (.jsonRPCError(code: -32009, message: "version"), .upstreamRejected, false, false),
        (.invalidResponse("not JSON"), .upstreamRejected, false, true),
        (.deadline(timeout: .seconds(1), last: nil), .timeout, false, true),
        (.taskEnded(.failed, taskID: "t"), .upstreamRejected, false, true),
        (.taskEnded(.rejected, taskID: "t"), .upstreamRejected, false, false),
        (.taskEnded(.canceled, taskID: "t"), .upstreamRejected, false, false),
        (.taskInterrupted(.inputRequired, taskID: "t"), .upstreamRejected, false, false),
        (.taskInterrupted(.authRequired, taskID: "t"), .upstreamRejected, false, false),
        (.invalidOutput(skill: "x", problems: "/sum: wrong"), .invalidOutput, false, true),
        (.invalidSchema(skill: "x", which: "input"), .upstreamRejected, false, false),
        (.credentials(WardenError(.upstreamUnavailable, "token endpoint down")), .upstreamUnavailable, false, false),
    ])
    func mapping(failure: A2AClientFailure, code: WardenError.Code, transient: Bool, counts: Bool) {
        #expect(failure.code == code)
        #expect(failure.isTransient == transient)
        #expect(failure.countsAgainstAgent == counts)
        let e = failure.wardenError(agent: "billing", attempts: 2)
        #expect(e.code == code)
        #expect(e.details["agent"] == "billing")
        #expect(e.details["attempts"] == "2")
        #expect(e.message.contains("billing"))
    }

    @Test("details carry what a caller acts on")
    func details() {
        #expect(A2AClientFailure.rateLimited(retryAfter: .milliseconds(1500)).wardenError(agent: "a", attempts: 0).details
            == ["agent": "a", "retryAfterMs": "1500"])
        #expect(A2AClientFailure.jsonRPCError(code: -32001, message: "gone").wardenError(agent: "a", attempts: 1).details["a2aCode"] == "-32001")
        #expect(A2AClientFailure.taskEnded(.failed, taskID: "t1").wardenError(agent: "a", attempts: 1).details["taskState"] == "TASK_STATE_FAILED")
        #expect(A2AClientFailure.httpStatus(404).wardenError(agent: "a", attempts: 1).details["httpStatus"] == "404")
        #expect(A2AClientFailure.deadline(timeout: .milliseconds(250), last: nil).wardenError(agent: "a", attempts: 1).details["timeoutMs"] == "250")
    }

    @Test("a peer's text is quoted without control characters and truncated")
    func quoting() {
        #expect(A2AClientFailure.quote("a\nb\u{1b}[31mc", limit: 100) == "a b [31mc")
        #expect(A2AClientFailure.quote(String(repeating: "x", count: 300), limit: 10) == "xxxxxxxxxx…")
    }
}

@Suite("A2ATarget from a card")
struct A2ATargetTests {
    static func card(_ interfaces: [AgentInterface]) -> AgentCard {
        let card = AgentCard(name: "c", description: "d", supportedInterfaces: interfaces, version: "1",
                             skills: [AgentSkill(id: "plain", name: "Plain", description: "no schemas", tags: []),
                                      AgentSkill(id: "lookup", name: "Lookup", description: "with schemas", tags: [])])
        return SkillSchemasExtension.setting(["lookup": .init(input: ["type": "object"], output: ["type": "object"])], in: card)
    }

    static let rest = AgentInterface(url: "https://a.example/rest", protocolBinding: AgentInterface.httpJSON, protocolVersion: "1.0")
    static let legacy = AgentInterface(url: "https://a.example/v03", protocolVersion: "0.3")
    static let current = AgentInterface(url: "https://a.example/v1", protocolVersion: "1.0")

    @Test("1.0 is preferred to 0.3 whatever the order; 0.3 when it is the only JSON-RPC interface", arguments: [
        ([rest, legacy, current], "https://a.example/v1", A2AProtocolVersion.v1_0),
        ([legacy], "https://a.example/v03", .v0_3),
        ([rest, legacy], "https://a.example/v03", .v0_3),
    ])
    func picksTheInterface(interfaces: [AgentInterface], url: String, version: A2AProtocolVersion) throws {
        let t = try A2ATarget(name: "a", card: Self.card(interfaces), authentication: .none, tls: nil, rateLimit: nil, timeout: .seconds(1))
        #expect(t.url == url)
        #expect(t.protocolVersion == version)
        #expect(t.skills["lookup"]?.input == ["type": "object"])
        #expect(t.skills["plain"] == SkillSchemasExtension.Schemas())
    }

    @Test("a card without a JSON-RPC interface is invalid_input")
    func noJSONRPC() {
        #expect(throws: WardenError.self) {
            try A2ATarget(name: "a", card: Self.card([Self.rest]), authentication: .none, tls: nil, rateLimit: nil, timeout: .seconds(1))
        }
        do {
            _ = try A2ATarget(name: "a", card: Self.card([Self.rest]), authentication: .none, tls: nil, rateLimit: nil, timeout: .seconds(1))
        } catch let e as WardenError {
            #expect(e.code == .invalidInput)
            #expect(e.details["agent"] == "a")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test("card URLs: a base gets the well-known path, a .json URL is kept", arguments: [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/.well-known/agent-card.json"),
        ("https://a.example/agents/x/", "https://a.example/agents/x/.well-known/agent-card.json"),
        ("https://a.example/cards/x.json", "https://a.example/cards/x.json"),
    ])
    func cardURL(url: String, expected: String) throws {
        #expect(try A2ACardFetcher.cardURL(url) == expected)
    }

    @Test("a card URL must be absolute http(s)", arguments: ["ftp://a.example", "a.example/card", "file:///etc/passwd"])
    func badCardURL(url: String) {
        #expect(throws: WardenError.self) { try A2ACardFetcher.cardURL(url) }
    }

    @Test("a JSON object that is no card is refused", arguments: [
        JSONValue.object(["posts": 3]),
        ["name": "n", "description": "d", "version": "1"],
    ])
    func notACard(json: JSONValue) {
        #expect(throws: ProtoJSONError.self) { try A2ACardFetcher.card(from: json) }
    }

    @Test("a 0.3 card's url and preferredTransport become its interfaces")
    func legacyCard() throws {
        let json: JSONValue = ["name": "old", "description": "d", "version": "1", "url": "https://old.example/a2a",
                               "protocolVersion": "0.3", "preferredTransport": "JSONRPC", "capabilities": [:],
                               "defaultInputModes": ["text/plain"], "defaultOutputModes": ["text/plain"],
                               "skills": [["id": "s", "name": "S", "description": "d", "tags": []]]]
        let card = try A2ACardFetcher.card(from: json)
        let t = try A2ATarget(name: "old", card: card, authentication: .none, tls: nil, rateLimit: nil, timeout: .seconds(1))
        #expect(t.protocolVersion == .v0_3)
        #expect(t.url == "https://old.example/a2a")
        #expect(t.skills.keys.sorted() == ["s"])
    }
}

@Suite("A2AClient without a peer")
struct A2AClientOfflineTests {
    @Test("form encoding of client credentials", arguments: [
        ("warden", "warden"), ("a b", "a%20b"), ("p@ss:w/rd", "p%40ss%3Aw%2Frd"), ("ü", "%C3%BC"), ("a-._~z", "a-._~z"),
    ])
    func formEncoding(raw: String, encoded: String) {
        #expect(OAuthClientCredentialsSource.formEncode(raw) == encoded)
    }

    @Test("an agent that is not listening is upstream_unavailable after the retries, and counts against it")
    func unreachableAgent() async throws {
        let port = try A2APeerAgent.freePort()
        let target = A2ATarget(name: "gone", url: "http://127.0.0.1:\(port)/a2a", timeout: .seconds(5),
                               skills: ["sum": .init()])
        let client = quickClient(breaker: .init(failureThreshold: 1))
        let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
        #expect(e?.code == .upstreamUnavailable)
        #expect(e?.details["attempts"] == "3")
        #expect(e?.message.contains("refused") == true, "\(e?.message ?? "")")
        #expect(client.breakers.breaker(for: "gone").state == .open)
    }

    @Test("a schema on the card that does not compile is upstream_rejected, nothing sent")
    func uncompilableSchema() async {
        let target = A2ATarget(name: "odd", url: "http://127.0.0.1:9/a2a", skills: ["s": .init(input: ["type": 12])])
        let e = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "s", input: [:]), to: target) }
        #expect(e?.code == .upstreamRejected)
        #expect(e?.details["attempts"] == nil)
    }

    /// Every failure a credential could leak through: the secret values never appear in the message or the details.
    @Test("no secret value in any error", arguments: NoSecretCase.allCases)
    func noSecretInErrors(scenario: NoSecretCase) async throws {
        let apiKey = "ak-SECRET-4411", bearer = "bt-SECRET-5522", clientSecret = "cs-SECRET-6633"
        try await withPeer(scenario.flags(apiKey: apiKey, bearer: bearer, clientSecret: clientSecret)) { peer in
            let auth: A2AClientAuthentication = switch scenario {
            case .wrongAPIKey: .apiKey(header: "X-API-Key", value: Secret(apiKey + "-wrong"))
            case .echoedAPIKey, .invalidInput, .badOutput: .apiKey(header: "X-API-Key", value: Secret(apiKey))
            case .echoedBearer, .wrongBearer: .bearer(Secret(bearer))
            case .wrongClientSecret, .echoedOAuthToken:
                .oauth2(OAuthClientCredentialsSource(tokenURL: peer.base + "/oauth/token", clientID: "warden",
                                                     clientSecret: Secret(scenario == .wrongClientSecret ? clientSecret + "-wrong" : clientSecret),
                                                     scope: nil, audience: nil, httpClient: A2AClient.defaultHTTPClient, tls: nil))
            }
            let target = try await sumTarget(peer, authentication: auth)
            let input: JSONValue = scenario == .invalidInput ? ["a": .string(apiKey), "b": 1] : sumInput
            let e = await wardenError { try await quickClient(retry: .never).send(A2AOutboundRequest(skill: "sum", input: input), to: target) }
            let error = try #require(e)
            let everything = ([error.message] + Array(error.details.keys) + Array(error.details.values)).joined(separator: " ")
            for secret in [apiKey, bearer, clientSecret, "tok-"] {
                #expect(!everything.contains(secret), "\(scenario): \(everything)")
            }
            #expect(error.code == scenario.code, "\(scenario): \(error)")
        }
    }

    enum NoSecretCase: String, CaseIterable, Sendable {
        case wrongAPIKey, echoedAPIKey, echoedBearer, wrongBearer, wrongClientSecret, echoedOAuthToken, invalidInput, badOutput

        func flags(apiKey: String, bearer: String, clientSecret: String) -> [String] {
            switch self {
            case .wrongAPIKey: ["--require-api-key", apiKey]
            case .echoedAPIKey, .echoedBearer: ["--echo-error"]
            case .wrongBearer: ["--require-bearer", bearer + "-other"]
            case .wrongClientSecret: ["--token-endpoint", "--client-secret", clientSecret]
            case .echoedOAuthToken: ["--token-endpoint", "--client-secret", clientSecret, "--echo-error"]
            case .invalidInput: ["--require-api-key", apiKey]
            case .badOutput: ["--require-api-key", apiKey, "--bad-output"]
            }
        }

        var code: WardenError.Code {
            switch self {
            case .invalidInput: .invalidInput
            case .badOutput: .invalidOutput
            default: .upstreamRejected
            }
        }
    }
}
