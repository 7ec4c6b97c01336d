/// One server-sent event.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; nil when absent (the default type "message").
    public var event: String?
    /// The `data:` lines joined with "\n".
    public var data: String
    /// The `id:` field, when present.
    public var id: String?

    /// An event with its type (nil for "message"), data and last event id.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}

/// An incremental parser of a `text/event-stream` body (WHATWG HTML, "server-sent events"): bytes in, events out.
/// Lines end with LF, CRLF or CR (also when a CRLF is split across chunks); `:` starts a comment; `data:` lines are
/// joined with LF; an event is dispatched at a blank line and only when it has data.
public struct SSEParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCR = false
    private var data: [String] = []
    private var hasData = false
    private var eventType: String?
    private var lastID: String?
    /// The longest line kept; longer lines are cut (the caller bounds the whole body anyway).
    public let maxLineBytes: Int

    /// A parser that cuts lines longer than `maxLineBytes`.
    public init(maxLineBytes: Int = 8 * 1_048_576) {
        self.maxLineBytes = maxLineBytes
    }

    /// Feeds a chunk of bytes and returns the events it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var out: [SSEEvent] = []
        for b in bytes {
            if b == 0x0A {
                if lastWasCR { lastWasCR = false; continue }
                endLine(&out)
            } else if b == 0x0D {
                endLine(&out)
                lastWasCR = true
            } else {
                lastWasCR = false
                if line.count < maxLineBytes { line.append(b) }
            }
        }
        return out
    }

    /// Ends the stream: a pending event without its final blank line is dropped, as the standard says.
    public mutating func finish() -> [SSEEvent] {
        line.removeAll()
        data.removeAll()
        hasData = false
        eventType = nil
        return []
    }

    private mutating func endLine(_ out: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            if hasData {
                out.append(SSEEvent(event: eventType, data: data.joined(separator: "\n"), id: lastID))
            }
            data.removeAll()
            hasData = false
            eventType = nil
            return
        }
        if line.first == 0x3A { return } // comment
        let field: String
        var value: Substring = ""
        if let colon = line.firstIndex(of: 0x3A) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            var rest = line[(colon + 1)...]
            if rest.first == 0x20 { rest = rest.dropFirst() }
            value = Substring(String(decoding: rest, as: UTF8.self))
        } else {
            field = String(decoding: line, as: UTF8.self)
        }
        switch field {
        case "data":
            data.append(String(value))
            hasData = true
        case "event":
            eventType = String(value)
        case "id":
            if !value.contains("\0") { lastID = String(value) }
        default:
            break // retry and unknown fields are ignored
        }
    }
}
