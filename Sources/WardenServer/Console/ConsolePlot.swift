import Foundation
import WardenRuntime

/// Server-rendered SVG plots of a tool's last hour (``CallHistory``): calls per minute, error rate, latency percentiles.
/// The template draws them from polyline points computed here: numbers only, so nothing needs escaping.
enum ConsolePlot {
    static let width = 600.0, height = 120.0, pad = 4.0

    /// The views of the three plots for `series` (oldest minute first).
    static func views(_ series: [MinuteStats]) -> [[String: Any]] {
        guard let first = series.first, let last = series.last else { return [] }
        let calls = series.map { Double($0.calls) }
        let errors = series.map { $0.calls == 0 ? nil : Double($0.errors) / Double($0.calls) * 100 }
        let p50 = series.map { $0.latency?.p50 }, p95 = series.map { $0.latency?.p95 }, p99 = series.map { $0.latency?.p99 }
        let maxCalls = max(calls.max() ?? 0, 1)
        let maxLatency = max((p99.compactMap { $0 }).max() ?? 0, 0.01)
        let span = "\(ConsoleFormat.time(first.start)) – \(ConsoleFormat.time(last.start.addingTimeInterval(60)))"
        return [
            plot("Calls per minute", max: String(format: "%.0f", maxCalls), span: span,
                 lines: [line("calls", calls, scale: maxCalls, color: "#2563eb")]),
            plot("Error rate", max: "100 %", span: span, lines: [line("errors", errors, scale: 100, color: "#dc2626")]),
            plot("Latency p50 / p95 / p99", max: ConsoleFormat.milliseconds(maxLatency), span: span, lines: [
                line("p50", p50, scale: maxLatency, color: "#16a34a"), line("p95", p95, scale: maxLatency, color: "#ca8a04"),
                line("p99", p99, scale: maxLatency, color: "#9333ea"),
            ]),
        ]
    }

    static func plot(_ title: String, max: String, span: String, lines: [[String: Any]]) -> [String: Any] {
        ["title": title, "max": max, "span": span, "lines": lines, "width": Int(width), "height": Int(height)]
    }

    /// One polyline with a dot per minute; minutes without a value (no calls) break it into segments.
    static func line(_ label: String, _ values: [Double?], scale: Double, color: String) -> [String: Any] {
        let step = values.count > 1 ? (width - 2 * pad) / Double(values.count - 1) : 0
        var segments: [[String: Any]] = []
        var dots: [[String: Any]] = []
        var current: [String] = []
        for (i, v) in values.enumerated() {
            guard let v else {
                if !current.isEmpty { segments.append(["points": current.joined(separator: " ")]) }
                current = []
                continue
            }
            let x = String(format: "%.1f", pad + Double(i) * step)
            let y = String(format: "%.1f", height - pad - (min(v, scale) / scale) * (height - 2 * pad))
            current.append("\(x),\(y)")
            dots.append(["x": x, "y": y])
        }
        if !current.isEmpty { segments.append(["points": current.joined(separator: " ")]) }
        return ["label": label, "color": color, "segments": segments, "dots": dots]
    }
}
