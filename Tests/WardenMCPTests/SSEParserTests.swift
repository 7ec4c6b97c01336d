import Testing
@testable import WardenMCP

@Suite("SSE parser")
struct SSEParserTests {
    @Test("table", arguments: [
        ("data: hello\n\n", [SSEEvent(data: "hello")]),
        ("data: a\ndata: b\n\n", [SSEEvent(data: "a\nb")]),
        ("event: message\ndata: {\"x\":1}\n\n", [SSEEvent(event: "message", data: "{\"x\":1}")]),
        ("data: crlf\r\n\r\n", [SSEEvent(data: "crlf")]),
        ("data: cr\r\r", [SSEEvent(data: "cr")]),
        (": a comment\ndata: x\n\n", [SSEEvent(data: "x")]),
        ("data:nospace\n\n", [SSEEvent(data: "nospace")]),
        ("data:  two spaces\n\n", [SSEEvent(data: " two spaces")]),
        ("data\n\n", [SSEEvent(data: "")]),
        ("event: ping\n\n", []),
        ("id: 7\ndata: x\n\ndata: y\n\n", [SSEEvent(data: "x", id: "7"), SSEEvent(data: "y", id: "7")]),
        ("retry: 100\nunknown: z\ndata: x\n\n", [SSEEvent(data: "x")]),
        ("data: unterminated", []),
        ("data: a\n\n\n\ndata: b\n\n", [SSEEvent(data: "a"), SSEEvent(data: "b")]),
        ("data: é ✓\n\n", [SSEEvent(data: "é ✓")]),
    ])
    func table(input: String, expected: [SSEEvent]) {
        var whole = SSEParser()
        #expect(whole.feed(Array(input.utf8)) == expected)
        // Byte by byte gives the same events (CRLF split across chunks included).
        var bytewise = SSEParser()
        var events: [SSEEvent] = []
        for b in input.utf8 { events += bytewise.feed([b]) }
        #expect(events == expected)
    }

    @Test func crlfSplitAcrossChunksIsOneLineEnd() {
        var p = SSEParser()
        #expect(p.feed(Array("data: a\r".utf8)).isEmpty)
        #expect(p.feed(Array("\ndata: b\r".utf8)).isEmpty)
        #expect(p.feed(Array("\n\r\n".utf8)) == [SSEEvent(data: "a\nb")])
    }

    @Test func eventTypeResetsAfterDispatch() {
        var p = SSEParser()
        let events = p.feed(Array("event: custom\ndata: 1\n\ndata: 2\n\n".utf8))
        #expect(events == [SSEEvent(event: "custom", data: "1"), SSEEvent(data: "2")])
    }
}
