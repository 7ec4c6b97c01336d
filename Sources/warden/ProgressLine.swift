import Foundation
import WardenCore

/// Shows a background check run's progress on standard error: a bar redrawn in place on a terminal, a line per
/// change of state or check otherwise (so logs stay readable), nothing when output is JSON.
final class ProgressLine {
    private let enabled: Bool
    private let terminal: Bool
    private var last: String?
    private var drew = false

    init(enabled: Bool) {
        self.enabled = enabled
        terminal = isatty(STDERR_FILENO) == 1
    }

    func show(_ run: CheckRun) {
        guard enabled else { return }
        if terminal {
            write("\r\u{1B}[2K" + Self.bar(run))
            drew = true
        } else {
            let phase = "\(run.state.rawValue) \(run.currentCheck ?? "")"
            guard phase != last else { return }
            last = phase
            write(Self.bar(run) + "\n")
        }
    }

    func finish() {
        if drew { write("\n") }
        drew = false
    }

    /// `[########------------]  40 % contract_test (4/10 steps)`.
    static func bar(_ run: CheckRun, width: Int = 24) -> String {
        let filled = Int((run.fraction * Double(width)).rounded(.down))
        let percent = Int((run.fraction * 100).rounded(.down))
        let what = run.state == .running ? (run.currentCheck ?? "starting") : run.state.rawValue
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            + String(repeating: " ", count: max(0, 3 - String(percent).count)) + "\(percent) % \(what) (\(run.completedSteps)/\(run.totalSteps) steps)"
    }

    private func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
