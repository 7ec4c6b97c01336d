import A2APeerSupport
import AsyncHTTPClient
import Foundation
import JSONSchema
import TLSTestSupport
import Testing
import WardenCore
import WardenRuntime
@testable import WardenA2A

/// A target for the peer's `sum` skill, built from the card the peer serves.
func sumTarget(_ peer: A2APeerAgent, version: A2AProtocolVersion? = nil, authentication: A2AClientAuthentication = .none,
               tls: ClientTLSIdentity? = nil, rateLimit: ToolDefinition.RateLimit? = nil,
               timeout: Duration = .seconds(10)) async throws -> A2ATarget {
    let fetched = try await A2ACardFetcher().fetch(peer.base, tls: tls, timeout: .seconds(10))
    var target = try A2ATarget(name: peer.name, card: fetched.card, authentication: authentication, tls: tls,
                               rateLimit: rateLimit, timeout: timeout)
    if let version { target.protocolVersion = version }
    return target
}

/// The WardenError `body` throws; records an issue when it throws none or another error.
func wardenError(_ body: () async throws -> A2AOutboundResponse) async -> WardenError? {
    do {
        let response = try await body()
        Issue.record("expected an error, got \(response)")
        return nil
    } catch let e as WardenError {
        return e
    } catch {
        Issue.record("expected a WardenError, got \(error)")
        return nil
    }
}

let sumInput: JSONValue = ["a": 2, "b": 3]

/// A client that retries quickly, so the suites stay fast.
func quickClient(retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(20), maxDelay: .milliseconds(100)),
                 breaker: CircuitBreaker.Configuration = .init(failureThreshold: 5, coolDown: .seconds(30)),
                 returnImmediately: Bool = false) -> A2AClient {
    A2AClient(configuration: A2AClientConfiguration(retry: retry, breaker: breaker, pollInterval: .milliseconds(50),
                                                    returnImmediately: returnImmediately))
}

