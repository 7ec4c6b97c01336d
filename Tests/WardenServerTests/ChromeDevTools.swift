import Foundation
import HummingbirdWSClient
import Logging
import Synchronization
import WardenCore

/// Headless Debian `chromium`, started for one test and driven over the Chrome DevTools Protocol (CDP).
final class HeadlessChromium: Sendable {
    let process: Process
    let profile: URL
    /// The browser's CDP endpoint (`ws://127.0.0.1:PORT/devtools/browser/ID`).
    let endpoint: String

    /// The `chromium` executable on PATH (or `CHROMIUM`), nil when there is none.
    static func executable() -> String? {
        if let path = ProcessInfo.processInfo.environment["CHROMIUM"], FileManager.default.isExecutableFile(atPath: path) { return path }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    /// Starts chromium and waits (up to 30 s) for its `DevTools listening on ws://…` line.
    init(executable: String) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("warden-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                       "--no-default-browser-check", "--disable-extensions", "--window-size=1200,900",
                       "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir=\(profile.path)", "about:blank"]
        let stderr = Pipe()
        p.standardError = stderr
        p.standardOutput = FileHandle.nullDevice
        let found = Mutex<(String?, String)>((nil, ""))
        let ready = DispatchSemaphore(value: 0)
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; ready.signal(); return }
            let done = found.withLock { state -> Bool in
                guard state.0 == nil else { return false }
                state.1 += String(decoding: data, as: UTF8.self)
                guard let range = state.1.range(of: "DevTools listening on ") else { return false }
                let rest = state.1[range.upperBound...]
                guard let end = rest.firstIndex(where: \.isNewline) else { return false }
                state.0 = String(rest[..<end])
                return true
            }
            if done { ready.signal() }
        }
        try p.runWithDefaultSignalMask()
        process = p
        _ = ready.wait(timeout: .now() + 30)
        let (url, output) = found.withLock { $0 }
        guard let url else {
            p.terminate()
            throw WardenError(.internal, "chromium did not print its DevTools endpoint: \(output.suffix(2000))")
        }
        endpoint = url
    }

    /// Ends chromium (and with it its child processes) and removes its profile.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(3)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: profile)
    }
}

/// One CDP connection: commands by id, answered in any order; events are kept for ``waitForEvent(_:timeout:)``.
actor DevToolsSession {
    private let outbound: WebSocketOutboundWriter
    private var nextID = 0
    private var waiting: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
    private var events: [(method: String, params: JSONValue)] = []
    /// The page session (Target.attachToTarget with flatten) that page commands go to.
    var pageSession: String?

    init(outbound: WebSocketOutboundWriter) { self.outbound = outbound }

    private struct Envelope: Decodable {
        var id: Int?
        var method: String?
    }

    func receive(_ text: String) {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(text.utf8)),
            let message = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        else { return }
        if let id = envelope.id, let continuation = waiting.removeValue(forKey: id) {
            if let error = message["error"] {
                continuation.resume(throwing: WardenError(.internal, "CDP error: \(error.canonicalString)"))
            } else {
                continuation.resume(returning: message["result"] ?? .null)
            }
        } else if let method = envelope.method {
            events.append((method, message["params"] ?? .null))
            if events.count > 500 { events.removeFirst(100) }
        }
    }

    func fail(_ error: any Error) {
        for (_, c) in waiting { c.resume(throwing: error) }
        waiting = [:]
    }

    /// Sends `method` (to the page session unless `browser`) and returns its result.
    @discardableResult
    func send(_ method: String, _ params: [String: JSONValue] = [:], browser: Bool = false) async throws -> JSONValue {
        nextID += 1
        let id = nextID
        var message: [String: JSONValue] = ["id": .number(JSONNumber(id)), "method": .string(method), "params": .object(params)]
        if !browser, let pageSession { message["sessionId"] = .string(pageSession) }
        let text = JSONValue.object(message).canonicalString
        return try await withCheckedThrowingContinuation { continuation in
            waiting[id] = continuation
            Task { do { try await outbound.write(.text(text)) } catch { self.fail(error) } }
        }
    }

    func attach(_ session: String) { pageSession = session }

    /// The value of a JavaScript expression in the page (awaiting a promise).
    @discardableResult
    func evaluate(_ expression: String) async throws -> JSONValue {
        let r = try await send("Runtime.evaluate", ["expression": .string(expression), "returnByValue": true, "awaitPromise": true])
        if let exception = r["exceptionDetails"] { throw WardenError(.internal, "page script failed: \(exception.canonicalString.prefix(500))") }
        return r["result"]?["value"] ?? .null
    }

    /// Polls `expression` until it is true (or `timeout` passes).
    func waitUntil(_ expression: String, timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await evaluate(expression))?.boolValue == true { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Navigates and waits until the new document has loaded.
    func navigate(_ url: String) async throws {
        try await send("Page.navigate", ["url": .string(url)])
        _ = try await waitUntil("document.readyState === 'complete' && location.href.startsWith(\(JSONValue.string(url).canonicalString))")
    }

    /// Saves a PNG screenshot of the page at `path`.
    func screenshot(_ path: URL) async throws {
        let r = try await send("Page.captureScreenshot", ["format": "png"])
        guard let b64 = r["data"]?.stringValue, let data = Data(base64Encoded: b64) else {
            throw WardenError(.internal, "no screenshot data")
        }
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: path)
    }
}

extension HeadlessChromium {
    /// Opens a page target, attaches to it and runs `body` with the session; the connection closes after.
    func withPage(logger: Logger, _ body: @escaping @Sendable (DevToolsSession) async throws -> Void) async throws {
        var configuration = WebSocketClientConfiguration()
        configuration.maxFrameSize = 1 << 26
        let failure = Mutex<(any Error)?>(nil)
        try await WebSocketClient.connect(url: endpoint, configuration: configuration, logger: logger) { inbound, outbound, _ in
            let session = DevToolsSession(outbound: outbound)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await message in inbound.messages(maxSize: 1 << 26) {
                            if case .text(let text) = message { await session.receive(text) }
                        }
                    } catch {}
                    await session.fail(WardenError(.internal, "the DevTools connection closed"))
                }
                do {
                    let target = try await session.send("Target.createTarget", ["url": "about:blank"], browser: true)
                    guard let id = target["targetId"]?.stringValue else { throw WardenError(.internal, "no target id") }
                    let attached = try await session.send("Target.attachToTarget", ["targetId": .string(id), "flatten": true], browser: true)
                    guard let sid = attached["sessionId"]?.stringValue else { throw WardenError(.internal, "no session id") }
                    await session.attach(sid)
                    try await session.send("Page.enable")
                    try await session.send("Runtime.enable")
                    try await body(session)
                } catch {
                    failure.withLock { $0 = error }
                }
                group.cancelAll()
            }
            try? await outbound.close(.normalClosure, reason: nil)
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
