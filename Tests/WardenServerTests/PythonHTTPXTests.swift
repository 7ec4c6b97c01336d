import Foundation
import TLSTestSupport
import Testing
import WardenCore
@testable import WardenServer

/// The peers' Python (`WARDEN_TEST_PYTHON`, else `<repo>/.venv-peers/bin/python`, which `.ci/run` makes), when it has httpx.
enum PeerPython {
    static let path: String? = {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let python = ProcessInfo.processInfo.environment["WARDEN_TEST_PYTHON"] ?? repository.appendingPathComponent(".venv-peers/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python), (try? run(python, ["-c", "import httpx"]))?.status == 0 else { return nil }
        return python
    }()

    /// Runs `python` with `arguments` on a thread of its own (never on the cooperative pool, which the in-process
    /// server needs), killed after `timeout` seconds.
    static func run(_ python: String, _ arguments: [String], timeout: TimeInterval = 180) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.runWithDefaultSignalMask()
        let killer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    static func runOffPool(_ python: String, _ arguments: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await withCheckedThrowingContinuation { c in
            Thread { c.resume(with: Result { try run(python, arguments) }) }.start()
        }
    }
}

@Suite("Mutual TLS with Python httpx", .serialized)
struct PythonHTTPXTests {
    static let script = """
        import ssl, sys
        import httpx
        base, ca, cert, key = sys.argv[1:5]
        ctx = ssl.create_default_context(cafile=ca)
        ctx.load_cert_chain(cert, key)
        r = httpx.get(base + "/v1/whoami", verify=ctx, timeout=60)
        print("with-certificate", r.status_code, r.json().get("id"))
        try:
            r = httpx.get(base + "/v1/whoami", verify=ssl.create_default_context(cafile=ca), timeout=60)
            print("without-certificate", r.status_code)
        except (httpx.HTTPError, ssl.SSLError) as e:
            print("without-certificate refused", type(e).__name__)
        """

    @Test(.enabled(if: PeerPython.path != nil, "Python httpx not found: run .ci/run, or set WARDEN_TEST_PYTHON to a python with httpx"))
    func httpxCallsWithAClientCertificate() async throws {
        let python = try #require(PeerPython.path)
        let pki = try SharedPKI.made.get()
        let h = try await TLSServerHarness(pki: pki)
        let scriptFile = pki.directory.appendingPathComponent("httpx_mtls.py")
        try Data(Self.script.utf8).write(to: scriptFile)
        let run = try await h.live { base in
            try await PeerPython.runOffPool(python, [scriptFile.path, base, pki.authority.certificateFile,
                                                     pki.spiffeClient.certificateChainFile, pki.spiffeClient.privateKeyFile])
        }
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("with-certificate 200 bot"), "\(run.out)\n\(run.err)")
        #expect(run.out.contains("without-certificate refused"), "\(run.out)\n\(run.err)")
    }
}
