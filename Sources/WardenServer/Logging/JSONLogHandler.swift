import Foundation
import Logging
import Synchronization
import WardenCore

/// A log handler that writes one JSON object per line (time, level, logger, message, metadata) to standard error,
/// for log collectors. `warden serve` uses it when standard error is not a terminal (or `LOG_FORMAT=json`).
/// Warden never puts secrets in log messages or metadata; this handler adds nothing but the time and level.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let label: String
    private static let lock = Mutex(())

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                    file: String, function: String, line: UInt) {
        let bytes = encodedLine(level: level, message: message, metadata: explicit, at: Date())
        // One write per line, under a lock, so concurrent lines never interleave.
        Self.lock.withLock { _ in FileHandle.standardError.write(Data(bytes)) }
    }

    /// The line written for one entry, newline included.
    func encodedLine(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, at time: Date) -> [UInt8] {
        var object: [String: JSONValue] = [
            "time": .string(time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
            "level": .string(level.rawValue), "logger": .string(label), "message": .string(message.description),
        ]
        for (k, v) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) where object[k] == nil {
            object[k] = Self.json(v)
        }
        var bytes = JSONValue.object(object).canonicalBytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c): return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .object(d.mapValues(json))
        }
    }

    /// Bootstraps logging for a server process: JSON lines unless standard error is a terminal; `LOG_FORMAT`
    /// (`json` or `text`) overrides, `LOG_LEVEL` sets the level (default info).
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let json = environment["LOG_FORMAT"].map { $0 == "json" } ?? (isatty(STDERR_FILENO) == 0)
        LoggingSystem.bootstrap { label in
            if json { return JSONLogHandler(label: label, level: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
