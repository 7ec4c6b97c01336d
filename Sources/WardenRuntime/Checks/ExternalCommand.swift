import Foundation
import Synchronization
import WardenCore

/// Runs a program with a timeout, keeping the tail of what it writes, for the static-analysis hook.
struct ExternalCommand: Sendable {
    enum Outcome: Sendable, Equatable {
        case exited(status: Int32, output: String)
        /// Killed by a signal it did not get from us (it crashed).
        case crashed(signal: Int32, output: String)
        case timedOut(output: String)
        case couldNotStart(String)
    }

    var arguments: [String]
    var environment: [String: String]
    var timeout: Duration
    var maxOutputBytes: Int

    /// Runs the command; never throws. On timeout its process group gets SIGTERM, then SIGKILL a second later; once it
    /// has exited, whatever it left running in its group is killed.
    func run() async -> Outcome {
        guard let program = arguments.first, !program.isEmpty else { return .couldNotStart("the command is empty") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program.contains("/") ? program : "/usr/bin/env")
        process.arguments = program.contains("/") ? Array(arguments.dropFirst()) : arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        let tail = OutputTail(limit: maxOutputBytes)
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        let reader = pipe.fileHandleForReading
        do { try process.runWithDefaultSignalMask() } catch {
            return .couldNotStart("\(program.prefix(200)) could not be started: \(error.localizedDescription)")
        }
        // Read on a thread of its own: a chatty scanner must never block on a full pipe.
        let drained = AsyncStream<Void>.makeStream()
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                tail.append(chunk)
            }
            drained.continuation.yield(); drained.continuation.finish()
        }
        let timedOut = await withTaskGroup(of: Bool.self) { group in
            group.addTask { for await _ in exited.stream {}; return false }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return false }
                return true
            }
            let first = await group.next() ?? false
            if first {
                // The scanner leads its own process group (Foundation starts it so): its children go with it.
                kill(-process.processIdentifier, SIGTERM)
                try? await Task.sleep(for: .seconds(1))
                if process.isRunning { kill(-process.processIdentifier, SIGKILL) }
            }
            group.cancelAll()
            return first
        }
        process.waitUntilExit()
        // Children left behind would hold the pipe open and the reader with it.
        kill(-process.processIdentifier, SIGKILL)
        for await _ in drained.stream {}
        let output = tail.text
        if timedOut { return .timedOut(output: output) }
        if process.terminationReason == .uncaughtSignal { return .crashed(signal: process.terminationStatus, output: output) }
        return .exited(status: process.terminationStatus, output: output)
    }
}

/// The last `limit` bytes written, as text (cut at a line start where possible).
final class OutputTail: Sendable {
    private let state = Mutex<(data: Data, dropped: Bool)>((Data(), false))
    let limit: Int

    init(limit: Int) { self.limit = max(256, limit) }

    func append(_ chunk: Data) {
        state.withLock { s in
            s.data.append(chunk)
            if s.data.count > limit * 2 {
                s.data = Data(s.data.suffix(limit))
                s.dropped = true
            }
        }
    }

    var text: String {
        let (data, dropped) = state.withLock { s in (Data(s.data.suffix(limit)), s.dropped || s.data.count > limit) }
        var text = String(decoding: data, as: UTF8.self)
        if dropped {
            if let nl = text.firstIndex(of: "\n") { text = String(text[text.index(after: nl)...]) }
            text = "…\n" + text
        }
        return text
    }
}
