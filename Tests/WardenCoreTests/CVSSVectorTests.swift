import Testing
import WardenCore

@Suite struct CVSSVectorTests {
    /// Vectors and base scores; the scores agree with FIRST's calculators (cross-checked with Red Hat's
    /// `cvss` Python library, 3.6). The first five vectors are those of the OSV fixtures.
    @Test(arguments: [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),   // GHSA-xvch-5gv4-984h
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),   // the usual reflected XSS
        ("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2),   // GHSA-35jh-r3h4-6jhm
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),  // GHSA-jfh8-c2jp-5v3q
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", 5.3),   // GHSA-w596-4wvx-j9j6
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),   // Heartbleed
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N", 6.8),   // the OSV schema's example vector
        ("CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8),
        ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),   // PR:L weighs 0.68 under changed scope
        ("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
        ("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:C/C:L/I:L/A:L", 4.7),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0),   // no impact
        ("CVSS:3.1/AV:A/AC:H/PR:L/UI:R/S:C/C:H/I:L/A:N/E:P/RL:O/RC:C", 6.2), // temporal metrics leave the base alone
        ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),                     // CVSS v2
        ("AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3),
        ("(AV:N/AC:L/Au:N/C:C/I:C/A:C)", 10.0),
        ("AV:L/AC:H/Au:M/C:N/I:N/A:P", 0.8),
        ("AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0),
    ])
    func baseScore(_ vector: String, _ score: Double) throws {
        #expect(try CVSSVector(vector).baseScore == score)
    }

    @Test(arguments: [
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", "4.0"),
        ("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unknown CVSS version"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "base metric A is missing"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L", "appears twice"),
        ("CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "AV:X is not a valid value"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", "unknown metric ZZ"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "not METRIC:VALUE"),
        ("CVSS:3.1/", "no metrics"),
        ("", "no metrics"),
        ("9.8", "not METRIC:VALUE"),
        ("AV:N/AC:L/Au:N/C:P/I:P", "base metric A is missing"),
    ])
    func rejects(_ vector: String, _ reasonMentions: String) {
        guard case .invalidCVSS(let v, let reason)? = advisoryError({ _ = try CVSSVector(vector) }) else {
            Issue.record("'\(vector)' should be rejected")
            return
        }
        #expect(v == vector)
        #expect(reason.contains(reasonMentions), "reason: \(reason)")
    }

    @Test(arguments: [
        (10.0, AdvisorySeverity.critical), (9.0, .critical), (8.9, .high), (7.0, .high), (6.9, .moderate), (4.0, .moderate),
        (3.9, .low), (0.1, .low), (0.0, .unknown), (-1.0, .unknown), (10.1, .unknown),
    ])
    func severityBands(_ score: Double, _ level: AdvisorySeverity) {
        #expect(AdvisorySeverity(score: score) == level)
    }

    @Test func vectorSeverity() throws {
        #expect(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").severity == .critical)
        #expect(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N").severity == .moderate)
        #expect(try CVSSVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L").version == .v3_1)
    }
}
