import Foundation
import JSONSchema
import Testing
import WardenCore

private let messageSchema = #"""
{
  "type": "object",
  "properties": {
    "customer": {"type": "object", "properties": {
      "name": {"type": "string", "x-pii": true},
      "tier": {"type": "string", "x-sensitivity": "public"}
    }},
    "salary": {"type": "number", "x-sensitivity": "confidential"},
    "ssn": {"type": "string", "x-sensitivity": "restricted"},
    "notes": {"type": "string", "x-sensitivity": "public"},
    "history": {"type": "array", "items": {"type": "string", "x-sensitivity": "restricted"}},
    "summary": {"type": "string", "x-sensitivity": "internal"}
  }
}
"""#

private let message: JSONValue = [
    "customer": ["name": "Alice Example", "tier": "gold"],
    "salary": 98000,
    "ssn": "QQ123456C",
    "notes": "reach me at alice@example.com or +1 555 123 4567",
    "history": ["h1 secret", "h2 secret"],
    "summary": "quarterly summary",
]

/// The raw values that must never reach an audit record.
private let rawValues = ["Alice Example", "98000", "QQ123456C", "alice@example.com", "555 123 4567", "h1 secret", "h2 secret",
                         "quarterly summary"]

private func map() throws -> SensitivityMap { try SensitivityMap(schema: try JSONValue.parse(messageSchema)) }

private func minimize(_ clearance: DataClearance, value: JSONValue = message,
                      policy: MinimizationPolicy = MinimizationPolicy()) throws -> MinimizationResult {
    try DataMinimizer(policy: policy).minimize(value, map: try map(), for: clearance)
}

private func policyViolation(_ body: () throws -> Void) -> WardenError? {
    do {
        try body()
        return nil
    } catch let e as WardenError {
        return e
    } catch {
        return nil
    }
}

@Suite("Data minimizer")
struct DataMinimizerTests {
    @Test("clearance below, equal to and above each level", arguments: [
        (SensitivityLevel.public, ["/customer/name", "/history/0", "/history/1", "/salary", "/summary"], ["/ssn"],
         SensitivityLevel.public),
        (.internal, ["/history/0", "/history/1", "/salary"], ["/ssn"], .internal),
        (.confidential, ["/history/0", "/history/1"], ["/ssn"], .confidential),
        (.restricted, [], [], .restricted),
    ])
    func clearance(level: SensitivityLevel, masked: [String], removed: [String], sent: SensitivityLevel) throws {
        let r = try minimize(DataClearance(maxLevel: level, piiCleared: true))
        #expect(r.report.maskedPointers == masked)
        #expect(r.report.removedPointers == removed)
        #expect(r.report.highestLevelPresent == .restricted)
        #expect(r.report.highestLevelSent == sent)
        // Data at or below the clearance goes out as it is.
        #expect(r.value["customer"]?["tier"] == "gold")
        #expect(r.value["notes"] == message["notes"])
        #expect((r.value["salary"] == 98000) == (level >= .confidential))
        #expect((r.value["summary"] == "quarterly summary") == (level >= .internal))
        #expect((r.value["ssn"] == "QQ123456C") == (level == .restricted))
        if level < .restricted {
            #expect(r.value["ssn"] == nil)
            #expect(r.value["history"] == ["[redacted:restricted]", "[redacted:restricted]"])
        }
        if level < .confidential { #expect(r.value["salary"] == "[redacted:confidential]") }
        if level == .public { #expect(r.value["customer"]?["name"] == "[redacted:internal]") }
    }

    @Test("each action for restricted data", arguments: MinimizationPolicy.Action.allCases)
    func actions(action: MinimizationPolicy.Action) throws {
        let policy = MinimizationPolicy(actions: [.restricted: action])
        let clearance = DataClearance(maxLevel: .confidential, piiCleared: true)
        switch action {
        case .mask:
            let r = try minimize(clearance, policy: policy)
            #expect(r.value["ssn"] == "[redacted:restricted]")
            #expect(r.report.maskedPointers == ["/history/0", "/history/1", "/ssn"])
            #expect(r.report.removedPointers.isEmpty)
        case .remove:
            let r = try minimize(clearance, policy: policy)
            #expect(r.value.objectValue?.keys.contains("ssn") == false)
            // Array elements are masked, not removed, so that the others keep their positions.
            #expect(r.value["history"] == ["[redacted:restricted]", "[redacted:restricted]"])
            #expect(r.report.removedPointers == ["/ssn"])
        case .refuse:
            let e = policyViolation { _ = try minimize(clearance, policy: policy) }
            #expect(e?.code == .policyViolation)
            #expect(e?.details["level"] == "restricted" && e?.details["rule"] == "clearance")
            #expect(["/ssn", "/history/0", "/history/1"].contains(e?.details["pointer"] ?? ""))
            #expect(e?.message.contains("QQ123456C") == false)
        }
    }

    @Test func levelsWithoutAnActionAreMasked() throws {
        let r = try minimize(DataClearance(maxLevel: .internal, piiCleared: true), policy: MinimizationPolicy(actions: [:]))
        #expect(r.value["ssn"] == "[redacted:restricted]")
        #expect(r.value["salary"] == "[redacted:confidential]")
    }

    @Test("PII clearance", arguments: [true, false])
    func piiClearance(cleared: Bool) throws {
        let r = try minimize(DataClearance(maxLevel: .restricted, piiCleared: cleared))
        if cleared {
            #expect(r.value == message)
            #expect(!r.report.changed && r.report.piiFindings.isEmpty)
        } else {
            #expect(r.value["customer"]?["name"] == "[redacted:pii]")
            #expect(r.value["notes"] == "reach me at [email] or [phone]")
            #expect(r.report.piiFindings == [.email: 1, .phone: 1])
            #expect(r.report.maskedPointers == ["/customer/name"])
            #expect(r.report.textMaskedPointers == ["/notes"])
            #expect(r.value["ssn"] == "QQ123456C")
        }
    }

    @Test("the action for x-pii fields", arguments: MinimizationPolicy.Action.allCases)
    func piiFieldAction(action: MinimizationPolicy.Action) throws {
        let policy = MinimizationPolicy(piiFieldAction: action)
        let clearance = DataClearance(maxLevel: .restricted)
        switch action {
        case .mask: #expect(try minimize(clearance, policy: policy).value["customer"] == ["name": "[redacted:pii]", "tier": "gold"])
        case .remove: #expect(try minimize(clearance, policy: policy).value["customer"] == ["tier": "gold"])
        case .refuse:
            let e = policyViolation { _ = try minimize(clearance, policy: policy) }
            #expect(e?.code == .policyViolation && e?.details["rule"] == "pii" && e?.details["pointer"] == "/customer/name")
        }
    }

    @Test("residency", arguments: [
        ("eu-west", true), ("EU-West", true), ("eu-central", true), ("us-east", false), ("", false), (nil, false),
    ] as [(String?, Bool)])
    func residency(region: String?, allowed: Bool) throws {
        let policy = MinimizationPolicy(residency: [.restricted: ["eu-west", "EU-Central"]])
        let clearance = DataClearance(maxLevel: .restricted, piiCleared: true, region: region)
        if allowed {
            #expect(try minimize(clearance, policy: policy).value["ssn"] == "QQ123456C")
        } else {
            let e = policyViolation { _ = try minimize(clearance, policy: policy) }
            #expect(e?.code == .policyViolation)
            #expect(e?.details["rule"] == "residency" && e?.details["level"] == "restricted")
            #expect(e?.details["allowedRegions"] == "eu-central,eu-west")
            #expect(e?.details["region"] == (region ?? ""))
            #expect(e?.details["inputDigest"] == Digest.sha256Hex(message.canonicalBytes))
            #expect(e?.message.contains(region.flatMap { $0.isEmpty ? nil : "is in \($0)" } ?? "has no known region") == true)
        }
    }

    @Test func residencyLooksAtDataPresentNotDeclared() throws {
        let policy = MinimizationPolicy(residency: [.restricted: ["eu-west"]])
        var value = message
        if case .object(var o) = value {
            o["ssn"] = nil
            o["history"] = []
            value = .object(o)
        }
        let r = try minimize(DataClearance(maxLevel: .restricted, piiCleared: true, region: "us-east"), value: value, policy: policy)
        #expect(r.report.highestLevelPresent == .confidential)
    }

    @Test("residency scope", arguments: MinimizationPolicy.ResidencyScope.allCases)
    func residencyScope(scope: MinimizationPolicy.ResidencyScope) throws {
        // Restricted data is removed for a receiver cleared for confidential data: with scope `sent` it does not leave.
        let policy = MinimizationPolicy(residency: [.restricted: ["eu-west"]], residencyScope: scope)
        let clearance = DataClearance(maxLevel: .confidential, piiCleared: true, region: "us-east")
        let e = policyViolation { _ = try minimize(clearance, policy: policy) }
        #expect((e == nil) == (scope == .sent))
    }

    @Test func aLevelWithNoRegionsGoesNowhere() {
        let policy = MinimizationPolicy(residency: [.confidential: []])
        let e = policyViolation { _ = try minimize(DataClearance(maxLevel: .restricted, region: "eu-west"), policy: policy) }
        #expect(e?.code == .policyViolation && e?.message.contains("may not be sent to any agent") == true)
    }

    @Test("the report never holds the data", arguments: [
        DataClearance(maxLevel: .public), DataClearance(maxLevel: .internal), DataClearance(maxLevel: .confidential, region: "eu"),
    ])
    func reportHoldsNoData(clearance: DataClearance) throws {
        let r = try minimize(clearance)
        let encoded = String(decoding: try JSONEncoder().encode(r.report), as: UTF8.self)
        for raw in rawValues { #expect(!encoded.contains(raw), "\(raw) in \(encoded)") }
        for raw in rawValues { #expect(!r.report.auditDetail.values.contains { $0.contains(raw) }) }
        #expect(try JSONDecoder().decode(MinimizationReport.self, from: Data(encoded.utf8)) == r.report)
        #expect(encoded.contains(#""piiFindings":{"#))
    }

    @Test func digestsIdentifyWhatWasSent() throws {
        let r = try minimize(DataClearance(maxLevel: .internal))
        #expect(r.report.inputDigest == Digest.sha256Hex(message.canonicalBytes))
        #expect(r.report.outputDigest == Digest.sha256Hex(r.value.canonicalBytes))
        #expect(r.report.changed)
        #expect(r.report.auditDetail["inputDigest"] == r.report.inputDigest)
        #expect(r.report.auditDetail["masked"] == "4" && r.report.auditDetail["removed"] == "1")
        #expect(r.report.auditDetail["pii.email"] == "1" && r.report.auditDetail["highestLevelSent"] == "internal")
        let same = try minimize(DataClearance(maxLevel: .restricted, piiCleared: true))
        #expect(same.report.inputDigest == same.report.outputDigest && !same.report.changed)
    }

    @Test func unmarkedDataTakesTheDefaultLevel() throws {
        let value: JSONValue = ["a": ["b": "text", "c": [1, true, nil]], "d": [:], "e": []]
        let strict = try DataMinimizer().minimize(value, map: SensitivityMap(), for: DataClearance(maxLevel: .public, piiCleared: true))
        #expect(strict.value == ["a": ["b": "[redacted:internal]", "c": ["[redacted:internal]", "[redacted:internal]", "[redacted:internal]"]],
                                 "d": [:], "e": []])
        let relaxed = try DataMinimizer().minimize(value, map: SensitivityMap(defaultLevel: .public),
                                                   for: DataClearance(maxLevel: .public, piiCleared: true))
        #expect(relaxed.value == value)
        #expect(relaxed.report.highestLevelPresent == .public)
        // Containers alone are structure, not data of any level.
        let empty = try DataMinimizer().minimize(["d": [:]], map: SensitivityMap(), for: DataClearance(maxLevel: .public))
        #expect(empty.report.highestLevelPresent == nil && !empty.report.changed)
    }

    @Test func aMarkedRootIsMaskedWhole() throws {
        let map = try SensitivityMap(schema: ["x-sensitivity": "restricted"])
        let r = try DataMinimizer().minimize(message, map: map, for: DataClearance(maxLevel: .confidential))
        #expect(r.value == "[redacted:restricted]")
        #expect(r.report.maskedPointers == [""])
    }

    @Test func keysWithPIIAreMaskedDeterministically() throws {
        let value: JSONValue = ["contacts": ["bob@example.com": "friend", "carol@example.com": "colleague", "[email]": "taken"]]
        let clearance = DataClearance(maxLevel: .internal)
        let first = try DataMinimizer().minimize(value, map: SensitivityMap(), for: clearance)
        #expect(first.value == ["contacts": ["[email]#2": "friend", "[email]#3": "colleague", "[email]": "taken"]])
        #expect(first.report.textMaskedPointers == ["/contacts/[email]#2", "/contacts/[email]#3"])
        #expect(first.report.piiFindings == [.email: 2])
        for _ in 0..<5 {
            #expect(try DataMinimizer().minimize(value, map: SensitivityMap(), for: clearance).report == first.report)
        }
    }

    @Test func pointersInTheReportHideKeysWithPIIEvenForAClearedReceiver() throws {
        let map = try SensitivityMap(schema: ["additionalProperties": ["x-sensitivity": "confidential"]])
        let value: JSONValue = ["bob@example.com": "x", "a/b~c": "y"]
        let r = try DataMinimizer().minimize(value, map: map, for: DataClearance(maxLevel: .internal, piiCleared: true))
        #expect(r.value == ["bob@example.com": "[redacted:confidential]", "a/b~c": "[redacted:confidential]"])
        #expect(r.report.maskedPointers == ["/[email]", "/a~1b~0c"])
    }

    @Test func policyAndClearanceDecodeWithDefaults() throws {
        let policy = try JSONDecoder().decode(MinimizationPolicy.self, from: Data(#"""
            {"actions": {"restricted": "refuse"}, "residency": {"restricted": ["eu-west"]}}
            """#.utf8))
        #expect(policy.action(for: .restricted) == .refuse && policy.action(for: .internal) == .mask)
        #expect(policy.residency == [.restricted: ["eu-west"]] && policy.residencyScope == .sent && policy.piiFieldAction == .mask)
        #expect(try JSONDecoder().decode(MinimizationPolicy.self, from: Data("{}".utf8)) == MinimizationPolicy())
        let clearance = try JSONDecoder().decode(DataClearance.self, from: Data(#"{"maxLevel": "internal"}"#.utf8))
        #expect(clearance == DataClearance(maxLevel: .internal))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DataClearance.self, from: Data(#"{"maxLevel": "top"}"#.utf8)) }
    }

    @Test func policyViolationHasAStableCode() {
        #expect(WardenError.Code.policyViolation.rawValue == "policy_violation")
        #expect(WardenError.policyViolation("no", details: ["level": "restricted"]).details["level"] == "restricted")
    }
}
