import WardenCore

extension ConfigurationFile {
    /// The `events:` section. Every key is optional; unknown keys are errors.
    struct Events: Decodable {
        var bufferSize: Int?
        var replayPageSize: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case bufferSize, replayPageSize }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            bufferSize = try c.decodeIfPresent(Int.self, forKey: .bufferSize)
            replayPageSize = try c.decodeIfPresent(Int.self, forKey: .replayPageSize)
        }

        /// - Throws: `invalid_input` naming the key out of range.
        func apply(to c: inout WardenConfiguration) throws {
            if let b = bufferSize {
                guard EventStreamSettings.bufferSizes.contains(b) else {
                    throw WardenError.invalidInput("events.bufferSize must be 1 to 65536 (events a subscriber may fall behind before it is dropped)")
                }
                c.events.bufferSize = b
            }
            if let p = replayPageSize {
                guard EventStreamSettings.replayPageSizes.contains(p) else {
                    throw WardenError.invalidInput("events.replayPageSize must be 1 to 1000")
                }
                c.events.replayPageSize = p
            }
        }
    }
}