@Suite("A2AClient against a real a2a-sdk agent", .enabled(if: A2APython.available, "the Python peers are not installed"))
struct A2AClientPeerTests {
    @Test("SendMessage over 1.0: data part in, the artifact's data part out, headers and message as the protocol says")
    func sendsOverProtocol1_0() async throws {
        try await withPeer(name: "adder") { peer in
            let target = try await sumTarget(peer)
            #expect(target.protocolVersion == .v1_0)
            #expect(target.url == peer.endpoint)
            let trace = TraceContext.random()
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput, requestID: "r-1", trace: trace),
                                                        to: target)
            #expect(response.agent == "adder")
            #expect(response.output?["sum"]?.numberValue?.doubleValue == 5)
            #expect(response.output?["agent"] == "adder")
            #expect(response.text == "adder added")
            #expect(response.state == "TASK_STATE_COMPLETED")
            #expect(response.taskID?.isEmpty == false)
            #expect(response.attempts == 1)
            let stats = try await peer.stats()
            #expect(stats["lastHeaders"]?["a2a-version"] == "1.0")
            #expect(stats["lastHeaders"]?["traceparent"] == .string(trace.traceparent))
            let body = try #require(stats["lastBody"])
            #expect(body["method"] == "SendMessage")
            #expect(body["id"] == "r-1")
            let message = try #require(body["params"]?["message"])
            #expect(message["role"] == "ROLE_USER")
            #expect(message["metadata"]?["skillId"] == "sum")
            #expect(message["parts"]?[0]?["data"] == sumInput)
            #expect(body["params"]?["configuration"]?["acceptedOutputModes"] == ["application/json", "text/plain"])
        }
    }

    @Test("message/send over 0.3 through the SDK's compatibility layer")
    func sendsOverProtocol0_3() async throws {
        try await withPeer(name: "legacy") { peer in
            let target = try await sumTarget(peer, version: .v0_3)
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: ["a": 1.5, "b": 2]), to: target)
            #expect(response.output?["sum"]?.numberValue?.doubleValue == 3.5)
            #expect(response.state == "TASK_STATE_COMPLETED")
            let stats = try await peer.stats()
            #expect(stats["lastBody"]?["method"] == "message/send")
            #expect(stats["lastBody"]?["params"]?["message"]?["parts"]?[0]?["kind"] == "data")
            #expect(stats["lastHeaders"]?["a2a-version"] == "0.3")
        }
    }

    @Test("a task answered at once (returnImmediately) is polled with GetTask until it completes")
    func pollsAWorkingTask() async throws {
        try await withPeer(["--slow-ms", "400"]) { peer in
            let target = try await sumTarget(peer)
            let response = try await quickClient(returnImmediately: true).send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(response.state == "TASK_STATE_COMPLETED")
            #expect(response.output?["sum"]?.numberValue?.doubleValue == 5)
            #expect(response.attempts >= 2)
            #expect(try await peer.stats()["lastBody"]?["method"] == "GetTask")
        }
    }

    @Test("two HTTP 503 answers are retried: the third attempt succeeds, the peer saw three POSTs")
    func retriesTransientFailures() async throws {
        try await withPeer(["--fail-first", "2"]) { peer in
            let target = try await sumTarget(peer)
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(response.attempts == 3)
            #expect(response.output?["sum"]?.numberValue?.doubleValue == 5)
            #expect(try await peer.posts() == 3)
        }
    }

    @Test("HTTP 429 with Retry-After: 1 is waited out, then retried")
    func honoursRetryAfter() async throws {
        try await withPeer(["--rate-limit-first", "1"]) { peer in
            let target = try await sumTarget(peer)
            let started = ContinuousClock.now
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(ContinuousClock.now - started >= .milliseconds(950))
            #expect(response.attempts == 2)
        }
    }

    @Test("a Retry-After beyond the deadline gives up at once with rate_limited and retryAfterMs")
    func retryAfterBeyondTheDeadline() async throws {
        try await withPeer(["--rate-limit-first", "5", "--retry-after", "30"]) { peer in
            let target = try await sumTarget(peer, timeout: .seconds(5))
            let started = ContinuousClock.now
            let e = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .rateLimited)
            #expect(e?.details["retryAfterMs"] == "30000")
            #expect(e?.details["attempts"] == "1")
            #expect(e?.details["agent"] == "peer")
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }

    @Test("an agent slower than the target's timeout gives timeout")
    func deadlineGivesTimeout() async throws {
        try await withPeer(["--slow-ms", "3000"]) { peer in
            let target = try await sumTarget(peer, timeout: .milliseconds(500))
            let started = ContinuousClock.now
            let e = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .timeout)
            #expect(e?.details["timeoutMs"] == "500")
            #expect(e?.details["agent"] == "peer")
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    @Test("a peer that keeps failing opens the circuit; the next send is refused without reaching it")
    func circuitOpensAfterTheThreshold() async throws {
        try await withPeer(["--fail-first", "1000"]) { peer in
            let target = try await sumTarget(peer)
            let client = quickClient(retry: .never, breaker: .init(failureThreshold: 2, coolDown: .seconds(30)))
            for _ in 0..<2 {
                let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
                #expect(e?.code == .upstreamUnavailable)
                #expect(e?.details["httpStatus"] == "503")
            }
            #expect(client.breakers.breaker(for: "peer").state == .open)
            let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .circuitOpen)
            #expect(e?.details["agent"] == "peer")
            #expect(e?.details["attempts"] == nil)
            #expect(try await peer.posts() == 2)
        }
    }

    @Test("the client-side rate limit refuses without sending")
    func clientSideRateLimit() async throws {
        try await withPeer { peer in
            let target = try await sumTarget(peer, rateLimit: .init(requests: 1, perSeconds: 60))
            let client = quickClient()
            _ = try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .rateLimited)
            #expect(Int(e?.details["retryAfterMs"] ?? "") ?? 0 > 1000)
            #expect(try await peer.posts() == 1)
        }
    }

    @Test("input that breaks the skill's schema, and an unknown skill, are refused without sending")
    func invalidInputIsNotSent() async throws {
        try await withPeer { peer in
            let target = try await sumTarget(peer)
            let client = quickClient(breaker: .init(failureThreshold: 1))
            let bad = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: ["a": "two", "b": 3]), to: target) }
            #expect(bad?.code == .invalidInput)
            #expect(bad?.message.contains("/a") == true)
            let unknown = await wardenError { try await client.send(A2AOutboundRequest(skill: "divide", input: sumInput), to: target) }
            #expect(unknown?.code == .invalidInput)
            #expect(unknown?.message == "agent peer publishes no skill divide")
            #expect(try await peer.posts() == 0)
            // Refusing Warden's own bad input says nothing about the agent.
            #expect(client.breakers.breaker(for: "peer").state == .closed)
        }
    }

    @Test("output that breaks the skill's output schema is invalid_output")
    func invalidOutput() async throws {
        try await withPeer(["--bad-output"]) { peer in
            let target = try await sumTarget(peer)
            let e = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .invalidOutput)
            #expect(e?.message.contains("/sum") == true)
            #expect(e?.details["attempts"] == "1")
        }
    }

    @Test("a failed task is upstream_rejected with its state; an input-required one says the agent wants more input",
          arguments: [("--fail-task", "TASK_STATE_FAILED", "ended failed"),
                      ("--input-required", "TASK_STATE_INPUT_REQUIRED", "asks for more input")])
    func unsuccessfulTasks(flag: String, state: String, phrase: String) async throws {
        try await withPeer([flag]) { peer in
            let target = try await sumTarget(peer)
            let e = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .upstreamRejected)
            #expect(e?.details["taskState"] == .some(state))
            #expect(e?.details["taskId"]?.isEmpty == false)
            #expect(e?.message.contains(phrase) == true, "\(e?.message ?? "")")
        }
    }

    @Test("API key auth: the agent answers 401 without it and serves with it")
    func apiKeyAuthentication() async throws {
        try await withPeer(["--require-api-key", "key-7f3a9c"]) { peer in
            let open = try await sumTarget(peer)
            let refused = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: open) }
            #expect(refused?.code == .upstreamRejected)
            #expect(refused?.details["httpStatus"] == "401")
            let keyed = try await sumTarget(peer, authentication: .apiKey(header: "X-API-Key", value: Secret("key-7f3a9c")))
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: keyed)
            #expect(response.output?["sum"]?.numberValue?.doubleValue == 5)
        }
    }

    @Test("bearer auth: the agent answers 401 with a wrong token and serves with the right one")
    func bearerAuthentication() async throws {
        try await withPeer(["--require-bearer", "bearer-51de"]) { peer in
            let wrong = try await sumTarget(peer, authentication: .bearer(Secret("bearer-wrong")))
            let refused = await wardenError { try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: wrong) }
            #expect(refused?.details["httpStatus"] == "401")
            #expect(refused?.details["attempts"] == "1")
            let right = try await sumTarget(peer, authentication: .bearer(Secret("bearer-51de")))
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: right)
            #expect(response.attempts == 1)
        }
    }

    @Test("OAuth client credentials: one token for several sends, a new one after invalidate() and after a 401")
    func oauthClientCredentials() async throws {
        try await withPeer(["--token-endpoint", "--client-id", "warden", "--client-secret", "cs-90210"]) { peer in
            let source = OAuthClientCredentialsSource(tokenURL: peer.base + "/oauth/token", clientID: "warden",
                                                      clientSecret: Secret("cs-90210"), scope: "agents:call", audience: "peer",
                                                      httpClient: A2AClient.defaultHTTPClient, tls: nil)
            let target = try await sumTarget(peer, authentication: .oauth2(source))
            let client = quickClient()
            // Concurrent first callers share one fetch.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { _ = try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) } }
                try await group.waitForAll()
            }
            var stats = try await peer.stats()
            #expect(stats["tokens"] == 1)
            #expect(stats["lastTokenForm"]?["grant_type"] == "client_credentials")
            #expect(stats["lastTokenForm"]?["scope"] == "agents:call")
            #expect(stats["lastTokenForm"]?["audience"] == "peer")
            source.invalidate()
            _ = try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(try await peer.stats()["tokens"] == 2)
            // The agent forgets its tokens: the cached one gets 401, a fresh one is fetched and the send succeeds.
            try await peer.post("/oauth/revoke")
            let response = try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(response.attempts == 2)
            stats = try await peer.stats()
            #expect(stats["tokens"] == 3)
            #expect(stats["unauthorized"] == 1)
            #expect(source.fetchCount == 3)
        }
    }

    @Test("mutual TLS: served with the client certificate of Warden's CA, refused with one from another CA")
    func mutualTLS() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let files = A2APeerAgent.TLSFiles(certificate: pki.server.certificateChainFile, key: pki.server.privateKeyFile,
                                          clientCA: pki.authority.certificateFile, serverCA: pki.authority.certificateFile)
        try await withPeer(name: "secure", tls: files) { peer in
            let identity = try ClientTLSIdentity.files(certificateChain: pki.spiffeClient.certificateChainFile,
                                                       privateKey: pki.spiffeClient.privateKeyFile,
                                                       trustRoots: pki.authority.certificateFile)
            peer.testTLS.withLock { $0 = identity.tlsConfiguration }
            let target = try await sumTarget(peer, tls: identity)
            #expect(target.url.hasPrefix("https://"))
            let response = try await quickClient().send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target)
            #expect(response.output?["agent"] == "secure")

            let stranger = try ClientTLSIdentity.files(certificateChain: pki.unrelatedClient.certificateChainFile,
                                                       privateKey: pki.unrelatedClient.privateKeyFile,
                                                       trustRoots: pki.authority.certificateFile)
            var refusedTarget = target
            refusedTarget.tls = stranger
            let e = await wardenError {
                try await quickClient(retry: .never).send(A2AOutboundRequest(skill: "sum", input: sumInput), to: refusedTarget)
            }
            #expect(e?.code == .upstreamUnavailable)
        }
    }

    @Test("a JSON-RPC error answer is upstream_rejected with a2aCode; the peer's message is sanitized and redacted")
    func jsonRPCErrorAnswer() async throws {
        try await withPeer(["--echo-error"]) { peer in
            let target = try await sumTarget(peer, authentication: .apiKey(header: "X-API-Key", value: Secret("echoed-key-123")))
            let client = quickClient(breaker: .init(failureThreshold: 1))
            let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .upstreamRejected)
            #expect(e?.details["a2aCode"] == "-32602")
            #expect(e?.message.contains("echoed-key-123") == false)
            #expect(e?.message.contains(SecretRedactor.marker) == true)
            #expect(e?.message.contains("\n") == false)
            #expect(e?.message.contains("\u{1b}") == false)
            // Invalid params is a refusal of the request, not a sick agent.
            #expect(client.breakers.breaker(for: "peer").state == .closed)
        }
    }

    @Test("an answer that is not JSON-RPC is upstream_rejected (invalid agent response) and counts against the agent")
    func malformedAnswer() async throws {
        try await withPeer(["--malformed"]) { peer in
            let target = try await sumTarget(peer)
            let client = quickClient(breaker: .init(failureThreshold: 1))
            let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: sumInput), to: target) }
            #expect(e?.code == .upstreamRejected)
            #expect(e?.message.contains("invalid agent response") == true)
            #expect(e?.details["attempts"] == "1")
            #expect(client.breakers.breaker(for: "peer").state == .open)
        }
    }

    @Test("the card fetcher: the card and its JSON as served; too large and missing cards are upstream_rejected")
    func fetchesCards() async throws {
        try await withPeer(name: "carded") { peer in
            let fetched = try await A2ACardFetcher().fetch(peer.base + "/", tls: nil, timeout: .seconds(5))
            #expect(fetched.card.name == "carded")
            #expect(fetched.json["name"] == "carded")
            #expect(SkillSchemasExtension.schemas(in: fetched.card)["sum"]?.input?["required"] == ["a", "b"])
            let full = try await A2ACardFetcher().fetch(peer.base + A2ACardFetcher.wellKnownPath, tls: nil, timeout: .seconds(5))
            #expect(full.card == fetched.card)

            await #expect(throws: WardenError.self) { try await A2ACardFetcher(maxBytes: 100).fetch(peer.base, tls: nil, timeout: .seconds(5)) }
            do {
                _ = try await A2ACardFetcher().fetch(peer.base + "/nothing-here.json", tls: nil, timeout: .seconds(5))
                Issue.record("a missing card was accepted")
            } catch let e as WardenError {
                #expect(e.code == .upstreamRejected)
                #expect(e.details["httpStatus"] == "404")
            }
        }
    }

    @Test("a string input goes as a text part; the agent rejecting the task is upstream_rejected with TASK_STATE_REJECTED")
    func textInputAndRejectedTask() async throws {
        try await withPeer { peer in
            // A target that publishes no schema for the skill: the input is sent unvalidated.
            let target = A2ATarget(name: "peer", url: peer.endpoint, timeout: .seconds(10), skills: ["sum": .init()])
            let client = quickClient(breaker: .init(failureThreshold: 1))
            let e = await wardenError { try await client.send(A2AOutboundRequest(skill: "sum", input: "two plus three"), to: target) }
            #expect(e?.code == .upstreamRejected)
            #expect(e?.details["taskState"] == "TASK_STATE_REJECTED")
            let part = try await peer.stats()["lastBody"]?["params"]?["message"]?["parts"]?[0]
            #expect(part?["text"] == "two plus three")
            #expect(part?["mediaType"] == "text/plain")
            // The agent answered; a rejection is its decision, not a fault.
            #expect(client.breakers.breaker(for: "peer").state == .closed)
        }
    }
}
