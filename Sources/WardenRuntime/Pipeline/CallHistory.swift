import Foundation
import Synchronization

/// Calls, errors and latency per tool and minute over the last hour, in memory, for the console's plots.
///
/// Each tool has a fixed ring of ``minutes`` buckets, made once when the tool is first called; a bucket holds its
/// minute, its call and error counts and a latency histogram of ``latencyBins`` log-scaled bins (four per octave,
/// from about 1 µs to about 68 s, so a percentile is known within about 19 %). Recording a call takes two short
/// locks (the tool's ring, found in a table under another) and allocates nothing.
public final class CallHistory: Sendable {
    /// Minutes kept per tool.
    public static let minutes = 60
    /// Latency histogram bins per minute.
    static let latencyBins = 104
    /// At most this many tools are tracked; later ones are not (tool names come from the served registry, so the
    /// bound is only a guard).
    static let maxTools = 4096

    private let tools = Mutex<[String: ToolCallHistory]>([:])

    public init() {}

    /// Records one finished call of `tool` at `unixSeconds` (now by default). ``CallMetrics`` calls it for every call.
    public func record(tool: String, failed: Bool, latencyNanoseconds: Int64, unixSeconds: Int64 = Int64(Date().timeIntervalSince1970)) {
        guard let history = history(of: tool) else { return }
        let minute = unixSeconds / 60
        let bin = Self.bin(ofNanoseconds: latencyNanoseconds)
        history.ring.withLock { $0.add(minute: minute, failed: failed, bin: bin) }
    }

    /// The last `count` minutes of `tool` up to the minute of `now`, oldest first; minutes without calls count zero.
    public func series(tool: String, minutes count: Int = CallHistory.minutes, now: Date = Date()) -> [MinuteStats] {
        let count = max(1, min(count, Self.minutes))
        let current = Int64(now.timeIntervalSince1970) / 60
        let history = tools.withLock { $0[tool] }
        var out: [MinuteStats] = []
        out.reserveCapacity(count)
        let snapshot = history?.ring.withLock { $0 }
        for m in (current - Int64(count) + 1)...current {
            let start = Date(timeIntervalSince1970: Double(m * 60))
            guard let ring = snapshot, let slot = ring.slot(of: m) else {
                out.append(MinuteStats(start: start, calls: 0, errors: 0, latency: nil))
                continue
            }
            let bins = ring.bins[(slot * Self.latencyBins)..<((slot + 1) * Self.latencyBins)]
            out.append(MinuteStats(start: start, calls: Int(ring.calls[slot]), errors: Int(ring.errors[slot]),
                                   latency: LatencyPercentiles(bins: Array(bins))))
        }
        return out
    }

    /// `tool`'s calls, errors and latency percentiles over the last `minutes` minutes up to `now`.
    public func window(tool: String, minutes count: Int = 15, now: Date = Date()) -> WindowStats {
        let minutes = series(tool: tool, minutes: count, now: now)
        let calls = minutes.reduce(0) { $0 + $1.calls }, errors = minutes.reduce(0) { $0 + $1.errors }
        var merged = [UInt32](repeating: 0, count: Self.latencyBins)
        for m in minutes { for (i, n) in (m.latency?.bins ?? []).enumerated() { merged[i] &+= n } }
        return WindowStats(minutes: minutes.count, calls: calls, errors: errors, latency: LatencyPercentiles(bins: merged))
    }

    private func history(of tool: String) -> ToolCallHistory? {
        if let h = tools.withLock({ $0[tool] }) { return h }
        // Made outside the lock: the ring's arrays are the only allocation, once per tool.
        let made = ToolCallHistory()
        return tools.withLock { table in
            if let h = table[tool] { return h }
            guard table.count < Self.maxTools else { return nil }
            table[tool] = made
            return made
        }
    }

