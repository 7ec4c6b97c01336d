import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import WardenA2A
import WardenCore
import WardenRuntime
@testable import WardenServer

/// The official Python client (a2a-sdk 1.3) against Warden's A2A server: card, SendMessage with a data part and
/// with text, streaming, GetTask, ListTasks, CancelTask, the 0.3 method names, and the refusals.
let a2aClientScript = #"""
import asyncio, json, sys
import httpx
from google.protobuf import json_format, struct_pb2
from a2a.client import A2ACardResolver
from a2a.client.transports.jsonrpc import JsonRpcTransport
from a2a.compat.v0_3.jsonrpc_transport import CompatJsonRpcTransport
from a2a.types import a2a_pb2 as pb
from a2a.utils.constants import PROTOCOL_VERSION_CURRENT, VERSION_HEADER

base, token, other = sys.argv[1], sys.argv[2], sys.argv[3]
out = {}

def message(mid, parts, skill=None):
    m = pb.Message(message_id=mid, role=pb.ROLE_USER, parts=parts)
    if skill:
        m.metadata.update({"skillId": skill})
    return m

def data(obj):
    v = struct_pb2.Value()
    v.struct_value.update(obj)
    return pb.Part(data=v)

async def attempt(coro):
    try:
        await coro
        return "no error"
    except Exception as e:
        return type(e).__name__ + ": " + str(e)

async def main():
    headers = {"Authorization": "Bearer " + token, VERSION_HEADER: PROTOCOL_VERSION_CURRENT}
    async with httpx.AsyncClient(headers=headers, timeout=30) as hc:
        card = await A2ACardResolver(hc, base).get_agent_card()
        out["skills"] = [s.id for s in card.skills]
        out["schemes"] = sorted(card.security_schemes.keys())
        url = card.supported_interfaces[0].url
        out["url"] = url
        t = JsonRpcTransport(hc, card, url)
        r = await t.send_message(pb.SendMessageRequest(message=message("m1", [data({"expression": "6*7"})], "calc")))
        out["state"] = pb.TaskState.Name(r.task.status.state)
        out["artifact"] = json_format.MessageToDict(r.task.artifacts[0].parts[0])
        task_id = r.task.id
        r2 = await t.send_message(pb.SendMessageRequest(message=message("m2", [pb.Part(text="2^10")], "calc")))
        out["text_value"] = json_format.MessageToDict(r2.task.artifacts[0].parts[0])["data"]["value"]
        events = [e async for e in t.send_message_streaming(pb.SendMessageRequest(message=message("m3", [data({"expression": "1+1"})], "calc")))]
        out["stream"] = [e.WhichOneof("payload") for e in events]
        got = await t.get_task(pb.GetTaskRequest(id=task_id))
        out["got_state"] = pb.TaskState.Name(got.status.state)
        listed = await t.list_tasks(pb.ListTasksRequest(page_size=10))
        out["listed"] = len(listed.tasks)
        out["cancel"] = await attempt(t.cancel_task(pb.CancelTaskRequest(id=task_id)))
        out["bad_input"] = await attempt(t.send_message(pb.SendMessageRequest(message=message("m4", [data({"expr": "1"})], "calc"))))
        out["no_skill"] = await attempt(t.send_message(pb.SendMessageRequest(message=message("m5", [data({})], "nope"))))
        v03 = CompatJsonRpcTransport(hc, card, url)
        old = await v03.send_message(pb.SendMessageRequest(message=message("m6", [data({"expression": "3*3"})], "calc")))
        out["v03_state"] = pb.TaskState.Name(old.task.status.state)
    # Someone else cannot see the task.
    async with httpx.AsyncClient(headers={"Authorization": "Bearer " + other, VERSION_HEADER: PROTOCOL_VERSION_CURRENT}) as hc2:
        t2 = JsonRpcTransport(hc2, card, url)
        out["foreign_get"] = await attempt(t2.get_task(pb.GetTaskRequest(id=task_id)))
        out["foreign_list"] = len((await t2.list_tasks(pb.ListTasksRequest())).tasks)
    async with httpx.AsyncClient(headers={VERSION_HEADER: PROTOCOL_VERSION_CURRENT}) as hc3:
        t3 = JsonRpcTransport(hc3, card, url)
        out["anonymous"] = await attempt(t3.get_task(pb.GetTaskRequest(id=task_id)))
    print(json.dumps(out))

