import Foundation
import Testing
@testable import WardenRuntime

@Suite("call history")
struct CallHistoryTests {
    @Test("latency bins are monotonic and each bin's middle lies within it", arguments: [1_000, 50_000, 1_000_000, 250_000_000, 9_000_000_000] as [Int64])
    func bins(_ ns: Int64) {
        let bin = CallHistory.bin(ofNanoseconds: ns)
        #expect(CallHistory.bin(ofNanoseconds: ns * 2) > bin)
        let middle = CallHistory.middle(ofBin: bin)
        #expect(abs(middle - Double(max(ns, 1024))) / Double(max(ns, 1024)) < 0.25)
    }

    @Test("per-minute counts, errors and percentiles; old minutes fall out of the ring")
    func series() throws {
        let h = CallHistory()
        let t0: Int64 = 1_800_000_000 / 60 * 60
        for i in 0..<100 { h.record(tool: "t", failed: i < 10, latencyNanoseconds: Int64(i + 1) * 1_000_000, unixSeconds: t0) }
        h.record(tool: "t", failed: false, latencyNanoseconds: 5_000_000, unixSeconds: t0 + 120)
        let s = h.series(tool: "t", minutes: 5, now: Date(timeIntervalSince1970: Double(t0 + 130)))
        #expect(s.map(\.calls) == [0, 0, 100, 0, 1])
        #expect(s[2].errors == 10)
        let p50 = try #require(s[2].latency?.p50), p99 = try #require(s[2].latency?.p99)
        #expect(abs(p50 - 50) / 50 < 0.2, "\(p50)")
        #expect(abs(p99 - 99) / 99 < 0.2, "\(p99)")
        let w = h.window(tool: "t", minutes: 5, now: Date(timeIntervalSince1970: Double(t0 + 130)))
        #expect(w.calls == 101 && w.errors == 10)
        // An hour later the same slot holds a new minute: the old counts are gone.
        h.record(tool: "t", failed: false, latencyNanoseconds: 1_000_000, unixSeconds: t0 + 3600)
        let later = h.series(tool: "t", minutes: 1, now: Date(timeIntervalSince1970: Double(t0 + 3600)))
        #expect(later.map(\.calls) == [1])
        #expect(h.series(tool: "unknown-tool", minutes: 2).allSatisfy { $0.calls == 0 && $0.latency == nil })
    }
}
