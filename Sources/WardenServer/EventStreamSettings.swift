import WardenCore

/// The live event stream (`GET /v1/events`), the configuration file's `events:` section.
public struct EventStreamSettings: Sendable, Equatable {
    /// Unread events a subscriber may fall behind before it is dropped (close code 4000).
    public var bufferSize = 1024
    /// Events read from the store per page when a subscriber resumes with `?after=SEQ`.
    public var replayPageSize = 500

    public init() {}

    /// The accepted range of ``bufferSize``.
    static let bufferSizes = 1...65_536
    /// The accepted range of ``replayPageSize``.
    static let replayPageSizes = 1...1000

    /// The settings for the `config.loaded` digest.
    var canonicalSummary: [String: JSONValue] {
        ["bufferSize": .number(JSONNumber(bufferSize)), "replayPageSize": .number(JSONNumber(replayPageSize))]
    }
}
