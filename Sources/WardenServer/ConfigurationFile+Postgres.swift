import WardenCore

extension ConfigurationFile {
    /// The `postgres:` section (used when `database` is a postgres:// URL). Every key is optional; unknown keys are errors.
    struct Postgres: Decodable {
        var maxConnections: Int?
        var requestTimeoutSeconds: Int?
        var resyncSeconds: Int?
        var heartbeatSeconds: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case maxConnections, requestTimeoutSeconds, resyncSeconds, heartbeatSeconds }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            maxConnections = try c.decodeIfPresent(Int.self, forKey: .maxConnections)
            requestTimeoutSeconds = try c.decodeIfPresent(Int.self, forKey: .requestTimeoutSeconds)
            resyncSeconds = try c.decodeIfPresent(Int.self, forKey: .resyncSeconds)
            heartbeatSeconds = try c.decodeIfPresent(Int.self, forKey: .heartbeatSeconds)
        }

        /// - Throws: `invalid_input` naming the key out of range.
        func apply(to c: inout WardenConfiguration) throws {
            if let n = maxConnections {
                guard (2...200).contains(n) else { throw WardenError.invalidInput("postgres.maxConnections must be 2 to 200") }
                c.postgres.maximumConnections = n
            }
            if let t = requestTimeoutSeconds {
                guard (1...120).contains(t) else { throw WardenError.invalidInput("postgres.requestTimeoutSeconds must be 1 to 120") }
                c.postgres.requestTimeout = .seconds(t)
            }
            if let r = resyncSeconds {
                guard (1...86_400).contains(r) else { throw WardenError.invalidInput("postgres.resyncSeconds must be 1 to 86400") }
                c.postgres.resyncInterval = .seconds(r)
            }
            if let h = heartbeatSeconds {
                guard (1...300).contains(h) else { throw WardenError.invalidInput("postgres.heartbeatSeconds must be 1 to 300") }
                c.postgres.heartbeatInterval = .seconds(h)
            }
        }
    }
}
