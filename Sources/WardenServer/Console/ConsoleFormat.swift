import Foundation
import WardenCore

/// How the console writes dates, durations, rates and JSON values.
enum ConsoleFormat {
    static func time(_ d: Date) -> String {
        let f = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false)
            .timeSeparator(.colon)
        return d.formatted(f).replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }

    static func day(_ d: Date) -> String {
        d.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateSeparator(.dash))
    }

    static func milliseconds(_ ms: Double) -> String {
        ms >= 100 ? String(format: "%.0f ms", ms) : ms >= 1 ? String(format: "%.1f ms", ms) : String(format: "%.2f ms", ms)
    }

    static func percent(_ rate: Double) -> String { String(format: "%.1f %%", rate * 100) }

    /// A JSON value on one line, shortened for a table cell.
    static func json(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        let text = value.canonicalString
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    /// A path segment for a tool or agent name.
    static func path(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? name
    }
}
