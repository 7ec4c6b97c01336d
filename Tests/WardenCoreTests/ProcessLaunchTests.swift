import Foundation
import Testing
import WardenCore

@Suite("Starting child processes")
struct ProcessLaunchTests {
    @Test("a child started from a task has no signal blocked, so terminate() stops it at once")
    func childGetsSIGTERM() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sleep")
        p.arguments = ["30"]
        try p.runWithDefaultSignalMask()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        #if os(Linux)
        let status = try String(contentsOfFile: "/proc/\(p.processIdentifier)/status", encoding: .utf8)
        let blocked = status.split(separator: "\n").first { $0.hasPrefix("SigBlk:") }
        #expect(blocked?.split(separator: "\t").last == "0000000000000000", "\(blocked ?? "no SigBlk line")")
        #endif
        let started = Date()
        p.terminate()
        while p.isRunning && Date().timeIntervalSince(started) < 10 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!p.isRunning)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM)
    }
}
