import Foundation
import Logging
import PostgresNIO
import Synchronization
import WardenCore

/// PostgreSQL servers for the tests. `.ci/run` starts one and sets `WARDEN_TEST_POSTGRES_URL`; without it the first
/// test that needs one starts a server of its own (scripts/postgres-test-server.sh) for the rest of the run. Each
/// test gets a database of its own. A test that must stop the server (a restart mid-load) starts a private one.
public enum PostgresTestServer {
    /// Whether a server is available or can be started here.
    public static var available: Bool {
        ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"] != nil || initdbInstalled
    }

    /// Why PostgreSQL tests are skipped, when they are.
    public static let skipReason =
        "PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb, no WARDEN_TEST_POSTGRES_URL); .ci/run installs and starts it"

    static var initdbInstalled: Bool {
        let base = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return versions.contains { FileManager.default.isExecutableFile(atPath: "\(base)/\($0)/bin/initdb") }
    }

    /// The repository root (where scripts/ is).
    public static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    private static let shared = Mutex<String?>(nil)

    /// The URL of the shared server's `postgres` database, starting the server when needed.
    public static func adminURL() throws -> String {
        if let url = ProcessInfo.processInfo.environment["WARDEN_TEST_POSTGRES_URL"] { return url }
        return try shared.withLock { url in
            if let url { return url }
            let server = try PrivatePostgres.start()
            // Kept for the whole test run; the process that started it stops it at exit.
            atexit { PrivatePostgres.stopAllAtExit() }
            url = server.adminURL
            return server.adminURL
        }
    }

    /// A new, empty database on the shared server; returns its URL.
    public static func makeDatabase() async throws -> String {
        try await makeDatabase(on: try adminURL())
    }

    /// A new, empty database on the server of `adminURL`; returns its URL.
    public static func makeDatabase(on adminURL: String) async throws -> String {
        let name = "warden_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        try await execute("CREATE DATABASE \(name)", on: adminURL)
        guard let cut = adminURL.range(of: "/", options: .backwards) else { return adminURL }
        return String(adminURL[..<cut.lowerBound]) + "/" + name
    }

    /// The first column of every row `sql` returns, as text (NULL as nil).
    public static func column(_ sql: String, on url: String) async throws -> [String?] {
        let connection = try await connect(url)
        do {
            var out: [String?] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "test.postgres")) {
                let cell = row.makeRandomAccess()[0]
                out.append(cell.bytes == nil ? nil : try cell.decode(String.self))
            }
            try await connection.close()
            return out
        } catch {
            try? await connection.close()
            throw error
        }
    }

    static func connect(_ url: String) async throws -> PostgresConnection {
        guard let c = URLComponents(string: url), let host = c.host, let user = c.user else {
            throw WardenError.invalidInput("not a postgres URL: \(url)")
        }
        let config = PostgresConnection.Configuration(host: host, port: c.port ?? 5432, username: user, password: c.password,
                                                      database: String(c.path.dropFirst()), tls: .disable)
        return try await PostgresConnection.connect(configuration: config, id: 1, logger: Logger(label: "test.postgres"))
    }

    /// Runs statements (no parameters, separated by `;`) on the database of `url`, as an attacker or an operator would.
    public static func execute(_ sql: String, on url: String) async throws {
        let connection = try await connect(url)
        do {
            for statement in sql.split(separator: ";") where !statement.allSatisfy(\.isWhitespace) {
                try await connection.query(PostgresQuery(unsafeSQL: String(statement)), logger: Logger(label: "test.postgres"))
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// A PostgreSQL server of one test (or of the run), in a temporary directory on a free loopback port.
public final class PrivatePostgres: Sendable {
    public let directory: String
    public let port: Int
    /// The URL of its `postgres` database.
    public let adminURL: String

    private static let running = Mutex<[String]>([])

    init(directory: String, port: Int, adminURL: String) {
        self.directory = directory
        self.port = port
        self.adminURL = adminURL
    }

    /// initdb and start.
    /// - Throws: when the script fails (its output is in the message).
    public static func start() throws -> PrivatePostgres {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-pg-\(UUID().uuidString.prefix(8))").path
        let port = try freePort()
        let url = try script(["start", directory, String(port)]).trimmingCharacters(in: .whitespacesAndNewlines)
        running.withLock { $0.append(directory) }
        return PrivatePostgres(directory: directory, port: port, adminURL: url)
    }

    /// Stops the server (fast shutdown: connections are cut, committed work is kept).
    public func stop() throws {
        _ = try Self.script(["stop", directory])
        Self.running.withLock { $0.removeAll { $0 == directory } }
    }

    /// Stops and starts it again on the same port, keeping the data.
    public func restart() throws { _ = try Self.script(["restart", directory]) }

    /// Starts it again after ``stop()``.
    public func startAgain() throws {
        _ = try Self.script(["start", directory, String(port)])
        Self.running.withLock { $0.append(directory) }
    }

    static func stopAllAtExit() {
        for d in running.withLock({ $0 }) { _ = try? script(["stop", d]) }
    }

    /// Runs scripts/postgres-test-server.sh with `arguments` and returns its standard output. Spawned and reaped with
    /// posix_spawn and waitpid: Foundation's `Process.waitUntilExit` spun for ever here once the script had started a
    /// daemon (the server) that outlives it.
    static func script(_ arguments: [String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-pg-script-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
        let scriptPath = PostgresTestServer.repositoryRoot.appendingPathComponent("scripts/postgres-test-server.sh").path
        let quoted = ([scriptPath] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let argv = ["/bin/bash", "-c", "\(quoted) >'\(out)' 2>'\(err)' </dev/null"]
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, &attributes, &cArgs, environ)
        guard spawned == 0 else { throw WardenError(.internal, "cannot run postgres-test-server.sh: errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        let exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitCode == 0 else {
            throw WardenError(.internal, "postgres-test-server.sh \(arguments.first ?? "") failed (\(exitCode)): \(errors)")
        }
        return output
    }

    /// A loopback port nobody listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WardenError(.internal, "socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw WardenError(.internal, "bind() failed") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
