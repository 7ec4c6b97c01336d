import ArgumentParser
import Foundation

/// The options every client command shares: where the server is, which key to use, and the output format.
///
/// The API key is read from the environment variable `WARDEN_API_KEY` (or a file given with `--key-file`),
/// never from a flag value, so it does not end up in shell history or process listings.
struct ClientOptions: ParsableArguments {
    @Option(name: .long,
            help: ArgumentHelp("The Warden server's base URL (default: $WARDEN_SERVER, else http://127.0.0.1:8080).",
                               valueName: "url"))
    var server: String?

    @Option(name: .customLong("key-file"),
            help: ArgumentHelp("Read the API key from this file instead of the WARDEN_API_KEY environment variable.",
                               valueName: "path"))
    var keyFile: String?

    @Flag(name: .long, help: "Print the server's JSON (pretty, sorted keys) instead of human-readable text.")
    var json = false

    @Option(name: .customLong("client-cert"),
            help: ArgumentHelp("A PEM client certificate chain to present to a Warden that verifies client certificates (mTLS); default $WARDEN_CLIENT_CERT. With it, no API key is needed.",
                               valueName: "path"))
    var clientCertificate: String?

    @Option(name: .customLong("client-key"),
            help: ArgumentHelp("The client certificate's unencrypted PEM private key; default $WARDEN_CLIENT_KEY.", valueName: "path"))
    var clientKey: String?

    @Option(name: .customLong("ca-file"),
            help: ArgumentHelp("PEM CAs the server's certificate must chain to; default $WARDEN_CA_FILE, else the system's roots.",
                               valueName: "path"))
    var caFile: String?

    static let defaultServer = "http://127.0.0.1:8080"

    /// The server's base URL without a trailing slash.
    func serverURL() throws -> String {
        let env = ProcessInfo.processInfo.environment["WARDEN_SERVER"].flatMap { $0.isEmpty ? nil : $0 }
        var url = (server ?? env ?? Self.defaultServer).trimmingCharacters(in: .whitespaces)
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host != nil
        else {
            throw CLIFailure.usage("'\(url.prefix(200))' is not a server URL; give one like http://127.0.0.1:8080 with --server or WARDEN_SERVER")
        }
        return url
    }

    /// The API key from `--key-file` or `WARDEN_API_KEY`, or `nil` when neither is set.
    func apiKey() throws -> String? {
        if let path = keyFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw CLIFailure.usage("cannot read the key file \(path): \(Self.reason(error))")
            }
            let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw CLIFailure.usage("the key file \(path) is empty") }
            return key
        }
        if let key = ProcessInfo.processInfo.environment["WARDEN_API_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines),
            !key.isEmpty
        {
            return key
        }
        return nil
    }

    /// The TLS settings for an https server: the client certificate and the CAs to trust, from the flags or
    /// `WARDEN_CLIENT_CERT`, `WARDEN_CLIENT_KEY`, `WARDEN_CA_FILE`; nil when none is set.
    func tls() throws -> ClientTLS? {
        let env = ProcessInfo.processInfo.environment
        func value(_ flag: String?, _ name: String) -> String? { flag ?? env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let cert = value(clientCertificate, "WARDEN_CLIENT_CERT"), key = value(clientKey, "WARDEN_CLIENT_KEY")
        let ca = value(caFile, "WARDEN_CA_FILE")
        switch (cert, key) {
        case (nil, nil): return try ca.map { try ClientTLS.trusting(caFile: $0) }
        case let (cert?, key?): return try ClientTLS.presenting(certificateChain: cert, privateKey: key, caFile: ca)
        case (_?, nil): throw CLIFailure.usage("--client-cert needs --client-key (or WARDEN_CLIENT_KEY): the certificate's private key")
        case (nil, _?): throw CLIFailure.usage("--client-key needs --client-cert (or WARDEN_CLIENT_CERT): the certificate it belongs to")
        }
    }

    /// Runs `body` with a client for the configured server, printing any failure to standard error and
    /// exiting with 1 (server or connection errors) or 2 (usage and local file errors).
    func run(authenticated: Bool = true, _ body: (WardenClient) async throws -> Void) async throws {
        let client: WardenClient
        do {
            let key = try apiKey()
            let tls = try tls()
            if authenticated && key == nil && tls?.presentsCertificate != true {
                throw CLIFailure.usage("no API key: set WARDEN_API_KEY (e.g. export WARDEN_API_KEY=wdn_...) or pass --key-file PATH, or present a client certificate (--client-cert, --client-key)")
            }
            client = WardenClient(server: try serverURL(), apiKey: key, tls: tls?.configuration)
        } catch let failure as CLIFailure {
            Output.error(failure.message)
            throw ExitCode(failure.exitCode)
        }
        var outcome: Error?
        do {
            try await body(client)
        } catch {
            outcome = error
        }
        await client.shutdown()
        guard let error = outcome else { return }
        switch error {
        case let e as APIError:
            Output.error(e.description)
            throw ExitCode(1)
        case let e as CLIFailure:
            Output.error(e.message)
            throw ExitCode(e.exitCode)
        default:
            throw error
        }
    }

    static func reason(_ error: Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if let e = error as? CocoaError {
            switch e.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
            case .fileReadNoPermission: return "permission denied"
            default: break
            }
        }
        return error.localizedDescription
    }
}

/// A failure the CLI reports itself (not an error response from the server).
struct CLIFailure: Error {
    var message: String
    var exitCode: Int32

    /// A usage or local-file problem: exit code 2.
    static func usage(_ message: String) -> CLIFailure { CLIFailure(message: "error: " + message, exitCode: 2) }
    /// A failure talking to the server or acting on its answer: exit code 1.
    static func failed(_ message: String) -> CLIFailure { CLIFailure(message: "error: " + message, exitCode: 1) }
}
