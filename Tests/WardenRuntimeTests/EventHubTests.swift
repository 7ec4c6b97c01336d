import Testing
import WardenCore
@testable import WardenRuntime

@Suite("event hub")
struct EventHubTests {
    static func event(_ seq: Int64, actor: String = "bot", action: String = "tool.call", subject: String = "tool:time.now@1.0.0") -> AuditEvent {
        AuditEvent(seq: seq, timeMs: 0, actor: actor, action: action, subject: subject, requestID: "r", outcome: .success,
                   bodyDigest: nil, detail: nil, prevHash: "", hash: "")
    }

    @Test("a subscriber gets the matching events in order, and is dropped once a whole buffer behind")
    func bufferAndDrop() async {
        let hub = EventHub(bufferSize: 3)
        let mine = hub.subscribe(EventFilter(actor: "bot"))
        hub.publish([Self.event(1), Self.event(2, actor: "other"), Self.event(3)])
        guard case .events(let first) = await mine.next() else { Issue.record("no events"); return }
        #expect(first.map(\.seq) == [1, 3])
        hub.publish((4...7).map { Self.event($0) })
        guard case .dropped(let behind) = await mine.next() else { Issue.record("not dropped"); return }
        #expect(behind == 4)
        #expect(hub.subscriberCount == 0)
    }

    @Test("a waiting reader wakes on publish and on cancel")
    func wakeUps() async {
        let hub = EventHub(bufferSize: 8)
        let s = hub.subscribe(EventFilter())
        async let delivered = s.next()
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish([Self.event(1)])
        guard case .events(let e) = await delivered else { Issue.record("no events"); return }
        #expect(e.map(\.seq) == [1])
        async let ended = s.next()
        try? await Task.sleep(for: .milliseconds(20))
        s.cancel()
        guard case .ended = await ended else { Issue.record("not ended"); return }
    }

    @Test("filters: kinds exact and by prefix, tool and agent by subject or actor; bad filters refused")
    func filters() throws {
        let f = try EventFilter.parse(kinds: "tool.*,agent.suspend", tool: nil, agent: nil)
        #expect(f.matches(Self.event(1, action: "tool.call")))
        #expect(f.matches(Self.event(1, action: "agent.suspend")))
        #expect(!f.matches(Self.event(1, action: "agent.register")))
        let tool = try EventFilter.parse(kinds: nil, tool: "time.now", agent: nil)
        #expect(tool.matches(Self.event(1)))
        #expect(!tool.matches(Self.event(1, subject: "tool:time.nowadays@1.0.0")))
        let agent = try EventFilter.parse(kinds: "*", tool: nil, agent: "helper")
        #expect(agent.matches(Self.event(1, subject: "agent:helper@2.0.0")))
        #expect(agent.matches(Self.event(1, actor: "helper")))
        #expect(!agent.matches(Self.event(1)))
        for bad in ["", "tool call", "tool.", ".call", "tool.**"] {
            #expect(throws: WardenError.self) { try EventFilter.parse(kinds: bad, tool: nil, agent: nil) }
        }
        #expect(throws: WardenError.self) { try EventFilter.parse(kinds: nil, tool: "a b", agent: nil) }
        #expect(throws: WardenError.self) { try EventFilter.parse(kinds: nil, tool: nil, agent: "x@1") }
    }
}