asyncio.run(main())
"""#

@Suite("A2A server", .serialized)
struct A2AServerTests {
    static func configuration() -> WardenConfiguration {
        var c = WardenConfiguration()
        c.a2aSkills = [A2ASkillBindingFixture.calc]
        return c
    }

    @Test func cardListsServingSkillsWithTheirSchemasAndNeedsNoKey() async throws {
        let h = try await ServerHarness(configuration: Self.configuration())
        try await h.app().test(.router) { client in
            let r = try await client.send(.get, "/.well-known/agent-card.json", as: nil)
            #expect(r.status == .ok)
            let card = r.json
            #expect(card["skills"]?.arrayValue?.first?["id"] == "calc")
            #expect(card["supportedInterfaces"]?.arrayValue?.first?["url"]?.stringValue?.hasSuffix("/a2a") == true)
            #expect(card["securitySchemes"]?["bearer"] != nil && card["securitySchemes"]?["oauth2"] != nil)
            let ext = card["capabilities"]?["extensions"]?.arrayValue?.first
            #expect(ext?["uri"] == "urn:warden:a2a:extension:skill-schemas:v1")
            #expect(ext?["params"]?["skills"]?["calc"]?["inputSchema"]?["required"] == ["expression"])
        }
    }

    @Test(arguments: [
        // body, headers, JSON-RPC error code
        (#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}"#, ["A2A-Version": "1.0"], -32001),
        (#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}"#, [:], -32009),
        (#"{"jsonrpc":"2.0","id":1,"method":"Nope","params":{}}"#, ["A2A-Version": "1.0"], -32601),
        (#"{"jsonrpc":"2.0","id":1,"method":"#, ["A2A-Version": "1.0"], -32700),
        (#"[{"jsonrpc":"2.0","id":1,"method":"GetTask"}]"#, ["A2A-Version": "1.0"], -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":{"expression":""}}],"metadata":{"skillId":"calc"}}}}"#, ["A2A-Version": "1.0"], -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"hi"}],"metadata":{"skillId":"zzz"}}}}"#, ["A2A-Version": "1.0"], -32602),
        (#"{"jsonrpc":"2.0","id":1,"method":"tasks/pushNotificationConfig/set","params":{}}"#, ["A2A-Version": "0.3"], -32003),
    ] as [(String, [String: String], Int)])
    func malformedAndRefusedRequests(body: String, headers: [String: String], code: Int) async throws {
        let h = try await ServerHarness(configuration: Self.configuration())
        try await h.app().test(.router) { client in
            var extra = HTTPFields()
            for (k, v) in headers { extra[HTTPField.Name(k)!] = v }
            let r = try await client.send(.post, "/a2a", as: h.keys["bot"], json: body, headers: extra)
            #expect(r.status == .ok, "A2A answers JSON-RPC errors with HTTP 200")
            #expect(r.json["error"]?["code"]?.numberValue?.intValue == code, "\(r.json)")
        }
    }

    @Test func unauthenticatedAndOversizedRequestsAreRefusedBeforeAnyWork() async throws {
        let h = try await ServerHarness(configuration: Self.configuration())
        let before = try await h.auditCount()
        try await h.app().test(.router) { client in
            let send = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":{"expression":"1+1"}}]}}}"#
            for key in [nil, "not-a-key"] as [String?] {
                let r = try await client.send(.post, "/a2a", as: key, json: send)
                #expect(r.status == .unauthorized && r.json["error"]?["code"] != nil)
            }
            let big = String(repeating: "x", count: 2_000_000)
            let r = try await client.send(.post, "/a2a", as: h.keys["bot"], json: #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"\#(big)"}}"#)
            #expect(r.status == .contentTooLarge)
        }
        let calls = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 10)) }
        #expect(calls.isEmpty, "nothing was called")
        #expect(try await h.auditCount() >= before)
    }

    @Test(.enabled(if: PeerPython.path != nil, "the Python peers are not installed: run .ci/run, or python3 -m venv .venv-peers && .venv-peers/bin/pip install \"a2a-sdk[http-server]\""))
    func thePythonA2AClientTalksToWarden() async throws {
        let python = try #require(PeerPython.path)
        let h = try await ServerHarness(configuration: Self.configuration())
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("a2a-client-\(UUID().uuidString).py")
        try Data(a2aClientScript.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        try await h.app().test(.live) { client in
            let port = client.port ?? 0
            let (status, out, err) = try await PeerPython.runOffPool(python, [script.path, "http://127.0.0.1:\(port)", h.keys["bot"]!, h.keys["req"]!])
            #expect(status == 0, "\(err)")
            let result = try JSONValue(parsing: Array(out.utf8))
            #expect(result["skills"] == ["calc"])
            #expect(result["schemes"] == ["bearer", "oauth2"])
            #expect(result["state"] == "TASK_STATE_COMPLETED")
            #expect(result["artifact"]?["data"]?["value"] == 42)
            #expect(result["text_value"] == 1024)
            #expect(result["stream"] == ["task", "artifact_update", "status_update"])
            #expect(result["got_state"] == "TASK_STATE_COMPLETED")
            #expect(result["listed"] == 3, "m1, m2 and the streamed m3")
            #expect(result["cancel"]?.stringValue?.contains("not cancelable") == true || result["cancel"]?.stringValue?.contains("NotCancelable") == true, "\(result["cancel"] ?? .null)")
            #expect(result["bad_input"]?.stringValue?.contains("expression") == true, "\(result["bad_input"] ?? .null)")
            #expect(result["no_skill"]?.stringValue?.contains("no skill 'nope'") == true, "\(result["no_skill"] ?? .null)")
            #expect(result["v03_state"] == "TASK_STATE_COMPLETED")
            #expect(result["foreign_get"]?.stringValue?.contains("no error") == false, "another caller does not see the task")
            #expect(result["foreign_list"] == 0)
            #expect(result["anonymous"]?.stringValue?.contains("no error") == false)
        }
        let calls = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 100)) }
        #expect(calls.filter { $0.detail?["transport"] == "a2a" && $0.actor == "bot" }.count == 5, "every A2A call is a governed, audited call")
    }
}

enum A2ASkillBindingFixture {
    static let calc = A2ASkillBinding(id: "calc", name: "Calculator", description: "Exact arithmetic.", tags: ["math"], tool: "math.evaluate")
}

/// The Python A2A client over mutual TLS: its identity is its certificate's SPIFFE ID, mapped to `bot`.
let a2aMTLSScript = #"""
import asyncio, json, ssl, sys
import httpx
from google.protobuf import struct_pb2
from a2a.client import A2ACardResolver
from a2a.client.transports.jsonrpc import JsonRpcTransport
from a2a.types import a2a_pb2 as pb
from a2a.utils.constants import PROTOCOL_VERSION_CURRENT, VERSION_HEADER

