import Foundation

/// Reads a file line by line in bounded memory, for export files of millions of lines.
enum LineReader {
    struct Failure: Error {
        var message: String
    }

    /// The longest line accepted.
    static let maxLineBytes = 16 * 1_048_576

    /// Calls `body` with each line (without its newline) until it returns false or the file ends.
    /// - Throws: ``Failure`` when the file cannot be read or holds a line longer than ``maxLineBytes``.
    static func forEachLine(ofFile path: String, _ body: (Data) throws -> Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(message: "cannot read \(path): no such file, or no permission")
        }
        defer { try? handle.close() }
        var pending = Data()
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1_048_576) ?? Data()
            } catch {
                throw Failure(message: "reading \(path) failed: \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            pending.append(chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if try !body(pending[start..<newline]) { return }
                start = pending.index(after: newline)
            }
            pending = pending[start...]
            guard pending.count <= maxLineBytes else {
                throw Failure(message: "\(path) has a line longer than \(maxLineBytes) bytes: not an export file")
            }
        }
        if !pending.isEmpty { _ = try body(pending) }
    }
}
