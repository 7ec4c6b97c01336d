import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a file descriptor's bytes into newline-delimited lines, for MCP's stdio transport.
///
/// A dedicated thread does the blocking reads, so no task of the cooperative pool ever blocks on input.
public enum MCPStdioLineReader {
    /// The lines read from `fileDescriptor` until end of file, without their `\n` (a trailing `\r` is dropped too).
    ///
    /// A line longer than `maxLineBytes` is cut: its first `maxLineBytes + 1` bytes are yielded (so the consumer can
    /// tell it is too long and refuse it) and the rest, up to its newline, is skipped without being buffered.
    public static func lines(fileDescriptor: Int32, maxLineBytes: Int) -> AsyncStream<Data> {
        let (stream, continuation) = AsyncStream<Data>.makeStream()
        let thread = Thread {
            var current = Data()
            var skipping = false
            var buffer = [UInt8](repeating: 0, count: 65_536)
            func emit(_ line: Data) {
                var line = line
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                continuation.yield(line)
            }
            readLoop: while true {
                let n = buffer.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break readLoop }
                var start = 0
                while start < n {
                    let newline = buffer[start..<n].firstIndex(of: UInt8(ascii: "\n"))
                    let end = newline ?? n
                    if !skipping {
                        let room = maxLineBytes + 1 - current.count
                        current.append(contentsOf: buffer[start..<min(end, start + room)])
                        if current.count > maxLineBytes {
                            emit(current)  // too long: the consumer refuses it
                            current = Data()
                            skipping = true
                        }
                    }
                    if newline != nil {
                        if skipping { skipping = false } else { emit(current) }
                        current = Data()
                    }
                    start = end + 1
                }
            }
            if !skipping && !current.isEmpty { emit(current) }
            continuation.finish()
        }
        thread.name = "warden.mcp.stdio.reader"
        thread.start()
        return stream
    }
}
