import AsyncHTTPClient
import Foundation
import NIOCore
import WardenRuntime
import Testing
import WardenCore
import WardenMCP

/// The official Python `mcp` client against the live server.
let pythonClientScript = #"""
import sys, json, asyncio
import httpx2
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client
import mcp.client.session
# On a loaded CI machine the discover probe may take longer than the SDK's 10 s, and the client would fall back to
# initialize: give it time, so the test checks Warden's answer rather than the machine's load.
mcp.client.session.DISCOVER_TIMEOUT_SECONDS = 60.0

def dump(r):
    return r.model_dump(mode="json", by_alias=True, exclude_none=True)

async def default_mode(url, key, tool, args):
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60.0) as hc:
        async with Client(streamable_http_client(url, http_client=hc)) as c:
            out = {"version": c.protocol_version}
            out["tools"] = [t.name for t in (await c.list_tools()).tools]
            out["call"] = dump(await c.call_tool(tool, args))
            return out

async def handshake(url, key, tool, args):
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60.0) as hc:
        async with streamable_http_client(url, http_client=hc) as (read, write):
            async with ClientSession(read, write) as s:
                init = await s.initialize()
                out = {"version": init.protocol_version}
                out["tools"] = [t.name for t in (await s.list_tools()).tools]
                out["call"] = dump(await s.call_tool(tool, args))
                return out

mode, url, key, tool, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
fn = default_mode if mode == "default" else handshake
print(json.dumps(asyncio.run(fn(url, key, tool, args))))
"""#

@Suite("MCP with the official Python client", .serialized)
struct MCPPythonPeerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var mode: String
        var who: String
        var testDescription: String { "\(mode) mode as \(who)" }
    }

    @Test("list and call", arguments: [
        Case(mode: "default", who: "bot"), Case(mode: "handshake", who: "bot"),
        Case(mode: "default", who: "aud"), Case(mode: "handshake", who: "aud"),
    ])
    func listAndCall(_ c: Case) async throws {
        let h = try await MCPHarness.shared.value
        let key = try #require(h.keys[c.who])
        let run = try await h.live { url in
            try await runPeer(pythonClientScript, arguments: [c.mode, url, key, "math.evaluate", #"{"expression": "6*7"}"#])
        }
        #expect(run.status == 0, "\(run)")
        let out = try JSONValue(parsing: Data(run.out.utf8))
        if c.mode == "default" {
            #expect(out["version"] == "2026-07-28", "\(run)")
        } else {
            #expect(out["version"] == "2025-11-25", "\(run)")
        }
        if c.who == "bot" {
            #expect(out["tools"] == ["math.evaluate", "text.redact", "time.now"], "\(run)")
            #expect(out["call"]?["isError"] == false, "\(run)")
            #expect(out["call"]?["structuredContent"]?["value"]?.numberValue?.intValue == 42, "\(run)")
        } else {
            #expect(out["tools"] == [], "\(run)")
            #expect(out["call"]?["isError"] == true, "\(run)")
            #expect(out["call"]?["_meta"]?["io.warden/errorCode"] == "forbidden", "\(run)")
        }
    }
}

@Suite("MCP event streams over live HTTP", .serialized)
struct MCPLiveStreamTests {
    @Test("subscriptions/listen over HTTP delivers tools/list_changed after a suspension")
    func listenOverHTTP() async throws {
        let h = try await MCPHarness()
        let key = try #require(h.keys["bot"])
        let admin = CallContext(principal: try await h.principal("admin"), requestID: "t")
        let text = try await h.live { url in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            for (k, v) in Modern.headers("subscriptions/listen") { request.headers.add(name: k, value: v) }
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
            request.body = .bytes(ByteBuffer(bytes: Modern.body(7, "subscriptions/listen", ["notifications": ["toolsListChanged": true]])))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            #expect(response.status.code == 200)
            #expect(response.headers.first(name: "content-type") == "text/event-stream")
            var text = ""
            var suspended = false
            for try await chunk in response.body {
                text += String(buffer: chunk)
                if !suspended, sseMessages(text).count >= 1 {
                    suspended = true
                    _ = try await h.engine.service.transition(admin, name: "text.redact", .init(action: .suspend, reason: "test"))
                }
                if sseMessages(text).count >= 2 { break }
            }
            return text
        }
        let messages = sseMessages(text)
        #expect(messages.map { $0["method"] } == ["notifications/subscriptions/acknowledged", "notifications/tools/list_changed"])
        #expect(messages.last?["params"]?["_meta"]?["io.modelcontextprotocol/subscriptionId"] == 7)
    }
}

let pythonListenScript = #"""
import sys, json, asyncio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
import mcp.client.session
# On a loaded CI machine the discover probe may take longer than the SDK's 10 s, and the client would fall back to
# initialize: give it time, so the test checks Warden's answer rather than the machine's load.
mcp.client.session.DISCOVER_TIMEOUT_SECONDS = 60.0

async def main(url, key):
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60.0) as hc:
        async with Client(streamable_http_client(url, http_client=hc)) as c:
            async with c.listen(tools_list_changed=True) as sub:
                event = None
                async with asyncio.timeout(20):
                    async for e in sub:
                        event = type(e).__name__
                        break
            tools = [t.name for t in (await c.list_tools(cache_mode="bypass")).tools]
            return {"version": c.protocol_version, "event": event, "tools": tools}

print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
"""#

@Suite("MCP subscriptions with the official Python client", .serialized)
struct MCPPythonListenTests {
    @Test("Client.listen sees ToolsListChanged when a tool is suspended and resumed")
    func listen() async throws {
        let h = try await MCPHarness()
        let key = try #require(h.keys["bot"])
        let admin = CallContext(principal: try await h.principal("admin"), requestID: "t")
        let service = h.engine.service
        let run = try await h.live { url in
            // Flip a tool until the peer is done, so a change arrives whenever its stream opens.
            let flipper = Task {
                var suspended = false
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(300))
                    _ = try? await service.transition(admin, name: "time.now", .init(action: suspended ? .resume : .suspend, reason: "test"))
                    suspended.toggle()
                }
            }
            defer { flipper.cancel() }
            return try await runPeer(pythonListenScript, arguments: [url, key])
        }
        #expect(run.status == 0, "\(run)")
        let out = try JSONValue(parsing: Data(run.out.utf8))
        #expect(out["version"] == "2026-07-28", "\(run)")
        #expect(out["event"] == "ToolsListChanged", "\(run)")
        #expect(out["tools"]?.arrayValue?.isEmpty == false, "\(run)")
    }
}
