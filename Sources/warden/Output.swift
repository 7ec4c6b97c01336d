import Foundation
import WardenCore

/// Printing helpers shared by the client commands: aligned tables, pretty JSON, messages on standard error.
enum Output {
    /// Writes `message` and a newline to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Prints a JSON document pretty with sorted keys.
    static func printJSON(_ data: Data) throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: data)
        try printJSON(value: value)
    }

    /// Prints an `Encodable` value as pretty JSON with sorted keys and Warden's date format.
    static func printJSON(value: some Encodable) throws {
        print(String(decoding: try WardenJSON.encode(value, pretty: true), as: UTF8.self))
    }

    /// Columns padded to the widest cell; the last column is not padded.
    static func table(_ header: [String], _ rows: [[String]], indent: String = "") -> String {
        let all = [header] + rows
        let columns = all.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: columns)
        for row in all {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return all.map { row in
            var line = indent
            for (i, cell) in row.enumerated() {
                if i == row.count - 1 {
                    line += cell
                } else {
                    line += cell + String(repeating: " ", count: widths[i] - cell.count + 2)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    static func printTable(_ header: [String], _ rows: [[String]], indent: String = "") {
        print(table(header, rows, indent: indent))
    }

    /// `2026-11-25T08:00:00.000Z`, or `-`.
    static func date(_ date: Date?) -> String {
        guard let date else { return "-" }
        return WardenJSON.format(date)
    }

    /// A JSON value on one line, shortened to `limit` characters.
    static func compact(_ value: JSONValue?, limit: Int = 160) -> String {
        guard let value else { return "(none)" }
        let text = value.canonicalString
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// One line per change: `~ /path: old → new`, `+ /path: new`, `- /path: old`.
    static func changeLines(_ changes: [JSONChange], indent: String = "") -> [String] {
        changes.map { c in
            let path = c.path.isEmpty ? "/" : c.path
            switch c.kind {
            case .changed: return "\(indent)~ \(path): \(compact(c.old)) → \(compact(c.new))"
            case .added: return "\(indent)+ \(path): \(compact(c.new))"
            case .removed: return "\(indent)- \(path): \(compact(c.old))"
            }
        }
    }

    /// `1 tool`, `2 tools`.
    static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) \(n == 1 ? singular : (plural ?? singular + "s"))"
    }
}
