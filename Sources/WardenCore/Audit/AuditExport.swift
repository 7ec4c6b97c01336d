import Foundation

/// The audit export file (`warden audit export`): JSON Lines, one object a line, verifiable offline.
///
/// ```
/// {"type":"header","header":{"format":"warden-audit-export/v1","start":{"seq":41,"hash":"…"},…}}
/// {"type":"event","event":{…}}            every event from start.seq + 1 on, in order
/// {"type":"checkpoint","checkpoint":{…}}  right after the event it signs
/// {"type":"end","end":{"events":1000,"head":{"seq":1041,"hash":"…"}}}
/// ```
public enum AuditExport {
    public static let format = "warden-audit-export/v1"

    /// What the file covers and who wrote it.
    public struct Header: Sendable, Codable, Equatable {
        public var format: String
        /// The chain head just before the first exported event (genesis for an export from the start).
        public var start: AuditChain.Head
        public var exportedAt: Date
        /// The time filter the export was made with.
        public var since: Date?
        public var until: Date?
        /// The server's checkpoint key at export time, for convenience; a proof needs a key obtained independently.
        public var keyID: String?
        public var publicKey: String?

        public init(start: AuditChain.Head, exportedAt: Date, since: Date?, until: Date?, publicKey: AuditPublicKey?) {
            format = AuditExport.format
            self.start = start
            self.exportedAt = exportedAt
            self.since = since
            self.until = until
            keyID = publicKey?.keyID
            self.publicKey = publicKey?.base64
        }
    }

    /// The last line: how many events the file holds and the head they reach, so a file cut short is noticed.
    public struct End: Sendable, Codable, Equatable {
        public var events: Int64
        public var head: AuditChain.Head

        public init(events: Int64, head: AuditChain.Head) {
            self.events = events
            self.head = head
        }
    }

    /// One line of the file.
    public enum Line: Sendable, Equatable, Codable {
        case header(Header)
        case event(AuditEvent)
        case checkpoint(AuditCheckpoint)
        case end(End)

        enum CodingKeys: String, CodingKey { case type, header, event, checkpoint, end }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            switch try c.decode(String.self, forKey: .type) {
            case "header": self = .header(try c.decode(Header.self, forKey: .header))
            case "event": self = .event(try c.decode(AuditEvent.self, forKey: .event))
            case "checkpoint": self = .checkpoint(try c.decode(AuditCheckpoint.self, forKey: .checkpoint))
            case "end": self = .end(try c.decode(End.self, forKey: .end))
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .type, in: c,
                    debugDescription: "unknown line type '\(other.prefix(32))'; expected header, event, checkpoint or end")
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .header(let h): try c.encode("header", forKey: .type); try c.encode(h, forKey: .header)
            case .event(let e): try c.encode("event", forKey: .type); try c.encode(e, forKey: .event)
            case .checkpoint(let k): try c.encode("checkpoint", forKey: .type); try c.encode(k, forKey: .checkpoint)
            case .end(let e): try c.encode("end", forKey: .type); try c.encode(e, forKey: .end)
            }
        }

        /// The line as written to the file, newline included.
        public func encoded() throws -> Data {
            var data = try WardenJSON.encode(self)
            data.append(UInt8(ascii: "\n"))
            return data
        }
    }

    /// Verifies an export file line by line: the header, the chain from its start, each checkpoint after its event,
    /// and the end line.
    public struct FileVerifier: Sendable {
        private var verifier: AuditChain.Verifier?
        private var keys: [AuditPublicKey]?
        private var lineNumber = 0
        private var end: End?
        private var formatProblem: String?
        /// The file's header, once read.
        public private(set) var header: Header?

        /// - Parameter keys: trusted checkpoint keys; nil trusts the key in the file's header (not a proof: say so).
        public init(keys: [AuditPublicKey]?) { self.keys = keys }

        /// Whether the verdict is settled already (later lines need not be read).
        public var failed: Bool { formatProblem != nil || (verifier?.failed ?? false) }

        /// The key in the file's header, when it carries a valid one.
        public var headerKey: AuditPublicKey? { header?.publicKey.flatMap { try? AuditPublicKey(base64: $0) } }

        /// Feeds one line (without its newline); blank lines are skipped.
        public mutating func feed(_ line: Data) {
            guard formatProblem == nil else { return }
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return }
            let parsed: Line
            do {
                parsed = try WardenJSON.decode(Line.self, from: line)
            } catch {
                formatProblem = "line \(lineNumber) is not an export line: \(error)"
                return
            }
            guard end == nil else {
                formatProblem = "line \(lineNumber) follows the end line"
                return
            }
            switch parsed {
            case .header(let h):
                guard header == nil, lineNumber == 1 else { formatProblem = "line \(lineNumber): a second header"; return }
                guard h.format == AuditExport.format else {
                    formatProblem = "unsupported format '\(h.format.prefix(40))'; this warden reads \(AuditExport.format)"
                    return
                }
                header = h
                let trusted = keys ?? headerKey.map { [$0] }
                verifier = AuditChain.Verifier(after: h.start, keys: trusted)
            case .event(let e):
                guard verifier != nil else { formatProblem = "line \(lineNumber): events before the header"; return }
                verifier?.check(e)
            case .checkpoint(let c):
                guard verifier != nil else { formatProblem = "line \(lineNumber): a checkpoint before the header"; return }
                verifier?.check(c)
            case .end(let e):
                end = e
            }
        }

        /// The verdict once every line is fed.
        public func report() -> AuditChain.Report {
            if let problem = formatProblem {
                return AuditChain.Report(ok: false, eventsChecked: 0, firstBadSeq: nil, problem: problem, head: header?.start ?? .genesis)
            }
            guard let verifier else {
                return AuditChain.Report(ok: false, eventsChecked: 0, firstBadSeq: nil, problem: "the file has no header line",
                                         head: .genesis)
            }
            var r = verifier.report(recordedHead: end?.head)
            if r.ok, end == nil {
                r.ok = false
                r.firstBadSeq = r.head.seq + 1
                r.problem = "the file has no end line: it was cut short after event \(r.head.seq)"
            } else if r.ok, let end, end.events != r.eventsChecked {
                r.ok = false
                r.problem = "the end line counts \(end.events) events but the file holds \(r.eventsChecked)"
            }
            return r
        }
    }
}
