import Foundation
import Testing
import WardenCore
@testable import WardenRuntime

@Suite("Secrets")
struct SecretsTests {
    @Test("a secret never prints its value")
    func redactedPrinting() {
        let s = Secret("hunter2")
        #expect("\(s)" == "<redacted>")
        #expect(String(describing: s) == "<redacted>")
        #expect(String(reflecting: s) == "<redacted>")
        var dumped = ""
        dump(s, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect("\([s])".contains("<redacted>") && !"\([s])".contains("hunter2"))
        #expect(!String(describing: Optional(s)).contains("hunter2"))
        #expect(s.reveal() == "hunter2")
    }

    @Test("environment secrets, with and without a prefix")
    func environment() {
        let env = ["WARDEN_SECRET_GITHUB_TOKEN": "ghp_x", "GITHUB_TOKEN": "plain", "WARDEN_SECRET_EMPTY": "", "PATH": "/bin"]
        let prefixed = EnvironmentSecrets(prefix: "WARDEN_SECRET_", environment: env)
        #expect(prefixed.secret(named: "GITHUB_TOKEN")?.reveal() == "ghp_x")
        #expect(prefixed.secret(named: "PATH") == nil)
        #expect(prefixed.secret(named: "EMPTY") == nil)
        #expect(prefixed.missing(["GITHUB_TOKEN", "PATH", "EMPTY"]) == ["PATH", "EMPTY"])
        let bare = EnvironmentSecrets(environment: env)
        #expect(bare.secret(named: "GITHUB_TOKEN")?.reveal() == "plain")
        #expect(bare.secret(named: "") == nil)
    }

    @Test("the process environment is the default")
    func processEnvironment() {
        setenv("WARDEN_TEST_SECRET_PROBE", "from-process", 1)
        defer { unsetenv("WARDEN_TEST_SECRET_PROBE") }
        #expect(EnvironmentSecrets(prefix: "WARDEN_TEST_SECRET_").secret(named: "PROBE")?.reveal() == "from-process")
    }

    @Test("directory secrets: one trailing newline stripped, traversal refused, large and odd files ignored")
    func directory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("warden-secrets-\(UUID().uuidString)")
        let dir = root.appendingPathComponent("mounted")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ name: String, _ text: String, in base: URL? = nil) throws {
            try Data(text.utf8).write(to: (base ?? dir).appendingPathComponent(name))
        }
        try write("API_KEY", "abc123\n")
        try write("TWO_LINES", "abc\n\n")
        try write("CRLF", "abc\r\n")
        try write("NO_NEWLINE", "xyz")
        try write("EMPTY", "\n")
        try write("BIG", String(repeating: "x", count: 64 * 1024 + 1))
        try write("EXACT", String(repeating: "y", count: 64 * 1024))
        try write("OUTSIDE", "escaped", in: root)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("SUBDIR"), withIntermediateDirectories: true)
        // Kubernetes mounts each key as a symlink into a `..data` directory.
        let data = dir.appendingPathComponent("..data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        try write("LINKED", "via-link\n", in: data)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("LINKED").path, withDestinationPath: "..data/LINKED")

        let secrets = DirectorySecrets(directory: dir.path)
        #expect(secrets.secret(named: "API_KEY")?.reveal() == "abc123")
        #expect(secrets.secret(named: "TWO_LINES")?.reveal() == "abc\n")
        #expect(secrets.secret(named: "CRLF")?.reveal() == "abc")
        #expect(secrets.secret(named: "NO_NEWLINE")?.reveal() == "xyz")
        #expect(secrets.secret(named: "LINKED")?.reveal() == "via-link")
        #expect(secrets.secret(named: "EXACT")?.reveal().count == 64 * 1024)
        #expect(secrets.secret(named: "EMPTY") == nil)
        #expect(secrets.secret(named: "BIG") == nil)
        #expect(secrets.secret(named: "SUBDIR") == nil)
        #expect(secrets.secret(named: "MISSING") == nil)
        for name in ["../OUTSIDE", "..", "sub/../../OUTSIDE", "/etc/passwd", "..data", ".hidden", "a\\b", "a\0b", ""] {
            #expect(secrets.secret(named: name) == nil, "\(name) must be refused")
            #expect(!DirectorySecrets.isSafeName(name))
        }
        #expect(secrets.missing(["API_KEY", "BIG", "../OUTSIDE"]) == ["BIG", "../OUTSIDE"])
    }

    @Test("a chain asks its providers in order")
    func chained() {
        let chain = ChainedSecrets([FixedSecrets(values: ["A": "first"]), FixedSecrets(values: ["A": "second", "B": "b"])])
        #expect(chain.secret(named: "A")?.reveal() == "first")
        #expect(chain.secret(named: "B")?.reveal() == "b")
        #expect(chain.secret(named: "C") == nil)
        #expect(chain.missing(["A", "B", "C"]) == ["C"])
        #expect(ChainedSecrets([]).secret(named: "A") == nil)
    }

    @Test("redactor", arguments: [
        (["s3cr3t"], "token s3cr3t rejected", "token [REDACTED] rejected"),
        (["s3cr3t"], "s3cr3ts3cr3t", "[REDACTED][REDACTED]"),
        (["abc", "abcdef"], "xabcdefx abc", "x[REDACTED]x [REDACTED]"),
        (["pässwörd"], "é pässwörd é", "é [REDACTED] é"),
        (["s3cr3t"], "nothing here", "nothing here"),
        ([""], "empty secrets are ignored", "empty secrets are ignored"),
        ([String](), "no secrets", "no secrets"),
    ])
    func redactor(values: [String], text: String, expected: String) {
        #expect(SecretRedactor(values: values).redact(text) == expected)
    }

    @Test("redactor on errors and JSON")
    func redactorStructured() {
        let r = SecretRedactor(secrets: [Secret("tok-123")])
        let e = r.redact(WardenError(.upstreamRejected, "401 for tok-123", details: ["header": "Bearer tok-123"]))
        #expect(e.message == "401 for [REDACTED]")
        #expect(e.details == ["header": "Bearer [REDACTED]"])
        let v: JSONValue = ["echo": ["tok-123", 1, true], "tok-123": "k"]
        #expect(r.redact(v) == ["echo": ["[REDACTED]", 1, true], "[REDACTED]": "k"])
    }
}
