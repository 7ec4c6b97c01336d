import Foundation
import WardenCore
#if canImport(Glibc)
import Glibc
#endif

/// A client of one upstream MCP server run as a child process over stdio: newline-delimited JSON-RPC on its
/// stdin and stdout, its stderr discarded. It uses the `initialize` handshake (2025-11-25 or the version the
/// server answers) and starts the process again, with a new handshake, when it has died.
///
/// Starting it makes the whole process ignore `SIGPIPE`, so that writing to a child that died is an error, not
/// the end of Warden.
public actor MCPUpstreamStdioClient: MCPUpstreamConnection {
    /// The command: an executable (a path, or a name looked up in `PATH`) and its arguments.
    public nonisolated let command: [String]
    let maxResponseBytes: Int

    private struct Running {
        let process: Process
        let stdin: FileHandle
        let generation: Int
    }

    private var running: Running?
    private var starting: Task<Void, any Error>?
    private var generation = 0
    private var nextID = 1
    private var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]

    /// A client of `command` (started on first use); lines longer than `maxResponseBytes` are dropped.
    public init(command: [String], maxResponseBytes: Int = 4 * 1_048_576) {
        self.command = command
        self.maxResponseBytes = maxResponseBytes
    }

    deinit {
        if let running, running.process.isRunning { running.process.terminate() }
    }

    /// Stops the child process, failing the requests in flight.
    public func stop() {
        if let running, running.process.isRunning { running.process.terminate() }
        running = nil
        failAll(WardenError(.upstreamUnavailable, "the upstream MCP process was stopped"))
    }

    /// Lists the tools (`bearer` is ignored: stdio has no HTTP headers).
    public func listTools(bearer: String?) async throws -> [JSONValue] {
        var tools: [JSONValue] = []
        var cursor: String?
        for _ in 0..<100 {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let result = try await send(method: "tools/list", params: params, timeout: .seconds(30))
            tools += result["tools"]?.arrayValue ?? []
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        return tools
    }

    /// Calls a tool (`bearer` is ignored); `timeout` fails the call with `timeout` when the process does not answer.
    public func callTool(name: String, arguments: JSONValue, bearer: String?, timeout: Duration) async throws -> MCPUpstreamCallResult {
        let result = try await send(method: "tools/call", params: ["name": .string(name), "arguments": arguments], timeout: timeout)
        return MCPUpstreamCallResult.parse(result)
    }

    // MARK: process

    /// The child's process id while it runs (for operators and tests).
    public var processIdentifier: Int32? {
        guard let running, running.process.isRunning else { return nil }
        return running.process.processIdentifier
    }

    /// The request could not be written: the child is gone and nothing reached it, so trying again is safe.
    private struct NotDelivered: Error {}

    private func send(method: String, params: JSONValue, timeout: Duration) async throws -> JSONValue {
        do {
            try await ensureStarted()
            return try await rpc(method: method, params: params, timeout: timeout)
        } catch is NotDelivered {
            // The child died since the last call: start it again and send once more.
            do {
                try await ensureStarted()
                return try await rpc(method: method, params: params, timeout: timeout)
            } catch is NotDelivered {
                throw WardenError(.upstreamUnavailable, "the upstream MCP process does not accept input")
            }
        }
    }

    private func ensureStarted() async throws {
        if let running, running.process.isRunning { return }
        if let starting { return try await starting.value }
        let task = Task { try await self.start() }
        starting = task
        defer { starting = nil }
        try await task.value
    }

    private func start() async throws {
        running = nil
        failAll(WardenError(.upstreamUnavailable, "the upstream MCP process ended"))
        guard let executable = command.first, !executable.isEmpty else {
            throw WardenError(.internal, "the MCP upstream's command is empty")
        }
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.runWithDefaultSignalMask()
        } catch {
            throw WardenError(.upstreamUnavailable, "the upstream MCP command could not be started")
        }
        generation += 1
        let gen = generation
        running = Running(process: process, stdin: input.fileHandleForWriting, generation: gen)
        let (stream, continuation) = AsyncStream.makeStream(of: Data.self)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(data)
            }
        }
        let limit = maxResponseBytes
        Task { [weak self] in
            var buffer = Data()
            for await chunk in stream {
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: 0x0A) {
                    let line = buffer[buffer.startIndex..<newline]
                    buffer = Data(buffer[(newline + 1)...])
                    if let message = try? JSONValue(parsing: line) {
                        await self?.received(message, generation: gen)
                    }
                }
                if buffer.count > limit { buffer.removeAll() } // an over-long line is dropped
            }
            await self?.ended(generation: gen)
        }
        let params: JSONValue = ["protocolVersion": .string(UpstreamJSONRPC.legacyVersion), "capabilities": [:],
                                 "clientInfo": UpstreamJSONRPC.clientInfo]
        do {
            _ = try await rpc(method: "initialize", params: params, timeout: .seconds(30))
            try write(UpstreamJSONRPC.notification(method: "notifications/initialized"))
        } catch is NotDelivered {
            throw WardenError(.upstreamUnavailable, "the upstream MCP process ended during its start")
        }
    }

    private func write(_ message: JSONValue) throws {
        guard let current = running, current.process.isRunning else {
            running = nil
            throw NotDelivered()
        }
        var data = message.canonicalData
        data.append(0x0A)
        do {
            try current.stdin.write(contentsOf: data)
        } catch {
            if current.process.isRunning { current.process.terminate() }
            running = nil
            throw NotDelivered()
        }
    }

    private func rpc(method: String, params: JSONValue, timeout: Duration) async throws -> JSONValue {
        let id = nextID
        nextID += 1
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.fail(id: id, WardenError(.timeout, "the upstream MCP process did not answer \(method) in time"))
        }
        defer { timer.cancel() }
        let response = try await withCheckedThrowingContinuation { (c: CheckedContinuation<JSONValue, any Error>) in
            pending[id] = c
            do {
                try write(UpstreamJSONRPC.request(id: id, method: method, params: params))
            } catch {
                fail(id: id, error)
            }
        }
        return try UpstreamJSONRPC.result(of: response, method: method, redacting: [])
    }

    private func received(_ message: JSONValue, generation gen: Int) {
        guard gen == generation, let n = message["id"]?.numberValue, let id = Int(n.description),
              message["result"] != nil || message["error"] != nil,
              let c = pending.removeValue(forKey: id) else { return }
        c.resume(returning: message)
    }

    private func ended(generation gen: Int) {
        guard gen == generation else { return }
        running = nil
        failAll(WardenError(.upstreamUnavailable, "the upstream MCP process ended"))
    }

    private func fail(id: Int, _ error: any Error) {
        pending.removeValue(forKey: id)?.resume(throwing: error)
    }

    private func failAll(_ error: any Error) {
        let all = pending
        pending.removeAll()
        for (_, c) in all { c.resume(throwing: error) }
    }
}
