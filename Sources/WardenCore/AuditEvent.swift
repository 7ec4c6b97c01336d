import Foundation

/// One entry of the append-only, hash-chained audit log.
public struct AuditEvent: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case success
        case denied
        case failed
    }

    /// Position in the chain, from 1, without gaps.
    public var seq: Int64
    /// Milliseconds since 1970 (UTC).
    public var timeMs: Int64
    /// Who acted: a principal id, `anonymous` or `system`.
    public var actor: String
    /// What was done, e.g. `tool.propose`, `auth.failed`.
    public var action: String
    /// What it was done to, e.g. `tool:weather@1.0.0`.
    public var subject: String
    public var requestID: String
    public var outcome: Outcome
    /// Hex SHA-256 of the canonical request body, never the body itself.
    public var bodyDigest: String?
    /// Small structured facts (state changes, error codes); never payloads or secrets.
    public var detail: [String: String]?
    /// The previous event's hash (64 zeros for the first).
    public var prevHash: String
    /// SHA-256 over the canonical JSON of every other field.
    public var hash: String

    public init(seq: Int64, timeMs: Int64, actor: String, action: String, subject: String, requestID: String,
                outcome: Outcome, bodyDigest: String?, detail: [String: String]?, prevHash: String, hash: String) {
        self.seq = seq
        self.timeMs = timeMs
        self.actor = actor
        self.action = action
        self.subject = subject
        self.requestID = requestID
        self.outcome = outcome
        self.bodyDigest = bodyDigest
        self.detail = detail
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The hash this event should carry, computed from its other fields: SHA-256 over the canonical JSON of
    /// every field but `hash` (see ``canonicalObject``), written straight to bytes in canonical key order.
    public var computedHash: String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        // Keys in canonical (UTF-16) order: action, actor, bodyDigest, detail, outcome, prevHash, requestID, seq,
        // subject, timeMs. A test checks these bytes against ``canonicalObject``'s canonical serialization.
        out.append(contentsOf: Self.keyAction); JSONValue.string(action).writeCanonical(into: &out)
        out.append(contentsOf: Self.keyActor); JSONValue.string(actor).writeCanonical(into: &out)
        if let d = bodyDigest { out.append(contentsOf: Self.keyBodyDigest); JSONValue.string(d).writeCanonical(into: &out) }
        if let d = detail {
            out.append(contentsOf: Self.keyDetail)
            Self.writeCanonicalDetail(d, into: &out)
        }
        out.append(contentsOf: Self.keyOutcome); JSONValue.string(outcome.rawValue).writeCanonical(into: &out)
        out.append(contentsOf: Self.keyPrevHash); JSONValue.string(prevHash).writeCanonical(into: &out)
        out.append(contentsOf: Self.keyRequestID); JSONValue.string(requestID).writeCanonical(into: &out)
        out.append(contentsOf: Self.keySeq); JSONNumber(seq).writeCanonical(into: &out)
        out.append(contentsOf: Self.keySubject); JSONValue.string(subject).writeCanonical(into: &out)
        out.append(contentsOf: Self.keyTimeMs); JSONNumber(timeMs).writeCanonical(into: &out)
        out.append(UInt8(ascii: "}"))
        return Digest.sha256Hex(out)
    }

    private static let keyAction = Array(#"{"action":"#.utf8)
    private static let keyActor = Array(#","actor":"#.utf8)
    private static let keyBodyDigest = Array(#","bodyDigest":"#.utf8)
    private static let keyDetail = Array(#","detail":"#.utf8)
    private static let keyOutcome = Array(#","outcome":"#.utf8)
    private static let keyPrevHash = Array(#","prevHash":"#.utf8)
    private static let keyRequestID = Array(#","requestID":"#.utf8)
    private static let keySeq = Array(#","seq":"#.utf8)
    private static let keySubject = Array(#","subject":"#.utf8)
    private static let keyTimeMs = Array(#","timeMs":"#.utf8)

    /// The canonical JSON of a detail map (keys in canonical order), as stored and as hashed.
    public static func canonicalDetail(_ d: [String: String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + d.count * 48)
        writeCanonicalDetail(d, into: &out)
        return out
    }

    static func writeCanonicalDetail(_ d: [String: String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for key in sortedKeys(d) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            JSONValue.string(key).writeCanonical(into: &out)
            out.append(UInt8(ascii: ":"))
            JSONValue.string(d[key] ?? "").writeCanonical(into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Detail keys in canonical order (UTF-16 code units).
    private static func sortedKeys(_ d: [String: String]) -> [String] {
        d.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    /// What the hash covers, as a JSON object: every field but `hash`.
    public var canonicalObject: JSONValue {
        var o: [String: JSONValue] = [
            "seq": .number(JSONNumber(seq)), "timeMs": .number(JSONNumber(timeMs)), "actor": .string(actor),
            "action": .string(action), "subject": .string(subject), "requestID": .string(requestID),
            "outcome": .string(outcome.rawValue), "prevHash": .string(prevHash),
        ]
        if let d = bodyDigest { o["bodyDigest"] = .string(d) }
        if let d = detail { o["detail"] = .object(d.mapValues { .string($0) }) }
        return .object(o)
    }

    public var time: Date { Date(timeIntervalSince1970: Double(timeMs) / 1000) }
}

/// An audit event before it takes its place in the chain.
public struct AuditDraft: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var subject: String
    public var requestID: String
    public var outcome: AuditEvent.Outcome
    public var bodyDigest: String?
    public var detail: [String: String]?
    /// The sealed payload for the secure payload log, when it is on; not part of the event or its hash.
    public var payload: AuditPayload?

    public init(actor: String, action: String, subject: String, requestID: String, outcome: AuditEvent.Outcome = .success,
                bodyDigest: String? = nil, detail: [String: String]? = nil) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.requestID = requestID
        self.outcome = outcome
        self.bodyDigest = bodyDigest
        self.detail = detail
    }

    /// The event this draft becomes after the chain head `(seq, hash)`.
    public func sealed(after head: AuditChain.Head, at timeMs: Int64) -> AuditEvent {
        var e = AuditEvent(seq: head.seq + 1, timeMs: timeMs, actor: actor, action: action, subject: subject,
                           requestID: requestID, outcome: outcome, bodyDigest: bodyDigest, detail: detail,
                           prevHash: head.hash, hash: "")
        e.hash = e.computedHash
        return e
    }
}

/// Verification of the audit chain.
public enum AuditChain {
    /// The hash before the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The last event's position and hash.
    public struct Head: Sendable, Equatable, Codable {
        public var seq: Int64
        public var hash: String
        public init(seq: Int64, hash: String) {
            self.seq = seq
            self.hash = hash
        }
        public static let genesis = Head(seq: 0, hash: AuditChain.genesisHash)
    }

    /// The outcome of a verification.
    public struct Report: Sendable, Codable, Equatable {
        public var ok: Bool
        public var eventsChecked: Int64
        /// The first sequence number at which the chain breaks, or from which it is no longer proven.
        public var firstBadSeq: Int64?
        public var problem: String?
        public var head: Head
        /// Signed checkpoints compared with the chain.
        public var checkpointsChecked: Int
        /// Whether the checkpoints' signatures were checked (false when no public key was given).
        public var signaturesChecked: Bool
        /// The newest event whose hash a valid checkpoint confirms.
        public var provenThroughSeq: Int64

        public init(ok: Bool, eventsChecked: Int64, firstBadSeq: Int64?, problem: String?, head: Head,
                    checkpointsChecked: Int = 0, signaturesChecked: Bool = false, provenThroughSeq: Int64 = 0) {
            self.ok = ok
            self.eventsChecked = eventsChecked
            self.firstBadSeq = firstBadSeq
            self.problem = problem
            self.head = head
            self.checkpointsChecked = checkpointsChecked
            self.signaturesChecked = signaturesChecked
            self.provenThroughSeq = provenThroughSeq
        }
    }

    /// Checks events one by one, in storage order; feed it every event, then ask for ``report(recordedHead:)``.
    ///
    /// With signed checkpoints it also proves the chain: each checkpoint's signature must come from one of the
    /// trusted keys, and the event at its sequence number must still carry the signed hash. A chain rewritten
    /// from some event onwards, every hash recomputed, fails at the first checkpoint after the rewrite.
    public struct Verifier: Sendable {
        private var previous: Head
        private var checked: Int64 = 0
        private var failure: (Int64, String)?
        private let checkpoints: [AuditCheckpoint]
        private var nextCheckpoint = 0
        private var checkpointsChecked = 0
        private var provenThrough: Int64
        private let keys: [String: AuditPublicKey]?

        /// - Parameters:
        ///   - start: the head before the first event fed (genesis for a whole log; an export's starting point).
        ///   - checkpoints: signed checkpoints to compare, any order.
        ///   - keys: the trusted public keys; nil checks the checkpoints' hashes but not their signatures.
        public init(after start: Head = .genesis, checkpoints: [AuditCheckpoint] = [], keys: [AuditPublicKey]? = nil) {
            previous = start
            provenThrough = start.seq
            self.checkpoints = checkpoints.filter { $0.seq > start.seq }.sorted { $0.seq < $1.seq }
            self.keys = keys.map { list in
                var byID: [String: AuditPublicKey] = [:]
                for k in list { byID[k.keyID] = k }
                return byID
            }
        }

        /// Whether a break has been found already (later events need not be read).
        public var failed: Bool { failure != nil }

        public mutating func check(_ e: AuditEvent) {
            guard failure == nil else { return }
            checked += 1
            let expected = previous.seq + 1
            if e.seq != expected {
                failure = (min(e.seq, expected), e.seq > expected
                    ? "event \(expected) is missing (next found is \(e.seq)): deleted or reordered"
                    : "event \(e.seq) appears after \(previous.seq): inserted, duplicated or reordered")
            } else if e.prevHash != previous.hash {
                failure = (e.seq, "event \(e.seq) does not link to event \(previous.seq): an event was removed, inserted or reordered")
            } else if e.computedHash != e.hash {
                failure = (e.seq, "event \(e.seq) was altered: its content does not match its hash")
            } else {
                previous = Head(seq: e.seq, hash: e.hash)
                checkCheckpoints(at: e)
            }
        }

        private mutating func checkCheckpoints(at e: AuditEvent) {
            while failure == nil, nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].seq <= e.seq {
                let c = checkpoints[nextCheckpoint]
                nextCheckpoint += 1
                checkpointsChecked += 1
                if let keys {
                    guard let key = keys[c.keyID], key.verifies(c) else {
                        failure = (c.seq, "the checkpoint at event \(c.seq) is not validly signed by a trusted key "
                            + "(key \(c.keyID.prefix(16))): it was forged or altered")
                        return
                    }
                }
                if c.hash != e.hash {
                    failure = (provenThrough + 1, "events \(provenThrough + 1) to \(c.seq) were rewritten: event \(c.seq) no longer "
                        + "has the hash signed in the checkpoint of \(Self.isoTime(c.timeMs))")
                    return
                }
                provenThrough = c.seq
            }
        }

        /// Checks a checkpoint that follows its event in a stream (an export file): it must name the event just
        /// checked, carry its hash, and be signed by a trusted key.
        public mutating func check(_ c: AuditCheckpoint) {
            guard failure == nil else { return }
            checkpointsChecked += 1
            guard c.seq == previous.seq else {
                failure = (min(c.seq, previous.seq + 1), "the checkpoint for event \(c.seq) stands after event \(previous.seq): "
                    + "events were removed, inserted or reordered")
                return
            }
            if let keys {
                guard let key = keys[c.keyID], key.verifies(c) else {
                    failure = (c.seq, "the checkpoint at event \(c.seq) is not validly signed by a trusted key "
                        + "(key \(c.keyID.prefix(16))): it was forged or altered")
                    return
                }
            }
            guard c.hash == previous.hash else {
                failure = (provenThrough + 1, "events \(provenThrough + 1) to \(c.seq) were rewritten: event \(c.seq) no longer "
                    + "has the hash signed in the checkpoint of \(Self.isoTime(c.timeMs))")
                return
            }
            provenThrough = c.seq
        }

        static func isoTime(_ ms: Int64) -> String {
            Date(timeIntervalSince1970: Double(ms) / 1000).formatted(.iso8601)
        }

        /// The verdict. `recordedHead` is the head stored beside the log; a log cut short at its end no longer
        /// reaches it, nor a checkpoint signed beyond its end.
        public func report(recordedHead: Head?) -> Report {
            func report(_ ok: Bool, _ bad: Int64?, _ problem: String?) -> Report {
                Report(ok: ok, eventsChecked: checked, firstBadSeq: bad, problem: problem, head: previous,
                       checkpointsChecked: checkpointsChecked, signaturesChecked: keys != nil, provenThroughSeq: provenThrough)
            }
            if let (seq, problem) = failure { return report(false, seq, problem) }
            if let h = recordedHead, h != previous {
                let bad = min(h.seq, previous.seq) + 1
                return report(false, bad, "the log ends at event \(previous.seq) but the recorded chain head is event \(h.seq): "
                    + "events were removed from the end or the head was altered")
            }
            if nextCheckpoint < checkpoints.count {
                let c = checkpoints[nextCheckpoint]
                return report(false, previous.seq + 1, "the log ends at event \(previous.seq) but a checkpoint signed at "
                    + "\(Self.isoTime(c.timeMs)) covers event \(c.seq): events were removed from the end")
            }
            return report(true, nil, nil)
        }
    }
}