    /// The histogram bin of a latency: four bins per power of two from 2^10 ns.
    static func bin(ofNanoseconds ns: Int64) -> Int {
        let v = UInt64(max(ns, 1 << 10))
        let msb = 63 - v.leadingZeroBitCount
        let sub = Int((v >> UInt64(msb - 2)) & 3)
        return min((msb - 10) * 4 + sub, latencyBins - 1)
    }

    /// The middle of a bin, in nanoseconds.
    static func middle(ofBin bin: Int) -> Double {
        let msb = bin / 4 + 10, sub = bin % 4
        let width = Double(UInt64(1) << UInt64(msb - 2))
        return Double(4 + sub) * width + width / 2
    }
}

/// One minute of one tool.
public struct MinuteStats: Sendable, Equatable {
    /// The minute's start.
    public var start: Date
    public var calls: Int
    /// Calls that did not succeed (refused, failed, timed out, or the tool reported an error).
    public var errors: Int
    /// Latency of the minute's calls; nil without calls.
    public var latency: LatencyPercentiles?
}

/// A tool's calls over a window of minutes.
public struct WindowStats: Sendable, Equatable {
    public var minutes: Int
    public var calls: Int
    public var errors: Int
    public var latency: LatencyPercentiles?

    /// Errors per call, nil without calls.
    public var errorRate: Double? { calls == 0 ? nil : Double(errors) / Double(calls) }
}

/// Latency percentiles estimated from a log-scaled histogram.
public struct LatencyPercentiles: Sendable, Equatable {
    /// Calls per bin (see ``CallHistory``).
    let bins: [UInt32]

    /// Nil when the histogram is empty.
    init?(bins: [UInt32]) {
        guard bins.contains(where: { $0 > 0 }) else { return nil }
        self.bins = bins
    }

    /// The estimated `p`-th quantile (0 < p ≤ 1) in milliseconds.
    public func milliseconds(at p: Double) -> Double {
        let total = bins.reduce(0) { $0 + UInt64($1) }
        let rank = UInt64((Double(total) * p).rounded(.up))
        var seen: UInt64 = 0
        for (i, n) in bins.enumerated() {
            seen += UInt64(n)
            if seen >= max(rank, 1) { return CallHistory.middle(ofBin: i) / 1_000_000 }
        }
        return CallHistory.middle(ofBin: bins.count - 1) / 1_000_000
    }

    public var p50: Double { milliseconds(at: 0.5) }
    public var p95: Double { milliseconds(at: 0.95) }
    public var p99: Double { milliseconds(at: 0.99) }
}

/// One tool's ring of minutes; its lock is held only to add a call or copy the ring.
final class ToolCallHistory: Sendable {
    let ring = Mutex(MinuteRing())
}

/// ``CallHistory/minutes`` buckets, the bucket of minute m at m mod minutes, reset when a new minute reuses it.
struct MinuteRing: Sendable {
    var minute = [Int64](repeating: -1, count: CallHistory.minutes)
    var calls = [UInt32](repeating: 0, count: CallHistory.minutes)
    var errors = [UInt32](repeating: 0, count: CallHistory.minutes)
    var bins = [UInt32](repeating: 0, count: CallHistory.minutes * CallHistory.latencyBins)

    mutating func add(minute m: Int64, failed: Bool, bin: Int) {
        let slot = Int(m % Int64(CallHistory.minutes))
        if minute[slot] != m {
            minute[slot] = m
            calls[slot] = 0
            errors[slot] = 0
            let base = slot * CallHistory.latencyBins
            for i in base..<(base + CallHistory.latencyBins) { bins[i] = 0 }
        }
        calls[slot] &+= 1
        if failed { errors[slot] &+= 1 }
        bins[slot * CallHistory.latencyBins + bin] &+= 1
    }

    /// The slot holding minute `m`, if it still does.
    func slot(of m: Int64) -> Int? {
        guard m >= 0 else { return nil }
        let slot = Int(m % Int64(CallHistory.minutes))
        return minute[slot] == m ? slot : nil
    }
}
