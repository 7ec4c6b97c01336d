import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import Testing
import WardenCore
import WardenRuntime
import WardenStore
@testable import WardenServer

/// `GET /v1/events` against a live loopback server, with hummingbird-websocket's client.
// One at a time: the slow-subscriber test floods the machine with calls, which would starve the others' timeouts.
@Suite("live event stream", .serialized)
struct EventStreamTests {
    // MARK: role filtering

    @Test("an agent's stream shows its own calls only; an auditor's shows everyone's, narrowed by kinds and agent")
    func filteringByRole() async throws {
        let h = try await ServerHarness()
        try await h.addAgent("bot2")
        let head = try await h.auditHead()
        try await h.live { port in
            // Connected first, so that the calls below arrive live (those that commit before the upgrade come
            // from the replay of ?after=head: either way once).
            async let botStream = h.collect(port, as: "bot", query: "after=\(head)", until: ServerHarness.sawFinalCall)
            async let auditorStream = h.collect(port, as: "aud", query: "after=\(head)", until: ServerHarness.sawFinalCall)
            async let callsOnly = h.collect(port, as: "aud", query: "after=\(head)&kinds=tool.call&agent=bot2",
                                            until: { $0.count >= 2 })
            try await Task.sleep(for: .milliseconds(200))
            for who in ["bot", "bot2", "req", "bot2"] { _ = try? await h.callTime(as: who) }
            let finalSeq = try await h.finishWithBotCall()
            let bot = try await botStream, auditor = try await auditorStream, bot2Calls = try await callsOnly

            #expect(!bot.isEmpty && bot.allSatisfy { $0.actor == "bot" }, "\(bot.map(\.actor))")
            #expect(bot.filter { $0.action == "tool.call" }.count == 2)
            #expect(Set(auditor.map(\.actor)).isSuperset(of: ["bot", "bot2", "req"]))
            #expect(auditor.map(\.seq) == Array((head + 1)...finalSeq), "the auditor sees every event, in order")
            #expect(bot2Calls.count == 2 && bot2Calls.allSatisfy { $0.actor == "bot2" && $0.action == "tool.call" })
        }
    }

    // MARK: resume

    @Test("resuming with ?after= after a reconnect delivers every event exactly once, in order")
    func resumeWithoutGap() async throws {
        let h = try await ServerHarness()
        let head = try await h.auditHead()
        try await h.live { port in
            async let first = h.collect(port, as: "aud", query: "after=\(head)", until: { $0.count >= 5 })
            try await Task.sleep(for: .milliseconds(200))
            for _ in 0..<5 { _ = try await h.callTime(as: "bot") }
            let before = try await first
            // Disconnected: these commit with nobody listening.
            for _ in 0..<7 { _ = try await h.callTime(as: "bot") }
            let finalSeq = try await h.finishWithBotCall()
            let last = try #require(before.last?.seq)
            let after = try await h.collect(port, as: "aud", query: "after=\(last)", until: ServerHarness.sawFinalCall)
            let seqs = (before + after).map(\.seq)
            #expect(seqs == Array((head + 1)...finalSeq), "no gap, no duplicate: \(seqs)")
            #expect((before + after).filter { $0.action == "tool.call" }.count == 13)
        }
    }

    // MARK: slow subscriber

