import Foundation
import Synchronization
import WardenCore

/// Warden's MCP server over the stdio transport: newline-delimited JSON-RPC messages on the input, one JSON-RPC
/// message per line on the output, for a local agent acting as one fixed principal.
///
/// Each message is handed to ``MCPServer`` as a synthetic POST, with the headers the HTTP transport would have
/// carried derived from the message itself (stdio has none): for the 2026-07-28 era `mcp-protocol-version`,
/// `mcp-method` and `mcp-name`; for the handshake era the session id returned to `initialize`.
/// A notification gets no output; a JSON response is written as one line; an event stream (`subscriptions/listen`)
/// has each event's data written as one line until it ends. Writes are serialized.
public final class MCPStdioServer: Sendable {
    /// Longest input line accepted, in bytes (4 MiB); a longer one is answered with a JSON-RPC error.
    public static let maxLineBytes = 4 * 1_048_576

    /// The MCP server every message goes to.
    public let server: MCPServer
    /// The caller every message is made as.
    public let principal: Principal
    private let output: Mutex<@Sendable (Data) -> Void>
    private let sessionID = Mutex<String?>(nil)

    /// - Parameters:
    ///   - server: the MCP server; give it `maxBodyBytes` of at least ``maxLineBytes``.
    ///   - principal: the caller the messages are made as.
    ///   - write: writes bytes to the output (called with one complete line at a time, never concurrently).
    public init(server: MCPServer, principal: Principal, write: @escaping @Sendable (Data) -> Void) {
        self.server = server
        self.principal = principal
        self.output = Mutex(write)
    }

    /// Serves the messages of `lines` (one per element, without the newline) until it ends, then closes the open
    /// event streams and returns once everything started has been answered.
    public func run(lines: AsyncStream<Data>) async {
        await withTaskGroup(of: Void.self) { group in
            for await line in lines {
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                    continue
                }
                guard line.count <= Self.maxLineBytes else {
                    emit(JSONRPCError(.invalidRequest,
                        "Invalid Request: the message exceeds \(Self.maxLineBytes) bytes").response.canonicalData)
                    continue
                }
                let request = makeRequest(line)
                if request.sequential {
                    // initialize sets the session later requests use; notifications are cheap: keep their order.
                    await answer(await server.handle(request.request))
                } else {
                    group.addTask { await self.answer(await self.server.handle(request.request)) }
                }
            }
            // End of input: end the event streams (a subscriptions/listen one gets its final result first).
            let server = self.server
            server.closeStreams()
            // A stream opened by a request still starting is closed by a later sweep.
            let sweeper = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    server.closeStreams()
                }
            }
            await group.waitForAll()
            sweeper.cancel()
        }
    }

    /// The synthetic POST for one line, and whether it must be answered before the next line is read.
    func makeRequest(_ line: Data) -> (request: MCPHTTPRequest, sequential: Bool) {
        var headers: [String: String] = ["content-type": "application/json", "accept": "application/json, text/event-stream"]
        var sequential = true
        if let sid = sessionID.withLock({ $0 }) { headers["mcp-session-id"] = sid }
        if let message = try? JSONRPCMessage.parse(line) {
            let method: String?, params: JSONValue?
            switch message {
            case .request(_, let m, let p):
                method = m
                params = p
                sequential = m == "initialize"
            case .notification(let m, let p):
                method = m
                params = p
            case .response:
                method = nil
                params = nil
            }
            if let method, let version = params?["_meta"]?[MCPServer.protocolVersionMeta]?.stringValue {
                headers["mcp-protocol-version"] = version
                headers["mcp-method"] = method
                if let name = params?["name"]?.stringValue {
                    // The base64 sentinel carries any name exactly, whatever characters it has.
                    headers["mcp-name"] = "=?base64?" + Data(name.utf8).base64EncodedString() + "?="
                }
            }
        }
        let request = MCPHTTPRequest(method: "POST", headers: headers, body: line, principal: principal,
                                     requestID: "stdio-" + UUID().uuidString.lowercased())
        return (request, sequential)
    }

    /// Writes what `response` carries: its JSON as one line, or each event's data of its stream as one line.
    private func answer(_ response: MCPHTTPResponse) async {
        if let sid = response.header("Mcp-Session-Id") { sessionID.withLock { $0 = sid } }
        switch response.body {
        case .empty:
            break
        case .json(let data):
            emit(data)
        case .stream(let stream, let close):
            var pending = Data()
            for await chunk in stream {
                pending.append(chunk)
                for data in Self.takeEvents(&pending) { emit(data) }
            }
            close()
        }
    }

    /// Removes the complete server-sent events from the front of `buffer` and returns their data fields
    /// (comments, such as keep-alives, carry none and are dropped).
    static func takeEvents(_ buffer: inout Data) -> [Data] {
        var out: [Data] = []
        let separator = Data("\n\n".utf8)
        while let range = buffer.range(of: separator) {
            let event = buffer[buffer.startIndex..<range.lowerBound]
            buffer = Data(buffer[range.upperBound...])
            var data: [Data] = []
            for line in event.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                if line.starts(with: Data("data: ".utf8)) {
                    data.append(Data(line.dropFirst(6)))
                } else if line.starts(with: Data("data:".utf8)) {
                    data.append(Data(line.dropFirst(5)))
                }
            }
            if !data.isEmpty { out.append(Data(data.joined(separator: Data("\n".utf8)))) }
        }
        return out
    }

    /// Writes `message` and a newline, as one write, never interleaved with another.
    private func emit(_ message: Data) {
        var line = Data(message.filter { $0 != UInt8(ascii: "\n") && $0 != UInt8(ascii: "\r") })
        line.append(UInt8(ascii: "\n"))
        output.withLock { write in write(line) }
    }
}
