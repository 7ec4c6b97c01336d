import ArgumentParser
import Foundation
import WardenCore
import WardenRuntime
import WardenStore

/// `warden audit`: the audit log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Inspect, export and verify the hash-chained, signed audit log.",
        subcommands: [AuditVerifyCommand.self, AuditEventsCommand.self, AuditExportCommand.self, AuditKeygenCommand.self])
}

/// `warden audit verify`: walks the chain in a database file or an export file.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify the audit chain and its signed checkpoints; exits 1 naming the first bad event.",
        discussion: """
            With --database (the default), reads the SQLite file directly (no server needed; safe while the server \
            runs) and checks that every event links to the one before it, that its hash matches its content, that \
            sequence numbers have no gaps, that the log reaches the recorded chain head, and that every signed \
            checkpoint matches the event it signs and carries a valid Ed25519 signature. A chain rewritten with every \
            hash recomputed fails at the first checkpoint after the rewrite.

            With --file, verifies an export made by `warden audit export` offline, the same way.

            The checkpoint key: --public-key (base64, or a file holding it; fetch it once from \
            GET /v1/audit/public-key and keep it). Without it, the database's key file \
            (<database>.audit-signing-key.pub) or the key inside the export is used, and the report says that this \
            checks consistency but proves nothing against someone who could replace that key too.

            Exit status: 0 intact, 1 broken, 2 the file could not be read.
            """)

    @Option(help: ArgumentHelp("SQLite database file, or a postgres:// URL.", valueName: "path-or-url")) var database = "./warden.db"
    @Option(help: ArgumentHelp("Verify this export file (JSON Lines) instead of a database.", valueName: "path")) var file: String?
    @Option(name: .customLong("public-key"),
            help: ArgumentHelp("The trusted checkpoint key: base64, or a file that holds it.", valueName: "key"))
    var publicKey: String?
    @Flag(help: "Print the report as JSON.") var json = false

    func run() async throws {
        let report: AuditChain.Report
        var keyNote: String?
        do {
            let pinned = try publicKey.map(Self.loadKey)
            if let file {
                var verifier = AuditExport.FileVerifier(keys: pinned.map { [$0] })
                try LineReader.forEachLine(ofFile: file) { line in
                    verifier.feed(line)
                    return !verifier.failed
                }
                if pinned == nil {
                    keyNote = verifier.headerKey == nil
                        ? "the file names no key and none was given: checkpoint signatures were not checked"
                        : "signatures were checked with the key inside the file (\(verifier.headerKey?.keyID ?? "")); "
                            + "pass --public-key with the key you trust for a proof"
                }
                report = verifier.report()
            } else {
                let location = try DatabaseLocation(database)
                let store = try await location.open(readOnly: true, postgres: .commandLine)
                var keys = pinned.map { [$0] }
                if keys == nil {
                    let pub = AuditSigningKeySource.defaultKeyFile(forDatabase: location.keyFileBase) + ".pub"
                    if let found = try? Self.loadKey(pub) {
                        keys = [found]
                        keyNote = "signatures were checked with the key file beside the database (\(found.keyID)); "
                            + "pass --public-key with the key you trust for a proof"
                    } else {
                        keyNote = "no public key given or found beside the database: checkpoint hashes were compared, "
                            + "signatures were not checked (pass --public-key)"
                    }
                }
                report = try await store.verifyAuditChain(keys: keys)
                await (store as? PostgresStore)?.close()
            }
        } catch let e as WardenError {
            printError(e.message)
            throw ExitCode(2)
        } catch let e as LineReader.Failure {
            printError(e.message)
            throw ExitCode(2)
        }
        if json {
            print(String(decoding: try WardenJSON.encode(report, pretty: true), as: UTF8.self))
        } else if report.ok {
            print("audit chain OK: \(report.eventsChecked) events, head #\(report.head.seq) \(report.head.hash.prefix(16))…")
            print("signed checkpoints: \(report.checkpointsChecked) checked\(report.signaturesChecked ? ", signatures valid" : ""); "
                  + "proven through #\(report.provenThroughSeq)")
            if report.provenThroughSeq < report.head.seq {
                print("events after #\(report.provenThroughSeq) are not covered by a checkpoint yet (the next one signs them)")
            }
        } else {
            print("audit chain BROKEN at event #\(report.firstBadSeq.map(String.init) ?? "?"): \(report.problem ?? "")")
            print("checked \(report.eventsChecked) events; the chain is intact up to #\(report.head.seq), "
                  + "proven by a checkpoint through #\(report.provenThroughSeq)")
        }
        if let keyNote, !json { printError("note: " + keyNote) }
        if !report.ok { throw ExitCode(1) }
    }

    /// A base64 key, or the path of a file holding one.
    static func loadKey(_ text: String) throws -> AuditPublicKey {
        if let key = try? AuditPublicKey(base64: text) { return key }
        guard let data = FileManager.default.contents(atPath: text) else {
            throw WardenError.invalidInput("--public-key is neither a base64 Ed25519 public key nor a readable file")
        }
        return try AuditPublicKey(base64: String(decoding: data, as: UTF8.self))
    }
}

/// `warden audit keygen`: a new checkpoint signing key, for the secrets manager.
struct AuditKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make a new Ed25519 audit signing key for the AUDIT_SIGNING_KEY secret.",
        discussion: """
            Prints the private key (base64; store it as the secret AUDIT_SIGNING_KEY, e.g. WARDEN_SECRET_AUDIT_SIGNING_KEY, \
            or a file in the secrets directory) and the public key to give auditors. Without the secret, `warden serve` \
            makes its own key file beside the database on first start.
            """)

    @Flag(help: "Print {privateKey, publicKey, keyId} as JSON.") var json = false

    func run() throws {
        let key = AuditSigningKey()
        if json {
            print(#"{"keyId":"\#(key.publicKey.keyID)","privateKey":"\#(key.base64)","publicKey":"\#(key.publicKey.base64)"}"#)
        } else {
            print("private key (secret AUDIT_SIGNING_KEY; keep it out of logs): \(key.base64)")
            print("public key (for auditors, `warden audit verify --public-key`): \(key.publicKey.base64)")
            print("key id: \(key.publicKey.keyID)")
        }
    }
}