    @Test("a subscriber that stops reading is dropped with 4000 and where to resume, while calls go on")
    func slowSubscriberDropped() async throws {
        var configuration = WardenConfiguration()
        configuration.events.bufferSize = 4
        let h = try await ServerHarness(configuration: configuration)
        try await h.live { port in
            let (release, releaseSink) = AsyncStream<Void>.makeStream()
            let (connected, connectedSink) = AsyncStream<Void>.makeStream()
            async let closeFrame = WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/events", configuration: h.clientConfiguration("aud"),
                                                           logger: h.logger) { inbound, _, _ in
                connectedSink.yield()
                // Not reading: the socket's buffers fill, the server's writes stall, its buffer for us overflows.
                for await _ in release { break }
                for try await _ in inbound.messages(maxSize: 1 << 20) {}
            }
            for await _ in connected { break }
            for _ in 0..<500 where h.engine.events.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try #require(h.engine.events.subscriberCount == 1)
            var calls = 0
            while h.engine.events.subscriberCount > 0, calls < 40_000 {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<50 { group.addTask { _ = try await h.callTime(as: "bot") } }
                    try await group.waitForAll()
                }
                calls += 50
            }
            releaseSink.yield()
            let frame = try #require(try await closeFrame)
            #expect(frame.closeCode == .unknown(EventStreamEndpoint.tooSlowCloseCode))
            let reason = frame.reason ?? ""
            #expect(reason.hasPrefix("too slow: ") && reason.contains("events behind; reconnect with ?after="), "\(reason)")
            #expect(h.engine.events.subscriberCount == 0)
            // Every call completed and was recorded; the chain holds.
            let report = try await h.store.verifyAuditChain()
            #expect(report.ok, "\(report)")
            let recorded = try await h.store.read { try $0.auditEvents(matching: AuditQuery(action: "tool.call", afterSeq: 0, limit: 1000)) }
            #expect(recorded.count == min(calls, 1000))
        }
    }

    // MARK: refusals

    @Test("refused before the upgrade: 401 without a key, 400 for a bad filter or after, 426 without upgrade")
    func refusals() async throws {
        let h = try await ServerHarness()
        try await h.live { port in
            let base = "http://127.0.0.1:\(port)/v1/events"
            let cases: [(String, String?, Int, String)] = [
                (base, nil, 401, "unauthenticated"),
                (base, "wdn_aaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", 401, "unauthenticated"),
                (base + "?colour=red", h.keys["aud"], 400, "invalid_input"),
                (base + "?kinds=tool%20call", h.keys["aud"], 400, "invalid_input"),
                (base + "?after=-1", h.keys["aud"], 400, "invalid_input"),
                (base + "?after=abc", h.keys["aud"], 400, "invalid_input"),
            ]
            for (url, key, status, code) in cases {
                let r = try await h.upgradeRequest(url, key: key)
                #expect(r.status == status, "\(url) \(key == nil ? "without key" : "")")
                #expect(r.code == code, "\(url)")
                #expect(r.upgraded == false)
            }
            let plain = try await h.upgradeRequest(base, key: h.keys["aud"], upgrade: false)
            #expect(plain.status == 426)
            await #expect(throws: (any Error).self) {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/events?after=x", configuration: h.clientConfiguration("aud"),
                                                  logger: h.logger) { _, _, _ in }
            }
        }
    }

    @Test("a browser authenticates with the bearer.<key> subprotocol and is answered warden.events")
    func subprotocolAuthentication() async throws {
        let h = try await ServerHarness()
        try await h.live { port in
            var configuration = WebSocketClientConfiguration()
            configuration.additionalHeaders[.secWebSocketProtocol] = "warden.events, bearer.\(h.keys["aud"] ?? "")"
            let (frames, sink) = AsyncStream<String>.makeStream()
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/events", configuration: configuration, logger: h.logger) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let t) = message { sink.yield(t) }
                    break
                }
                sink.finish()
            }
            var texts: [String] = []
            for await t in frames { texts.append(t) }
            #expect(texts.first?.contains(#""type":"ready""#) == true, "\(texts)")
        }
    }
}

/// A stream event, as much of it as the tests look at.
struct StreamedEvent: Decodable, Sendable {
    var seq: Int64
    var actor: String
    var action: String
    var subject: String
}

extension ServerHarness {
    var logger: Logger {
        var l = Logger(label: "warden-events-test")
        l.logLevel = .warning
        return l
    }

    /// Whether the events end with the call of ``finishWithBotCall()``.
    @Sendable static func sawFinalCall(_ events: [StreamedEvent]) -> Bool {
        events.last.map { $0.action == "tool.call" && $0.subject.hasPrefix("tool:math.evaluate@") } ?? false
    }

