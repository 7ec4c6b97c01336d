import Foundation

/// A CVSS v2 or v3.x vector string and its base score.
///
/// v3.0 and v3.1 vectors (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`) are scored with the
/// specification's base equations, including each version's Roundup; v2 vectors
/// (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally in parentheses or with a `CVSS:2.0/` prefix) with the v2
/// base equation. Temporal and environmental metrics are accepted and do not change the base score.
/// CVSS v4.0 is not scored (its score comes from a lookup table of macro vectors, not a formula); such
/// vectors throw, and advisories scored only with v4 get severity `unknown`.
public struct CVSSVector: Sendable, Equatable, CustomStringConvertible {
    /// The CVSS version a vector is written in.
    public enum Version: String, Sendable, Equatable {
        case v2 = "2.0"
        case v3_0 = "3.0"
        case v3_1 = "3.1"
    }

    /// The CVSS version of the vector.
    public let version: Version
    /// The metrics as written (`["AV": "N", "AC": "L", ...]`), temporal and environmental included.
    public let metrics: [String: String]
    /// The base score, 0.0 to 10.0 with one decimal.
    public let baseScore: Double
    /// The vector as given.
    public let description: String

    /// Parses and scores `vector`.
    /// - Throws: ``AdvisoryError/invalidCVSS(_:reason:)`` for unknown versions (including 4.0), unknown,
    ///   repeated or missing base metrics, and invalid metric values.
    public init(_ vector: String) throws {
        func fail(_ reason: String) -> AdvisoryError { .invalidCVSS(vector, reason: reason) }
        var body = Substring(vector.trimmingWhitespace())
        if body.hasPrefix("("), body.hasSuffix(")") { body = body.dropFirst().dropLast() }
        var version = Version.v2
        if body.hasPrefix("CVSS:") {
            guard let slash = body.firstIndex(of: "/") else { throw fail("nothing follows the version prefix") }
            let label = body[body.index(body.startIndex, offsetBy: 5)..<slash]
            switch label {
            case "3.0": version = .v3_0
            case "3.1": version = .v3_1
            case "2.0": version = .v2
            case "4.0": throw fail("CVSS 4.0 vectors are not scored")
            default: throw fail("unknown CVSS version '\(label)'")
            }
            body = body[body.index(after: slash)...]
        }
        guard !body.isEmpty else { throw fail("it has no metrics") }

        var metrics: [String: String] = [:]
        for part in body.split(separator: "/", omittingEmptySubsequences: false) {
            let pair = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw fail("'\(part)' is not METRIC:VALUE")
            }
            let name = String(pair[0]), value = String(pair[1])
            guard metrics[name] == nil else { throw fail("metric \(name) appears twice") }
            metrics[name] = value
        }

        let table = version == .v2 ? CVSSVector.v2Values : CVSSVector.v3Values
        let base = version == .v2 ? CVSSVector.v2Base : CVSSVector.v3Base
        for name in base where metrics[name] == nil {
            throw fail("base metric \(name) is missing")
        }
        let allowed = version == .v2 ? CVSSVector.v2Others : CVSSVector.v3Others
        for (name, value) in metrics {
            if let values = table[name] {
                guard values[value] != nil else { throw fail("\(name):\(value) is not a valid value for \(name)") }
            } else if let values = allowed[name] {
                guard values.contains(value) else { throw fail("\(name):\(value) is not a valid value for \(name)") }
            } else {
                throw fail("unknown metric \(name)")
            }
        }

