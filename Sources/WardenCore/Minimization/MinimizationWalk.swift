import JSONSchema

/// One pass of ``DataMinimizer`` over a value: decides for each location, and keeps what the report needs.
struct MinimizationWalk {
    enum Outcome {
        /// Nothing below changed: the caller keeps the original (no copy).
        case same
        case replaced(JSONValue)
        case removed
    }

    /// One step of the current location; keys are those sent (PII-masked when the receiver is not cleared).
    private enum Token {
        case key(String)
        case index(Int)
    }

    let map: SensitivityMap
    let policy: MinimizationPolicy
    let scanner: PIIScanner
    let receiver: DataClearance
    let inputDigest: String
    private let scansText: Bool
    private var path: [Token] = []

    private(set) var masked: [String] = []
    private(set) var removed: [String] = []
    private(set) var textMasked: [String] = []
    private(set) var findings: [PIIKind: Int] = [:]
    private(set) var presentLevels = LevelSet()
    private(set) var sentLevels = LevelSet()

    init(map: SensitivityMap, policy: MinimizationPolicy, scanner: PIIScanner, receiver: DataClearance, inputDigest: String) {
        self.map = map
        self.policy = policy
        self.scanner = scanner
        self.receiver = receiver
        self.inputDigest = inputDigest
        scansText = !receiver.piiCleared
    }

    /// - Parameters:
    ///   - inherited: the most sensitive mark above this location.
    ///   - pii: whether a location above is tagged `x-pii`.
    ///   - removable: whether the value is an object member (else a removal becomes a mask).
    mutating func visit(_ value: JSONValue, state stateID: Int, inherited: SensitivityLevel?, pii: Bool,
                        removable: Bool) throws(WardenError) -> Outcome {
        let state = map.states[stateID]
        let marked = max(inherited, state.level)
        let isPII = pii || state.pii
        let level: SensitivityLevel?
        switch value {
        case .object, .array: level = marked
        default: level = marked ?? map.defaultLevel
        }
        if let level {
            presentLevels.insert(level)
            if level > receiver.maxLevel {
                return try act(policy.action(for: level), for: level, removable: removable)
            }
        }
        if isPII && !receiver.piiCleared {
            return try act(policy.piiFieldAction, for: nil, removable: removable)
        }
        if let level { sentLevels.insert(level) }
        switch value {
        case .object(let members): return try visit(members, state: state, marked: marked, pii: isPII)
        case .array(let items): return try visit(items, state: state, marked: marked, pii: isPII)
        case .string(let s):
            guard scansText else { return .same }
            let (text, found) = scanner.masked(s)
            guard !found.isEmpty else { return .same }
            count(found)
            textMasked.append(pointer())
            return .replaced(.string(text))
        default: return .same
        }
    }

    private mutating func visit(_ members: [String: JSONValue], state: MarkState, marked: SensitivityLevel?,
                                pii: Bool) throws(WardenError) -> Outcome {
        let renamed = scansText ? maskedKeys(members) : [:]
        var out: [String: JSONValue]? = renamed.isEmpty ? nil : [:]
        for (key, child) in members {
            let sentKey = renamed[key] ?? key
            path.append(.key(sentKey))
            let outcome = try visit(child, state: state.property(key), inherited: marked, pii: pii, removable: true)
            if renamed[key] != nil { textMasked.append(pointer()) }
            path.removeLast()
            if out == nil {
                if case .same = outcome { continue }
                out = members
            }
            // `out` starts empty when keys are renamed (every member is then added), else as a copy of `members`.
            switch outcome {
            case .same: if !renamed.isEmpty { out?[sentKey] = child }
            case .replaced(let v): out?[sentKey] = v
            case .removed: if renamed.isEmpty { out?.removeValue(forKey: key) }
            }
        }
        return out.map { .replaced(.object($0)) } ?? .same
    }

    private mutating func visit(_ items: [JSONValue], state: MarkState, marked: SensitivityLevel?,
                                pii: Bool) throws(WardenError) -> Outcome {
        var out: [JSONValue]?
        for (i, item) in items.enumerated() {
            path.append(.index(i))
            let outcome = try visit(item, state: state.item(i), inherited: marked, pii: pii, removable: false)
            path.removeLast()
            switch outcome {
            case .same: continue
            case .replaced(let v):
                if out == nil { out = items }
                out?[i] = v
            // Array elements are never removed (`removable: false`).
            case .removed: continue
            }
        }
        return out.map { .replaced(.array($0)) } ?? .same
    }

    /// The keys of `members` that hold PII, with the masked keys to send instead: unique among all the
    /// keys, assigned in key order so that the result does not depend on dictionary order.
    private mutating func maskedKeys(_ members: [String: JSONValue]) -> [String: String] {
        var renamed: [String: String] = [:]
        var found: [(key: String, masked: String)] = []
        for key in members.keys {
            let (masked, f) = scanner.masked(key)
            if !f.isEmpty {
                count(f)
                found.append((key, masked))
            }
        }
        guard !found.isEmpty else { return [:] }
        var taken = Set(members.keys)
        for (key, masked) in found.sorted(by: { $0.key < $1.key }) {
            var candidate = masked
            var n = 1
            while taken.contains(candidate) {
                n += 1
                candidate = "\(masked)#\(n)"
            }
            taken.insert(candidate)
            renamed[key] = candidate
        }
        return renamed
    }

    /// Applies `action` to the current value, which is of `level` above the clearance, or personal data
    /// when `level` is `nil`.
    private mutating func act(_ action: MinimizationPolicy.Action, for level: SensitivityLevel?,
                              removable: Bool) throws(WardenError) -> Outcome {
        switch action {
        case .mask:
            masked.append(pointer())
            return .replaced(.string(Self.placeholder(level)))
        case .remove:
            if removable {
                removed.append(pointer())
                return .removed
            }
            masked.append(pointer())
            return .replaced(.string(Self.placeholder(level)))
        case .refuse:
            let at = pointer()
            var details = ["rule": level == nil ? "pii" : "clearance", "pointer": at, "inputDigest": inputDigest,
                           "clearance": receiver.maxLevel.rawValue]
            let reason: String
            if let level {
                details["level"] = level.rawValue
                reason = "is \(level.rawValue) and the receiver is cleared for \(receiver.maxLevel.rawValue) data"
            } else {
                reason = "is personal data (x-pii) and the receiver is not cleared for personal data"
            }
            throw WardenError.policyViolation(
                "the data at \(at.isEmpty ? "the root" : at) \(reason), and the policy refuses such a message; "
                    + "leave that data out or send it to an agent cleared for it",
                details: details)
        }
    }

    private static func placeholder(_ level: SensitivityLevel?) -> String { "[redacted:\(level?.rawValue ?? "pii")]" }

    private mutating func count(_ found: [PIIFinding]) {
        for f in found { findings[f.kind, default: 0] += 1 }
    }

    /// The current location as a JSON Pointer, with PII in keys masked even when the receiver is cleared
    /// for it: the pointer goes to the audit log.
    private func pointer() -> String {
        var s = ""
        for t in path {
            s += "/"
            switch t {
            case .index(let i): s += String(i)
            case .key(let k):
                let shown = scansText ? k : scanner.masked(k).text
                s += SensitivitySchemaCompiler.escape(shown)
            }
        }
        return s
    }
}
