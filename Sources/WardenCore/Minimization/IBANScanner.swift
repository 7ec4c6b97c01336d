/// Finds IBANs: a country code, two check digits and the national account number, written together or
/// in groups of four separated by single spaces, of the length the country's registry entry gives and
/// passing the ISO 7064 mod-97 check. Letters may be in either case. Only countries of the table below
/// are recognized: without a known length, 1 in 97 random codes of the right shape would pass.
enum IBANScanner {
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into out: inout [PIIFinding]) {
        let n = b.count
        var i = 0
        while i + 15 <= n {
            guard ASCII.isLetter(b[i]), ASCII.isLetter(b[i + 1]), ASCII.isDigit(b[i + 2]), ASCII.isDigit(b[i + 3]),
                i == 0 || !(ASCII.isAlphanumeric(b[i - 1]) || b[i - 1] == ASCII.underscore),
                let length = lengths[key(b[i], b[i + 1])], let end = match(b, at: i, length: length)
            else {
                i += 1
                continue
            }
            out.append(PIIFinding(kind: .iban, utf8Range: i..<end))
            i = end
        }
    }

    /// The end of the IBAN of `length` characters starting at `i`, or `nil` when there is none.
    private static func match(_ b: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> Int? {
        let n = b.count
        var j = i + 4
        var count = 4
        let grouped = j < n && b[j] == ASCII.space
        // The remainder of the account part, read as the check rearranges it: account first, then
        // country code and check digits; a letter stands for two digits (A = 10 ... Z = 35).
        var remainder = 0
        while count < length {
            if grouped && count % 4 == 0 {
                guard j < n, b[j] == ASCII.space else { return nil }
                j += 1
            }
            guard j < n, ASCII.isAlphanumeric(b[j]) else { return nil }
            remainder = append(b[j], to: remainder)
            count += 1
            j += 1
        }
        guard j == n || !(ASCII.isAlphanumeric(b[j]) || b[j] == ASCII.underscore) else { return nil }
        for k in i..<(i + 4) { remainder = append(b[k], to: remainder) }
        return remainder == 1 ? j : nil
    }

    private static func append(_ c: UInt8, to remainder: Int) -> Int {
        ASCII.isDigit(c) ? (remainder * 10 + Int(c &- 0x30)) % 97 : (remainder * 100 + Int(ASCII.uppercased(c)) - 55) % 97
    }

    private static func key(_ a: UInt8, _ b: UInt8) -> UInt16 { UInt16(ASCII.uppercased(a)) << 8 | UInt16(ASCII.uppercased(b)) }

    /// IBAN lengths by country (the SWIFT IBAN registry).
    private static let lengths: [UInt16: Int] = {
        let table: [(String, Int)] = [
            ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16), ("BG", 22), ("BH", 22),
            ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22), ("CY", 28), ("CZ", 24), ("DE", 22), ("DK", 18), ("DO", 28),
            ("EE", 20), ("EG", 29), ("ES", 24), ("FI", 18), ("FO", 18), ("FR", 27), ("GB", 22), ("GE", 22), ("GI", 23),
            ("GL", 18), ("GR", 27), ("GT", 28), ("HR", 21), ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26),
            ("IT", 27), ("JO", 30), ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
            ("LV", 21), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MR", 27), ("MT", 31), ("MU", 30), ("NL", 18),
            ("NO", 15), ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22), ("SA", 24),
            ("SC", 31), ("SE", 24), ("SI", 19), ("SK", 24), ("SM", 27), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24),
            ("TR", 26), ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20),
        ]
        var out: [UInt16: Int] = [:]
        for (code, length) in table {
            let u = Array(code.utf8)
            out[key(u[0], u[1])] = length
        }
        return out
    }()
}