        self.version = version
        self.metrics = metrics
        self.description = vector
        self.baseScore = version == .v2 ? CVSSVector.v2Score(metrics) : CVSSVector.v3Score(metrics, version: version)
    }

    /// The severity band of ``baseScore`` (see ``AdvisorySeverity/init(score:)``).
    public var severity: AdvisorySeverity { AdvisorySeverity(score: baseScore) }

    // MARK: v3

    private static let v3Base = ["AV", "AC", "PR", "UI", "S", "C", "I", "A"]

    private static let v3Values: [String: [String: Double]] = [
        "AV": ["N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2],
        "AC": ["L": 0.77, "H": 0.44],
        // PR's weight depends on Scope; these are the Scope:Unchanged weights, adjusted in v3Score.
        "PR": ["N": 0.85, "L": 0.62, "H": 0.27],
        "UI": ["N": 0.85, "R": 0.62],
        "S": ["U": 0, "C": 1],
        "C": ["H": 0.56, "L": 0.22, "N": 0],
        "I": ["H": 0.56, "L": 0.22, "N": 0],
        "A": ["H": 0.56, "L": 0.22, "N": 0],
    ]

    private static let v3Others: [String: Set<String>] = {
        let requirement: Set<String> = ["X", "L", "M", "H"]
        let impact: Set<String> = ["X", "N", "L", "H"]
        return [
            "E": ["X", "U", "P", "F", "H"], "RL": ["X", "O", "T", "W", "U"], "RC": ["X", "U", "R", "C"],
            "CR": requirement, "IR": requirement, "AR": requirement,
            "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"], "MPR": ["X", "N", "L", "H"],
            "MUI": ["X", "N", "R"], "MS": ["X", "U", "C"], "MC": impact, "MI": impact, "MA": impact,
        ]
    }()

    private static func v3Score(_ m: [String: String], version: Version) -> Double {
        func w(_ name: String) -> Double { m[name].flatMap { v3Values[name]?[$0] } ?? 0 }
        let scopeChanged = m["S"] == "C"
        var pr = w("PR")
        if scopeChanged {
            switch m["PR"] {
            case "L": pr = 0.68
            case "H": pr = 0.5
            default: break
            }
        }
        let iss = 1 - (1 - w("C")) * (1 - w("I")) * (1 - w("A"))
        let impact = scopeChanged ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss
        let exploitability = 8.22 * w("AV") * w("AC") * pr * w("UI")
        guard impact > 0 else { return 0 }
        let raw = scopeChanged ? min(1.08 * (impact + exploitability), 10) : min(impact + exploitability, 10)
        return version == .v3_0 ? ceil(raw * 10) / 10 : roundUp31(raw)
    }

    /// CVSS 3.1's Roundup, which avoids floating-point artefacts such as 4.000000001 becoming 4.1.
    static func roundUp31(_ value: Double) -> Double {
        let scaled = Int((value * 100_000).rounded())
        if scaled % 10_000 == 0 { return Double(scaled) / 100_000 }
        return Double(scaled / 10_000 + 1) / 10
    }

    // MARK: v2

    private static let v2Base = ["AV", "AC", "Au", "C", "I", "A"]

    private static let v2Values: [String: [String: Double]] = [
        "AV": ["L": 0.395, "A": 0.646, "N": 1.0],
        "AC": ["H": 0.35, "M": 0.61, "L": 0.71],
        "Au": ["M": 0.45, "S": 0.56, "N": 0.704],
        "C": ["N": 0, "P": 0.275, "C": 0.66],
        "I": ["N": 0, "P": 0.275, "C": 0.66],
        "A": ["N": 0, "P": 0.275, "C": 0.66],
    ]

    private static let v2Others: [String: Set<String>] = {
        let requirement: Set<String> = ["L", "M", "H", "ND"]
        return [
            "E": ["U", "POC", "F", "H", "ND"], "RL": ["OF", "TF", "W", "U", "ND"], "RC": ["UC", "UR", "C", "ND"],
            "CDP": ["N", "L", "LM", "MH", "H", "ND"], "TD": ["N", "L", "M", "H", "ND"],
            "CR": requirement, "IR": requirement, "AR": requirement,
        ]
    }()

    private static func v2Score(_ m: [String: String]) -> Double {
        func w(_ name: String) -> Double { m[name].flatMap { v2Values[name]?[$0] } ?? 0 }
        let impact = 10.41 * (1 - (1 - w("C")) * (1 - w("I")) * (1 - w("A")))
        let exploitability = 20 * w("AV") * w("AC") * w("Au")
        let f = impact == 0 ? 0 : 1.176
        let raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f
        return max(0, (raw * 10).rounded() / 10)
    }
}
