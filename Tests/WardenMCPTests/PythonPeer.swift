import Foundation
import Synchronization
import Testing
import WardenCore

/// The official Python `mcp` package as a real peer: finds the virtualenv `.ci/run` creates, runs scripts in it.
enum PythonPeer {
    /// The repository root, found from this file.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The virtualenv's python: `WARDEN_TEST_PYTHON`, else `<repo>/.venv-peers/bin/python`.
    /// - Throws: a message saying how to create the virtualenv when it is missing.
    static func python() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["WARDEN_TEST_PYTHON"] {
            return URL(fileURLWithPath: explicit)
        }
        let venv = repositoryRoot.appendingPathComponent(".venv-peers/bin/python")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            throw PeerError(message: """
                the Python peers are not installed: run `python3 -m venv .venv-peers && \
                .venv-peers/bin/pip install mcp "a2a-sdk[http-server]" jsonschema` in the repository (or `bash .ci/run`)
                """)
        }
        return venv
    }

    struct PeerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// The result of a finished script.
    struct Run: CustomStringConvertible {
        var status: Int32
        var out: String
        var err: String
        var description: String { "exit \(status)\n--- stdout:\n\(out)\n--- stderr:\n\(err)" }
    }

    /// Runs `script` (Python source) with `arguments` to completion; killed after `timeout` seconds.
    static func run(_ script: String, arguments: [String] = [], environment: [String: String] = [:],
                    timeout: TimeInterval = 60) throws -> Run {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-py-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("script.py")
        try Data(script.utf8).write(to: file)
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let p = Process()
        p.executableURL = try python()
        p.arguments = [file.path] + arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        p.standardOutput = try FileHandle(forWritingTo: outURL)
        p.standardError = try FileHandle(forWritingTo: errURL)
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        // Foundation's Process does not always notice a child's exit while another child (a peer server) runs,
        // so wait for this one by its pid.
        let status = waitForExit(p, timeout: timeout)
        return Run(status: status,
                   out: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                   err: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// Waits for `process` to exit (killing it after `timeout` seconds) and returns its exit status
    /// (128 + signal when a signal ended it).
    static func waitForExit(_ process: Process, timeout: TimeInterval) -> Int32 {
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        var killed = false
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r == -1 {
                // Foundation reaped the child first (ECHILD): wait until it has recorded the exit status.
                let settle = Date().addingTimeInterval(5)
                while process.isRunning && Date() < settle { usleep(10_000) }
                return process.isRunning ? -1 : process.terminationStatus
            }
            if !killed && Date() > deadline {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(10_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// A long-running Python process (e.g. an upstream MCP server), stopped by ``stop()``.
    final class Server: @unchecked Sendable {
        let process: Process
        let directory: URL
        /// The port it was told to listen on.
        let port: Int

        /// Starts `script` with the port as its first argument, and waits until the port accepts connections.
        init(_ script: String, extraArguments: [String] = [], startupTimeout: TimeInterval = 30) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-pysrv-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let file = directory.appendingPathComponent("server.py")
            try Data(script.utf8).write(to: file)
            port = try PythonPeer.freePort()
            process = Process()
            process.executableURL = try PythonPeer.python()
            process.arguments = [file.path, String(port)] + extraArguments
            let logURL = directory.appendingPathComponent("log")
            FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let handle = try FileHandle(forWritingTo: logURL)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.runWithDefaultSignalMask()
            let deadline = Date().addingTimeInterval(startupTimeout)
            while !PythonPeer.accepts(port: port) {
                guard process.isRunning, Date() < deadline else {
                    stop()
                    throw PeerError(message: "the Python server did not start listening on port \(port): \(self.log())")
                }
                usleep(50_000)
            }
        }

        /// What the server printed so far.
        func log() -> String {
            (try? String(contentsOf: directory.appendingPathComponent("log"), encoding: .utf8)) ?? ""
        }

        private let stopped = Mutex(false)

        func stop() {
            let first = stopped.withLock { was in
                defer { was = true }
                return !was
            }
            if first {
                process.terminate()
                _ = PythonPeer.waitForExit(process, timeout: 3)
            }
            try? FileManager.default.removeItem(at: directory)
        }

        deinit { stop() }
    }

    /// A loopback port that was free a moment ago.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerError(message: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw PeerError(message: "bind() failed") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return r == 0
    }
}

/// The upstream MCP server of peers.md, for smoke-testing the peer support itself.
let minimalUpstreamScript = #"""
import sys
from mcp.server.mcpserver import MCPServer
app = MCPServer("upstream")

@app.tool()
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b

app.run(transport="streamable-http", host="127.0.0.1", port=int(sys.argv[1]))
"""#

@Suite("Python peers")
struct PythonPeerTests {
    @Test("the official mcp package is installed and an upstream server starts")
    func upstreamStarts() throws {
        let server = try PythonPeer.Server(minimalUpstreamScript)
        defer { server.stop() }
        #expect(PythonPeer.accepts(port: server.port))
        let version = try PythonPeer.run("import importlib.metadata as m; print(m.version('mcp'))")
        #expect(version.status == 0, "\(version)")
        #expect(version.out.hasPrefix("2."), "\(version)")
    }
}
