import Foundation
import Testing
@testable import WardenA2A

@Suite("google.protobuf.Timestamp in proto3 JSON")
struct ProtoTimestampTests {
    static let table: [(text: String, seconds: Int64, nanos: Int32, written: String)] = [
        ("1970-01-01T00:00:00Z", 0, 0, "1970-01-01T00:00:00Z"),
        ("2026-03-01T12:00:05.250Z", 1_772_366_405, 250_000_000, "2026-03-01T12:00:05.250Z"),
        ("2026-03-01T12:00:05.25Z", 1_772_366_405, 250_000_000, "2026-03-01T12:00:05.250Z"),
        ("2026-03-01T12:00:05.000001Z", 1_772_366_405, 1000, "2026-03-01T12:00:05.000001Z"),
        ("2026-03-01T12:00:05.123456789Z", 1_772_366_405, 123_456_789, "2026-03-01T12:00:05.123456789Z"),
        ("2026-03-01T13:00:05+01:00", 1_772_366_405, 0, "2026-03-01T12:00:05Z"),
        ("1969-12-31T23:59:59Z", -1, 0, "1969-12-31T23:59:59Z"),
        ("0001-01-01T00:00:00Z", -62_135_596_800, 0, "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", 253_402_300_799, 0, "9999-12-31T23:59:59Z"),
        ("2024-02-29T00:00:00Z", 1_709_164_800, 0, "2024-02-29T00:00:00Z"),
    ]

    @Test("parses RFC 3339 and writes protobuf's form", arguments: table.indices)
    func parseAndWrite(index: Int) throws {
        let c = Self.table[index]
        let t = try #require(ProtoTimestamp(rfc3339: c.text))
        #expect(t.seconds == c.seconds && t.nanos == c.nanos)
        #expect(t.rfc3339 == c.written)
    }

    @Test("rejects what is not RFC 3339", arguments: [
        "", "2026-03-01", "2026-03-01T12:00:05", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01T24:00:00Z",
        "2026-03-01T12:00:05.Z", "2026-03-01T12:00:05.1234567890Z", "2026-03-01T12:00:05Zjunk", "yesterday",
    ])
    func rejects(text: String) {
        #expect(ProtoTimestamp(rfc3339: text) == nil)
    }

    @Test("converts to and from Date to the microsecond")
    func dates() {
        let d = Date(timeIntervalSince1970: 1_772_366_405.25)
        #expect(ProtoTimestamp(d) == ProtoTimestamp(seconds: 1_772_366_405, nanos: 250_000_000))
        #expect(abs(ProtoTimestamp(d).date.timeIntervalSince(d)) < 1e-6)
    }
}
