import Foundation
import Hummingbird
import WardenCore

/// An `application/x-www-form-urlencoded` body, read with a size limit.
struct ConsoleForm: Sendable {
    /// The biggest form the console takes.
    static let maxBytes = 64 * 1024

    private(set) var fields: [String: [String]] = [:]

    init(fields: [String: [String]]) { self.fields = fields }

    /// Reads the form of `request`.
    /// - Throws: `payload_too_large` above ``maxBytes``; `invalid_input` when it is not a form or not well-formed.
    static func read(_ request: Request) async throws -> ConsoleForm {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw WardenError.invalidInput("the console takes forms (application/x-www-form-urlencoded)")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw WardenError(.payloadTooLarge, "the form is larger than \(maxBytes / 1024) KiB")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBytes)
        } catch {
            throw WardenError(.payloadTooLarge, "the form is larger than \(maxBytes / 1024) KiB")
        }
        return try parse(String(buffer: buffer))
    }

    /// - Throws: `invalid_input` for bad percent-encoding or text that is not UTF-8.
    static func parse(_ text: String) throws -> ConsoleForm {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                throw WardenError.invalidInput("the form is not well-formed (bad percent-encoding)")
            }
            guard fields.count < 200 else { throw WardenError.invalidInput("the form has too many fields") }
            fields[name, default: []].append(value)
        }
        return ConsoleForm(fields: fields)
    }

    private static func decode(_ s: Substring) -> String? {
        String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The field's first value, trimmed; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let v = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    /// The field's value untrimmed, "" when absent (to show the input back on the form).
    func raw(_ name: String) -> String { fields[name]?.first ?? "" }

    /// Non-empty lines of a text area.
    func lines(_ name: String) -> [String] {
        raw(name).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Every value as the form sent it, for rendering the form again.
    var values: [String: String] { fields.compactMapValues(\.first) }
}