base, ca, cert, key = sys.argv[1:5]
out = {}

async def main():
    ctx = ssl.create_default_context(cafile=ca)
    ctx.load_cert_chain(cert, key)
    async with httpx.AsyncClient(verify=ctx, headers={VERSION_HEADER: PROTOCOL_VERSION_CURRENT}, timeout=60) as hc:
        card = await A2ACardResolver(hc, base).get_agent_card()
        out["schemes"] = sorted(card.security_schemes.keys())
        v = struct_pb2.Value(); v.struct_value.update({"expression": "7*6"})
        m = pb.Message(message_id="t1", role=pb.ROLE_USER, parts=[pb.Part(data=v)])
        r = await JsonRpcTransport(hc, card, card.supported_interfaces[0].url).send_message(pb.SendMessageRequest(message=m))
        out["state"] = pb.TaskState.Name(r.task.status.state)
    try:
        async with httpx.AsyncClient(verify=ssl.create_default_context(cafile=ca), timeout=60) as hc:
            await hc.get(base + "/.well-known/agent-card.json")
        out["without"] = "answered"
    except (httpx.HTTPError, ssl.SSLError) as e:
        out["without"] = "refused"
    print(json.dumps(out))

asyncio.run(main())
"""#

@Suite("A2A over mutual TLS with the Python client", .serialized)
struct A2AMutualTLSTests {
    @Test(.enabled(if: PeerPython.path != nil, "the Python peers are not installed: run .ci/run"))
    func pythonClientAuthenticatesWithItsCertificate() async throws {
        let python = try #require(PeerPython.path)
        let pki = try SharedPKI.made.get()
        let h = try await TLSServerHarness(pki: pki, a2aSkills: [A2ASkillBindingFixture.calc])
        let script = pki.directory.appendingPathComponent("a2a_mtls.py")
        try Data(a2aMTLSScript.utf8).write(to: script)
        let run = try await h.live { base in
            try await PeerPython.runOffPool(python, [script.path, base, pki.authority.certificateFile,
                                                     pki.spiffeClient.certificateChainFile, pki.spiffeClient.privateKeyFile])
        }
        #expect(run.status == 0, "\(run.err)")
        let result = try JSONValue(parsing: Array(run.out.utf8))
        #expect(result["schemes"] == ["bearer", "mtls", "oauth2"])
        #expect(result["state"] == "TASK_STATE_COMPLETED")
        #expect(result["without"] == "refused", "no certificate, no handshake")
        let calls = try await h.server.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 10)) }
        #expect(calls.map(\.actor) == ["bot"] && calls.first?.detail?["transport"] == "a2a")
    }
}

@Suite("A2A data minimization on the way out", .serialized)
struct A2AMinimizationTests {
    /// Onboards `math.evaluate`'s built-in as `calc.marked`, whose output `value` is marked `level`.
    static func onboardMarkedCalculator(_ h: ServerHarness, level: String, rateLimit: ToolDefinition.RateLimit? = nil) async throws {
        var d = BuiltinTools.definitions.first { $0.name == "math.evaluate" }!
        d.name = "calc.marked"
        if let rateLimit { d.rateLimit = rateLimit }
        d.outputSchema = ["type": "object", "additionalProperties": false, "required": ["value"],
                          "properties": ["value": ["type": "number", "x-sensitivity": .string(level)]]]
        d.dataRequirements = .init(reads: [.public], returns: [SensitivityLevel(rawValue: level)!])
        func ctx(_ id: String) async throws -> CallContext {
            CallContext(principal: try #require(try await h.store.read { try $0.principal(id: id) }), requestID: "setup-\(id)")
        }
        let s = h.service
        _ = try await s.propose(try await ctx("req"), d)
        for (who, kind) in [("sec", ReviewKind.security), ("fun", .functional), ("com", .compliance), ("sec", .risk)] {
            var sub = ReviewSubmission(kind: kind, verdict: .pass, summary: "ok")
            switch kind {
            case .security: sub.security = .init(sourceAnalysis: "ok", permissions: "ok", inputOutputValidation: "ok", dependencies: "ok")
            case .functional: sub.functional = .init(performance: "ok", reliability: "ok", accuracy: "ok", businessFit: "ok")
            case .compliance: sub.compliance = .init(dataHandling: "ok", regulations: [], biasAndMisuse: "ok", transparency: "ok")
            case .risk: sub.risks = [.init(category: .security, description: "none", severity: .low, mitigation: "none")]
            }
            _ = try await s.fileReview(try await ctx(who), name: d.name, version: d.version, sub)
        }
        for b in ["b1", "b2"] { _ = try await s.vote(try await ctx(b), name: d.name, version: d.version, .init(approve: true)) }
        _ = try await s.decide(try await ctx("b1"), name: d.name, version: d.version, .init(outcome: .approved, reasons: "ok"))
        _ = try await s.transition(try await ctx("admin"), name: d.name, .init(action: .activate))
    }

    /// A second agent, `bot2`, and its key.
    static func secondAgent(_ h: ServerHarness) async throws -> String {
        let admin = CallContext(principal: try #require(try await h.store.read { try $0.principal(id: "admin") }), requestID: "setup")
        _ = try await h.service.createPrincipal(admin, .init(id: "bot2", displayName: "bot2", kind: .agent, roles: [.agent]))
        return try await h.service.createKey(admin, principalID: "bot2", .init()).token
    }

    static let send = #"{"jsonrpc":"2.0","id":7,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":{"expression":"6*7"}}]}}}"#

    @Test func aFieldAboveTheCallersClearanceIsMaskedAndTheMaskingAudited() async throws {
        var c = WardenConfiguration()
        c.a2aSkills = [A2ASkillBinding(id: "calc", name: "Calculator", description: "", tool: "calc.marked")]
        c.a2aClearances = ["bot2": DataClearance(maxLevel: .confidential)]
        let h = try await ServerHarness(configuration: c)
        let bot2 = try await Self.secondAgent(h)
        try await Self.onboardMarkedCalculator(h, level: "confidential")
        try await h.app().test(.router) { client in
            let headers: HTTPFields = [HTTPField.Name("A2A-Version")!: "1.0"]
            let internalOnly = try await client.send(.post, "/a2a", as: h.keys["bot"], json: Self.send, headers: headers).json
            let parts = internalOnly["result"]?["task"]?["artifacts"]?.arrayValue?.first?["parts"]?.arrayValue ?? []
            #expect(parts.first?["data"] == ["value": "[redacted:confidential]"], "\(internalOnly)")
            #expect(parts.dropFirst().first?["text"]?.stringValue?.contains("42") == false)
            let cleared = try await client.send(.post, "/a2a", as: bot2, json: Self.send, headers: headers).json
            #expect(cleared["result"]?["task"]?["artifacts"]?.arrayValue?.first?["parts"]?.arrayValue?.first?["data"] == ["value": 42])
        }
        let events = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "a2a.minimized", limit: 10)) }
        #expect(events.count == 1 && events.first?.actor == "bot")
        #expect(events.first?.detail?["masked"] == "1" && events.first?.detail?["highestLevelPresent"] == "confidential")
        #expect(events.first?.detail?.values.contains("42") == false, "digests and counts, never the value")
    }

    @Test func aCallerOverItsRateLimitGetsARetryHint() async throws {
        var c = WardenConfiguration()
        c.a2aSkills = [A2ASkillBinding(id: "calc", name: "Calculator", description: "", tool: "calc.marked")]
        let h = try await ServerHarness(configuration: c)
        try await Self.onboardMarkedCalculator(h, level: "public", rateLimit: .init(requests: 1, perSeconds: 60))
        try await h.app().test(.router) { client in
            let headers: HTTPFields = [HTTPField.Name("A2A-Version")!: "1.0"]
            let first = try await client.send(.post, "/a2a", as: h.keys["bot"], json: Self.send, headers: headers)
            #expect(first.json["result"]?["task"]?["status"]?["state"] == "TASK_STATE_COMPLETED", "\(first.json)")
            let second = try await client.send(.post, "/a2a", as: h.keys["bot"], json: Self.send, headers: headers)
            let error = second.json["error"]
            #expect(error?["code"] == -32000, "\(second.json)")
            let info = error?["data"]?.arrayValue?.first
            #expect(info?["reason"] == "WARDEN_RATE_LIMITED" && info?["metadata"]?["code"] == "rate_limited", "\(second.json)")
            let retry = Int(second.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 1 && retry <= 60, "Retry-After: \(second.headers[.retryAfter] ?? "none")")
        }
    }

    @Test func restrictedDataToTheWrongRegionIsRefusedAndAudited() async throws {
        var c = WardenConfiguration()
        c.a2aSkills = [A2ASkillBinding(id: "calc", name: "Calculator", description: "", tool: "calc.marked")]
        c.a2aClearances = ["bot": DataClearance(maxLevel: .restricted, region: "us-east"),
                           "bot2": DataClearance(maxLevel: .restricted, region: "eu-west")]
        c.a2aMinimization = MinimizationPolicy(residency: [.restricted: ["eu-west"]])
        let h = try await ServerHarness(configuration: c)
        let bot2 = try await Self.secondAgent(h)
        try await Self.onboardMarkedCalculator(h, level: "restricted")
        try await h.app().test(.router) { client in
            let headers: HTTPFields = [HTTPField.Name("A2A-Version")!: "1.0"]
            let refused = try await client.send(.post, "/a2a", as: h.keys["bot"], json: Self.send, headers: headers).json
            #expect(refused["error"]?["code"] == -32000, "\(refused)")
            #expect(refused["error"]?["message"]?.stringValue?.isEmpty == false)
            let allowed = try await client.send(.post, "/a2a", as: bot2, json: Self.send, headers: headers).json
            #expect(allowed["result"]?["task"]?["status"]?["state"] == "TASK_STATE_COMPLETED", "\(allowed)")
        }
        let events = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "a2a.minimized", limit: 10)) }
        #expect(events.map(\.outcome) == [.denied])
        #expect(events.first?.detail?["error"] == "policy_violation" && events.first?.detail?["rule"] == "residency")
    }
}

/// The Python A2A client with a bearer token it gets itself from Warden's `/oauth/token` (client credentials).
let a2aOAuthScript = #"""
import asyncio, json, sys
import httpx
from google.protobuf import struct_pb2
from a2a.client import A2ACardResolver
from a2a.client.transports.jsonrpc import JsonRpcTransport
from a2a.types import a2a_pb2 as pb
from a2a.utils.constants import PROTOCOL_VERSION_CURRENT, VERSION_HEADER

