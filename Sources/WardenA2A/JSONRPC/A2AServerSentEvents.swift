import Foundation
import JSONSchema

/// The server-sent events of A2A streaming answers (`SendStreamingMessage`, `SubscribeToTask`): each event is one
/// JSON-RPC response, `data: {json}\n\n` (`Content-Type: text/event-stream`). a2a-sdk's 1.0 server also marks an
/// error response with `event: error`, which its client turns into the A2A error; its 0.3 server does not.
/// (sse-starlette ends lines with CRLF; clients accept LF, CRLF and CR alike.)
public enum A2AServerSentEvents {
    /// The content type of a stream.
    public static let contentType = "text/event-stream"

    /// One event carrying `response` (a whole JSON-RPC response).
    public static func frame(_ response: JSONValue, isError: Bool = false, version: A2AProtocolVersion = .v1_0) -> Data {
        var d = Data()
        if isError && !version.isLegacy { d.append(contentsOf: Array("event: error\n".utf8)) }
        d.append(contentsOf: Array("data: ".utf8))
        d.append(response.canonicalData)
        d.append(contentsOf: Array("\n\n".utf8))
        return d
    }

    /// One parsed event.
    public struct Event: Sendable, Equatable {
        /// `message` unless the stream named it.
        public var name: String
        public var data: String
    }

    /// Reads events from a byte stream as it arrives, by the W3C rules a2a-sdk's client follows: lines end with
    /// LF, CRLF or CR; `event:` names, `data:` lines join with LF, `:` lines are comments, a blank line ends an
    /// event; one optional space after the colon is dropped.
    public struct Parser: Sendable {
        private var buffer: [UInt8] = []
        private var name = "message"
        private var data: [String] = []
        private var lastWasCR = false
        /// The longest line accepted; longer input makes ``feed(_:)`` throw.
        public let maxLineBytes: Int

        public init(maxLineBytes: Int = 8 << 20) {
            self.maxLineBytes = maxLineBytes
        }

        /// The events completed by `bytes`.
        /// - Throws: ``A2AError`` -32603 when a line exceeds ``maxLineBytes``.
        public mutating func feed(_ bytes: some Sequence<UInt8>) throws(A2AError) -> [Event] {
            var out: [Event] = []
            for b in bytes {
                if b == 0x0A && lastWasCR {
                    lastWasCR = false
                    continue
                }
                lastWasCR = b == 0x0D
                if b == 0x0A || b == 0x0D {
                    if let e = line(String(decoding: buffer, as: UTF8.self)) { out.append(e) }
                    buffer.removeAll(keepingCapacity: true)
                } else {
                    buffer.append(b)
                    if buffer.count > maxLineBytes {
                        throw A2AError(.internalError, "the event stream has a line longer than \(maxLineBytes) bytes")
                    }
                }
            }
            return out
        }

        private mutating func line(_ text: String) -> Event? {
            if text.isEmpty {
                defer {
                    name = "message"
                    data = []
                }
                return data.isEmpty ? nil : Event(name: name, data: data.joined(separator: "\n"))
            }
            if text.hasPrefix(":") { return nil }
            let (key, value): (Substring, Substring)
            if let colon = text.firstIndex(of: ":") {
                key = text[..<colon]
                var v = text[text.index(after: colon)...]
                if v.hasPrefix(" ") { v = v.dropFirst() }
                value = v
            } else {
                key = Substring(text)
                value = ""
            }
            if key == "event" { name = String(value) } else if key == "data" { data.append(String(value)) }
            return nil
        }
    }
}
