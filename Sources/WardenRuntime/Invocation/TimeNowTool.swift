import Foundation
import WardenCore

/// `time.now`: the current date and time in an IANA time zone (UTC by default).
///
/// `{"timeZone": "Europe/Paris"}` gives `{"iso8601": "2026-01-15T13:00:00+01:00", "timeZone": "Europe/Paris",
/// "utcOffsetSeconds": 3600}`; UTC is written with `Z`, and `timeZone` echoes the zone as asked.
/// Whole seconds only.
public struct TimeNowTool: BuiltinTool {
    /// The tool's name, as in ``BuiltinTools``.
    public let name = "time.now"
    /// What the tool reads the time from.
    public let clock: any WallClock

    /// A `time.now` reading `clock`.
    public init(clock: any WallClock = SystemWallClock()) { self.clock = clock }

    /// - Throws: `invalid_input` for an unknown time zone or malformed arguments.
    public func call(_ arguments: JSONValue) async throws -> JSONValue {
        let args = try members(of: arguments, allowed: ["timeZone"])
        let zoneName = try string("timeZone", in: args) ?? "UTC"
        guard !zoneName.isEmpty, zoneName.count <= 64, let zone = TimeZone(identifier: zoneName) else {
            throw WardenError.invalidInput(
                "\(name): '\(zoneName.prefix(64))' is not a known IANA time zone; use a name such as 'Europe/Paris' or 'UTC'")
        }
        let now = clock.now()
        let offset = zone.secondsFromGMT(for: now)
        guard let text = Self.iso8601(now, utcOffsetSeconds: offset) else {
            throw WardenError(.internal, "\(name): the server clock reads an unrepresentable date")
        }
        // The name as asked: Foundation reports "UTC" as "GMT", which would surprise the caller.
        return ["iso8601": .string(text), "timeZone": .string(zoneName),
                "utcOffsetSeconds": .number(JSONNumber(offset))]
    }

    /// `date` as ISO 8601 local time with its offset, e.g. `2026-01-15T13:00:00+01:00`; `nil` beyond year 9999.
    static func iso8601(_ date: Date, utcOffsetSeconds offset: Int) -> String? {
        let t = date.timeIntervalSince1970.rounded(.down)
        guard t.isFinite, abs(t) < 253_402_300_800 else { return nil }
        let local = Int(t) + offset
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        var out = ""
        out.reserveCapacity(25)
        pad(year, 4, &out); out += "-"; pad(month, 2, &out); out += "-"; pad(day, 2, &out)
        out += "T"
        pad(secondOfDay / 3600, 2, &out); out += ":"; pad(secondOfDay / 60 % 60, 2, &out); out += ":"
        pad(secondOfDay % 60, 2, &out)
        if offset == 0 {
            out += "Z"
        } else {
            out += offset < 0 ? "-" : "+"
            let minutes = abs(offset) / 60
            pad(minutes / 60, 2, &out); out += ":"; pad(minutes % 60, 2, &out)
        }
        return out
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ n: Int, _ width: Int, _ out: inout String) {
        let digits = String(n)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }
}
