/// Finds payment card numbers: 13 to 19 digits, written together or in groups of at least 3 digits
/// separated by single spaces or dashes (one kind throughout), starting with 2 to 6 (the major networks'
/// prefixes) and passing the Luhn check.
///
/// When a grouped run goes on past a card number ("4111 1111 1111 1111 2025") the longest leading groups
/// that form a valid number are the card.
enum CardScanner {
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into out: inout [PIIFinding]) {
        let n = b.count
        var i = 0
        while i < n {
            guard ASCII.isDigit(b[i]), startBoundary(b, i) else {
                i += 1
                continue
            }
            let first = b[i] &- 0x30
            var j = i
            var digits = 0
            // Luhn sums with the digits at even (resp. odd) positions from the left doubled.
            var evenDoubled = 0, oddDoubled = 0
            var separator: UInt8 = 0
            var best = -1
            while true {
                let groupStart = j
                while j < n && ASCII.isDigit(b[j]) {
                    if digits < 19 {
                        let d = Int(b[j] &- 0x30)
                        let doubled = d < 5 ? 2 * d : 2 * d - 9
                        if digits % 2 == 0 { evenDoubled += doubled; oddDoubled += d } else { evenDoubled += d; oddDoubled += doubled }
                    }
                    digits += 1
                    j += 1
                }
                if j - groupStart < 3 { break }
                if (13...19).contains(digits) && (2...6).contains(first) && endBoundary(b, j) {
                    // Luhn doubles every second digit from the right: those at even positions from the left
                    // when the length is even.
                    if (digits % 2 == 0 ? evenDoubled : oddDoubled) % 10 == 0 { best = j }
                }
                guard digits < 19, j + 1 < n, b[j] == ASCII.space || b[j] == ASCII.minus,
                    separator == 0 || separator == b[j], ASCII.isDigit(b[j + 1]) else { break }
                separator = b[j]
                j += 1
            }
            if best >= 0 {
                out.append(PIIFinding(kind: .card, utf8Range: i..<best))
                i = best
            } else {
                i = max(j, i + 1)
            }
        }
    }

    private static func startBoundary(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i > 0 else { return true }
        let p = b[i - 1]
        if ASCII.isAlphanumeric(p) || p == ASCII.plus || p == ASCII.underscore { return false }
        if p == ASCII.comma || p == ASCII.colon { return i < 2 || !ASCII.isDigit(b[i - 2]) }
        if p == ASCII.dot || p == ASCII.minus || p == ASCII.slash { return i < 2 || !ASCII.isAlphanumeric(b[i - 2]) }
        return true
    }

    private static func endBoundary(_ b: UnsafeBufferPointer<UInt8>, _ e: Int) -> Bool {
        guard e < b.count else { return true }
        let c = b[e]
        if ASCII.isAlphanumeric(c) || c == ASCII.underscore || c == ASCII.at { return false }
        if c == ASCII.dot || c == ASCII.comma { return e + 1 >= b.count || !ASCII.isDigit(b[e + 1]) }
        return true
    }
}