base, client_id, secret = sys.argv[1:4]
out = {}

async def main():
    async with httpx.AsyncClient(timeout=60) as hc:
        card = await A2ACardResolver(hc, base).get_agent_card()
        token_url = card.security_schemes["oauth2"].oauth2_security_scheme.flows.client_credentials.token_url
        out["token_url_path"] = token_url.split("/", 3)[3]
        t = await hc.post(base + "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
        out["token_status"] = t.status_code
        token = t.json()["access_token"]
        out["token_type"] = t.json()["token_type"]
        bad = await hc.post(base + "/oauth/token", data={"grant_type": "client_credentials"}, auth=(client_id, "wrong"))
        out["bad_secret"] = [bad.status_code, bad.json().get("error")]
        hc.headers.update({"Authorization": "Bearer " + token, VERSION_HEADER: PROTOCOL_VERSION_CURRENT})
        v = struct_pb2.Value(); v.struct_value.update({"expression": "2+3"})
        m = pb.Message(message_id="o1", role=pb.ROLE_USER, parts=[pb.Part(data=v)])
        r = await JsonRpcTransport(hc, card, card.supported_interfaces[0].url).send_message(pb.SendMessageRequest(message=m))
        out["state"] = pb.TaskState.Name(r.task.status.state)
    print(json.dumps(out))

asyncio.run(main())
"""#

@Suite("A2A with an OAuth 2.0 client-credentials token", .serialized)
struct A2AOAuthTests {
    @Test(.enabled(if: PeerPython.path != nil, "the Python peers are not installed: run .ci/run"))
    func pythonClientGetsATokenAndUsesIt() async throws {
        let python = try #require(PeerPython.path)
        let h = try await ServerHarness(configuration: A2AServerTests.configuration())
        let admin = CallContext(principal: try #require(try await h.store.read { try $0.principal(id: "admin") }), requestID: "setup")
        _ = try await A2AMinimizationTests.secondAgent(h)
        let registered = try await h.service.registerOAuthClient(admin, NewOAuthClient(principalID: "bot2", label: "python peer"))
        let secret = try #require(registered.clientSecret)
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("a2a-oauth-\(UUID().uuidString).py")
        try Data(a2aOAuthScript.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        try await h.app().test(.live) { client in
            let run = try await PeerPython.runOffPool(python, [script.path, "http://127.0.0.1:\(client.port ?? 0)", registered.client.id, secret])
            #expect(run.status == 0, "\(run.err)")
            let result = try JSONValue(parsing: Array(run.out.utf8))
            #expect(result["token_url_path"] == "oauth/token")
            #expect(result["token_status"] == 200 && result["token_type"] == "Bearer")
            #expect(result["bad_secret"] == [401, "invalid_client"])
            #expect(result["state"] == "TASK_STATE_COMPLETED")
            #expect(!run.out.contains(secret) && !run.err.contains(secret))
        }
        let calls = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", limit: 10)) }
        #expect(calls.map(\.actor) == ["bot2"], "the token acts as the client's principal")
    }
}