    /// Runs the full server (with WebSocket upgrades) on a loopback port for `body`, with the console's `console` sessions.
    func live(console: ConsoleSessions = ConsoleSessions(), _ body: @Sendable (Int) async throws -> Void) async throws {
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: try WardenApplication.router(engine: engine, configuration: configuration, console: console),
            server: try WardenApplication.server(configuration: configuration, engine: engine, logger: logger, console: console),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            defer { group.cancelAll() }
            var it = ports.makeAsyncIterator()
            guard let port = await it.next() else { throw WardenError(.internal, "the server did not start") }
            try await body(port)
        }
    }

    func clientConfiguration(_ who: String) -> WebSocketClientConfiguration {
        var c = WebSocketClientConfiguration()
        c.additionalHeaders[.authorization] = "Bearer \(keys[who] ?? "")"
        return c
    }

    /// The events `who` receives from `/v1/events?query` until `done` says enough (or 10 seconds pass).
    func collect(_ port: Int, as who: String, query: String, until done: @escaping @Sendable ([StreamedEvent]) -> Bool) async throws -> [StreamedEvent] {
        let (out, sink) = AsyncStream<[StreamedEvent]>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/v1/events?\(query)", configuration: clientConfiguration(who),
                                                  logger: logger) { inbound, _, _ in
                    var events: [StreamedEvent] = []
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        if text.contains(#""type":"ready""#) { continue }
                        events.append(try JSONDecoder().decode(StreamedEvent.self, from: Data(text.utf8)))
                        sink.yield(events)
                        if done(events) { break }
                    }
                    sink.finish()
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                sink.finish()
            }
            try await group.next()
            group.cancelAll()
        }
        var result: [StreamedEvent] = []
        for await events in out { result = events }
        return result
    }

    func auditHead() async throws -> Int64 { try await store.read { try $0.auditHead().seq } }

    func addAgent(_ id: String) async throws {
        let admin = CallContext(principal: try #require(try await store.read { try $0.principal(id: "admin") }), requestID: "setup")
        _ = try await service.createPrincipal(admin, .init(id: id, displayName: id, kind: .agent, roles: [.agent]))
    }

    /// Calls the built-in `time.now` as `who` through the pipeline (as any transport does).
    @discardableResult
    func callTime(as who: String) async throws -> ToolResult {
        let principal = try #require(try await store.read { try $0.principal(id: who) })
        return try await engine.pipeline.call(GovernedCall(principal: principal, toolName: "time.now", arguments: [:],
                                                           requestID: "call-\(UUID().uuidString.prefix(8))", transport: "test"))
    }

    /// A last call by `bot` (to `math.evaluate`), whose event ends the streams of the tests; returns its sequence number.
    func finishWithBotCall() async throws -> Int64 {
        let principal = try #require(try await store.read { try $0.principal(id: "bot") })
        _ = try await engine.pipeline.call(GovernedCall(principal: principal, toolName: "math.evaluate", arguments: ["expression": "6*7"],
                                                        requestID: "final", transport: "test"))
        return try await auditHead()
    }

    /// A GET asking a WebSocket upgrade (or not), with `key` as bearer: the status, the error code and whether it upgraded.
    func upgradeRequest(_ url: String, key: String?, upgrade: Bool = true,
                        headers: [(String, String)] = []) async throws -> (status: Int, code: String?, upgraded: Bool) {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if upgrade {
            request.headers.add(name: "Connection", value: "Upgrade")
            request.headers.add(name: "Upgrade", value: "websocket")
            request.headers.add(name: "Sec-WebSocket-Version", value: "13")
            request.headers.add(name: "Sec-WebSocket-Key", value: "dGhlIHNhbXBsZSBub25jZQ==")
        }
        if let key { request.headers.add(name: "Authorization", value: "Bearer \(key)") }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 16)
        let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
        return (Int(response.status.code), json?["error"]?["code"]?.stringValue, response.status == .switchingProtocols)
    }
}

