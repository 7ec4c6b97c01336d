import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
import WardenCore
@testable import WardenRuntime

/// A real HTTP upstream on a loopback port for the duration of `body`.
func withUpstream(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let router = Router()
    router.get("/weather") { request, _ -> Response in
        guard request.headers[.init("X-Api-Key")!] == "s3cret-value" else {
            return Response(status: .unauthorized)
        }
        let city = request.uri.queryParameters.get("city") ?? ""
        let json = #"{"forecast":"sunny in \#(city)"}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: json)))
    }
    router.post("/echo") { request, _ -> Response in
        let body = try await request.body.collect(upTo: 65536)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }
    router.get("/unavailable") { _, _ in Response(status: .serviceUnavailable) }
    router.get("/refuse") { _, _ in Response(status: .badRequest) }
    router.get("/redirect") { _, _ in Response(status: .found, headers: [.location: "http://127.0.0.1:1/stolen"]) }
    router.get("/text") { _, _ in "plain words" }
    router.get("/trace") { request, _ -> Response in
        let value = request.headers[.init("traceparent")!] ?? ""
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"traceparent":"\#(value)"}"#)))
    }
    router.get("/slow") { _, _ -> String in
        try await Task.sleep(for: .seconds(5))
        return "late"
    }
    let (stream, continuation) = AsyncStream<Int>.makeStream()
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var ports = stream.makeAsyncIterator()
        guard let port = await ports.next() else { return }
        defer { group.cancelAll() }
        try await body(port)
    }
}

func httpTool(port: Int, path: String, method: String = "GET", body: JSONValue? = nil, timeoutMs: Int = 20000) throws -> ServingTool {
    let d = ToolDefinition(
        name: "weather", version: SemanticVersion("1.0.0")!, title: "t", description: "d", purpose: "p", justification: "j",
        provider: .init(kind: .http, origin: .internal,
                        http: .init(method: method, url: "http://127.0.0.1:\(port)\(path)",
                                    headers: ["X-Api-Key": "{{secret.WEATHER_KEY}}"], body: body)),
        useCases: ["u"], dataRequirements: .init(reads: [.public], returns: [.public]), inputSchema: ["type": "object"],
        outputSchema: nil, requiredCredentials: ["WEATHER_KEY"], requiredRole: .agent, rateLimit: nil, timeoutMs: timeoutMs,
        owner: "o", usageGuidelines: "g", limitations: [])
    return try ServingTool(record: ToolVersionRecord(definition: d, digest: d.digest, state: .active, proposer: "p",
                                                     proposedAt: Date(), updatedAt: Date(), decision: nil, reviewDueAt: nil))
}

/// One client for the whole test run (an HTTPClient must be shut down before it is released; this one lives to the end).
let sharedTestClient = HTTPToolPerformer.sharedClient

@Suite("HTTP tool provider against a live upstream", .serialized)
struct HTTPToolPerformerTests {
    var client: HTTPClient { sharedTestClient }
    let credentials = ["WEATHER_KEY": "s3cret-value"]

    @Test func templatesArgumentsAndInjectsTheCredential() async throws {
        try await withUpstream { port in
            let p = HTTPToolPerformer(client: client)
            let r = try await p.perform(try httpTool(port: port, path: "/weather?city={{city}}"), arguments: ["city": "São Paulo & co"],
                                        credentials: credentials)
            #expect(r.structuredContent == ["forecast": "sunny in São Paulo & co"])
        }
    }

    @Test func jsonBodyKeepsArgumentTypes() async throws {
        try await withUpstream { port in
            let p = HTTPToolPerformer(client: client)
            let tool = try httpTool(port: port, path: "/echo", method: "POST",
                                    body: ["n": "{{count}}", "label": "count={{count}}", "nested": ["tags": "{{tags}}"]])
            let r = try await p.perform(tool, arguments: ["count": 3, "tags": ["a", "b"]], credentials: credentials)
            #expect(r.structuredContent == ["n": 3, "label": "count=3", "nested": ["tags": ["a", "b"]]])
        }
    }

    @Test("upstream failures map to stable codes", arguments: [
        ("/unavailable", WardenError.Code.upstreamUnavailable), ("/refuse", .upstreamRejected), ("/redirect", .upstreamRejected),
    ])
    func failures(path: String, code: WardenError.Code) async throws {
        try await withUpstream { port in
            let p = HTTPToolPerformer(client: client)
            let e = await #expect(throws: WardenError.self) {
                try await p.perform(try httpTool(port: port, path: path), arguments: [:], credentials: credentials)
            }
            #expect(e?.code == code)
            #expect(e?.message.contains("s3cret") == false)
        }
    }

    @Test func slowUpstreamTimesOut() async throws {
        try await withUpstream { port in
            let p = HTTPToolPerformer(client: client)
            let e = await #expect(throws: WardenError.self) {
                try await p.perform(try httpTool(port: port, path: "/slow", timeoutMs: 200), arguments: [:], credentials: credentials)
            }
            #expect(e?.code == .timeout)
        }
    }

    @Test func unreachableUpstream() async throws {
        let p = HTTPToolPerformer(client: client)
        let e = await #expect(throws: WardenError.self) {
            try await p.perform(try httpTool(port: 1, path: "/x"), arguments: [:], credentials: credentials)
        }
        #expect(e?.code == .upstreamUnavailable)
    }

    @Test func theCallersTraceIsPassedOnAsAChildSpan() async throws {
        let caller = try #require(TraceContext(traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        try await withUpstream { port in
            let tool = try httpTool(port: port, path: "/trace")
            let performer = HTTPToolPerformer(client: client)
            let result = try await TraceContext.$current.withValue(caller) {
                try await performer.perform(tool, arguments: [:], credentials: credentials)
            }
            let sent = try #require(result.structuredContent?["traceparent"]?.stringValue.flatMap(TraceContext.init(traceparent:)))
            #expect(sent.traceID == caller.traceID && sent.spanID != caller.spanID && sent.flags == 1)
            let untraced = try await performer.perform(tool, arguments: [:], credentials: credentials)
            #expect(untraced.structuredContent?["traceparent"] == "", "no trace, no header")
        }
    }

    @Test func plainTextAnswer() async throws {
        try await withUpstream { port in
            let r = try await HTTPToolPerformer(client: client).perform(try httpTool(port: port, path: "/text"), arguments: [:],
                                                                        credentials: credentials)
            #expect(r.structuredContent == nil && r.text == "plain words")
        }
    }

    @Test func missingArgumentIsInvalidInput() throws {
        let t = ArgumentTemplate(arguments: [:], credentials: credentials)
        let e = #expect(throws: WardenError.self) { try t.render("/w?c={{city}}", escaping: .urlComponent) }
        #expect(e?.code == .invalidInput && e?.message.contains("city") == true)
    }

    @Test func headerInjectionIsRefused() throws {
        let t = ArgumentTemplate(arguments: ["city": "a\r\nX-Evil: 1"], credentials: credentials)
        let e = #expect(throws: WardenError.self) { try t.render("{{city}}", escaping: .headerValue) }
        #expect(e?.code == .invalidInput && e?.message.contains("line breaks") == true)
    }
}
