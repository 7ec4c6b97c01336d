import AsyncHTTPClient
import Foundation
import JSONSchema
import NIOSSL
import Synchronization
import WardenCore

/// Where the Python peers live: `WARDEN_TEST_PYTHON`, else `<repo>/.venv-peers/bin/python` when it exists.
public enum PeerVenv {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var python: URL? {
        if let explicit = ProcessInfo.processInfo.environment["WARDEN_TEST_PYTHON"] { return URL(fileURLWithPath: explicit) }
        let venv = repositoryRoot.appendingPathComponent(".venv-peers/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }
}

/// `scripts/a2a-peer-agent.py` (an agent built with the official a2a-sdk) as a real process on a free loopback port.
/// Start it with ``start(name:_:tls:)``, read what it saw with ``stats()``, stop it with ``stop()``.
public final class A2APeerAgent: Sendable {
    public static let script = PeerVenv.repositoryRoot.appendingPathComponent("scripts/a2a-peer-agent.py")

    public struct TLSFiles: Sendable {
        public var certificate: String
        public var key: String
        public var clientCA: String
        /// The CA file the client trusts for the peer's server certificate.
        public var serverCA: String

        public init(certificate: String, key: String, clientCA: String, serverCA: String) {
            self.certificate = certificate
            self.key = key
            self.clientCA = clientCA
            self.serverCA = serverCA
        }
    }

    public let name: String
    public let port: Int
    public let tls: TLSFiles?
    private let process: Process
    private let logFile: URL
    private let stopped = Mutex(false)

    /// The base URL (`http://127.0.0.1:<port>`, or https with TLS).
    public var base: String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)" }
    /// The JSON-RPC endpoint.
    public var endpoint: String { base + "/a2a" }

    private init(name: String, port: Int, tls: TLSFiles?, process: Process, logFile: URL) {
        self.name = name
        self.port = port
        self.tls = tls
        self.process = process
        self.logFile = logFile
    }

    /// Starts the peer with `flags` and waits until it accepts connections.
    public static func start(name: String = "peer", _ flags: [String] = [], tls: TLSFiles? = nil) async throws -> A2APeerAgent {
        guard let python = PeerVenv.python else { throw PeerFailure(message: "the Python peers are not installed (.venv-peers)") }
        let port = try freePort()
        let logFile = FileManager.default.temporaryDirectory.appendingPathComponent("warden-a2a-peer-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let p = Process()
        p.executableURL = python
        var arguments = [script.path, "--port", String(port), "--name", name] + flags
        if let tls { arguments += ["--tls-cert", tls.certificate, "--tls-key", tls.key, "--tls-client-ca", tls.clientCA] }
        p.arguments = arguments
        let handle = try FileHandle(forWritingTo: logFile)
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        let peer = A2APeerAgent(name: name, port: port, tls: tls, process: p, logFile: logFile)
        let deadline = ContinuousClock.now + .seconds(30)
        while !accepts(port: port) {
            guard p.isRunning, ContinuousClock.now < deadline else {
                let log = peer.log()
                await peer.stop()
                throw PeerFailure(message: "the A2A peer did not start on port \(port): \(log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return peer
    }

    public struct PeerFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// What the peer counted: `posts` (every POST to /a2a), `answered` (those passed to the SDK), `tokens` (issued
    /// OAuth tokens), `unauthorized`, `lastHeaders`, `lastBody`.
    public func stats() async throws -> JSONValue {
        try await get("/stats")
    }

    public func posts() async throws -> Int { try await stats()["posts"]?.numberValue?.intValue ?? -1 }

    public func get(_ path: String) async throws -> JSONValue {
        var request = HTTPClientRequest(url: base + path)
        request.method = .GET
        request.tlsConfiguration = try testClientTLS()
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return try JSONValue(parsing: Data(body.readableBytesView))
    }

    public func post(_ path: String) async throws {
        var request = HTTPClientRequest(url: base + path)
        request.method = .POST
        request.tlsConfiguration = try testClientTLS()
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10)).body.collect(upTo: 1 << 20)
    }

    /// A TLS configuration for the test's own calls (stats) to a TLS peer; nil for plain HTTP.
    private func testClientTLS() throws -> TLSConfiguration? {
        guard tls != nil else { return nil }
        return testTLS.withLock { $0 }
    }

    /// Set by the mTLS test: the configuration its own /stats calls use.
    public let testTLS = Mutex<TLSConfiguration?>(nil)

    /// Stops the process (SIGTERM, then SIGKILL) and waits for it off the cooperative pool.
    public func stop() async {
        let first = stopped.withLock { was in
            defer { was = true }
            return !was
        }
        guard first else { return }
        let process = self.process
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            Thread {
                if process.isRunning { process.terminate() }
                let deadline = Date().addingTimeInterval(3)
                while process.isRunning && Date() < deadline { usleep(10_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                c.resume()
            }.start()
        }
        try? FileManager.default.removeItem(at: logFile)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// A loopback port that was free a moment ago.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PeerFailure(message: "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw PeerFailure(message: "bind() failed") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` (a loopback connect answers at once).
    public static func accepts(port: Int) -> Bool {
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

