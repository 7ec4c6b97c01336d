import Foundation

/// Reads an HTTP `Retry-After` header (RFC 9110 10.2.3): delay-seconds, or an HTTP-date.
public enum RetryAfter {
    /// The wait the header asks for, measured from `now`: whole seconds, or the time until the date (zero for a date
    /// already past); `nil` when the header is absent or malformed (a negative or fractional number included).
    /// Values are capped at one day, so a hostile header cannot ask for more.
    public static func delay(_ header: String?, now: Date = Date()) -> Duration? {
        guard let raw = header?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // A long digit string overflows Int: that is "very long", so cap it rather than reject it.
            let seconds = Int64(raw.prefix(12)) ?? maxSeconds
            return .seconds(min(seconds, maxSeconds))
        }
        // asctime pads one-digit days with a second space ("Nov  6"); one space parses the same.
        let collapsed = raw.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        guard let date = httpDate(collapsed) else { return nil }
        let interval = date.timeIntervalSince(now)
        guard interval > 0 else { return .zero }
        return .milliseconds(Int64((min(interval, Double(maxSeconds)) * 1000).rounded(.up)))
    }

    static let maxSeconds: Int64 = 86_400

    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and the obsolete RFC 850 and asctime forms recipients must accept.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss 'GMT'", "EEEE, dd-MMM-yy HH:mm:ss 'GMT'", "EEE MMM d HH:mm:ss yyyy"] {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "GMT")
            f.dateFormat = format
            if let d = f.date(from: text) { return d }
        }
        return nil
    }
}
