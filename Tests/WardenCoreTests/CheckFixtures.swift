import Foundation
import Testing
import WardenCore

/// `sampleDefinition()` made clean for every onboarding check: a closed, bounded output schema and the API key
/// sent in a header. Tests break one thing at a time.
func checkedDefinition() -> ToolDefinition {
    var d = sampleDefinition()
    d.provider.http?.headers = ["X-Api-Key": "{{secret.WEATHER_API_KEY}}"]
    d.outputSchema = ["type": "object", "properties": ["forecast": ["type": "string", "maxLength": 2000]],
                      "required": ["forecast"], "additionalProperties": false]
    return d
}

/// The context `checkedDefinition()` passes in: its provider's host allowed for third parties.
let checkedContext = CheckContext(hostAllowList: [.thirdParty: ["api.example.com"], .internal: ["*.corp.example"]],
                                  otherTools: [], knownHosts: ["docs.example.com"])

/// An input schema: a closed object around `properties` (all required).
func objectSchema(_ properties: [String: JSONValue]) -> JSONValue {
    .object(["type": "object", "properties": .object(properties), "required": .array(properties.keys.sorted().map { .string($0) }),
             "additionalProperties": false])
}

extension CheckResult {
    /// Every (code, pointer) pair found.
    var hits: [(code: String, pointer: String?)] { findings.map { ($0.code.rawValue, $0.pointer) } }

    /// Whether a finding has `code` at `pointer`.
    func has(_ code: CheckFindingCode, at pointer: String) -> Bool {
        findings.contains { $0.code == code && $0.pointer == pointer }
    }

    /// A readable list for failure messages.
    var summary: String {
        findings.map { "\($0.code) \($0.severity) \($0.pointer ?? "-") \($0.span.map { "«\($0)»" } ?? "")" }.joined(separator: "\n")
    }
}

/// A table row: a name for the test report and a value to test.
struct Case<Value: Sendable>: Sendable, CustomTestStringConvertible {
    var name: String
    var value: Value
    var testDescription: String { name }
    init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}
