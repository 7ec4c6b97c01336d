import Testing
import WardenCore

/// The substrings of `text` the scanner finds, with their kinds.
private func found(_ text: String, _ scanner: PIIScanner = PIIScanner()) -> [(PIIKind, String)] {
    scanner.findings(in: text).map { f in (f.kind, String(text[f.range(in: text)])) }
}

@Suite("PII scanner")
struct PIIScannerTests {
    @Test("finds exactly the personal data", arguments: [
        // E-mail addresses, also inside punctuation.
        ("write to alice@example.com today", PIIKind.email, "alice@example.com"),
        ("<bob.smith+tag@mail.example.co.uk>", .email, "bob.smith+tag@mail.example.co.uk"),
        ("(carol_d@example.org)", .email, "carol_d@example.org"),
        ("mailto:dave@example.net", .email, "dave@example.net"),
        ("\"erin@example.com\",", .email, "erin@example.com"),
        ("ends the sentence: frank@example.com.", .email, "frank@example.com"),
        ("...grace@example.com", .email, "grace@example.com"),
        ("heidi@sub-domain.example.io--thanks", .email, "heidi@sub-domain.example.io"),
        ("müller@beispiel.de", .email, "müller@beispiel.de"),
        ("punycode@example.xn--p1ai", .email, "punycode@example.xn--p1ai"),
        // Phone numbers.
        ("call +14155552671 now", .phone, "+14155552671"),
        ("+1 (555) 123-4567", .phone, "+1 (555) 123-4567"),
        ("(555) 123-4567", .phone, "(555) 123-4567"),
        ("tel 555-123-4567.", .phone, "555-123-4567"),
        ("555.123.4567", .phone, "555.123.4567"),
        ("06 12 34 56 78", .phone, "06 12 34 56 78"),
        ("06.12.34.56.78", .phone, "06.12.34.56.78"),
        ("+33 6 12 34 56 78", .phone, "+33 6 12 34 56 78"),
        ("+44 (0)20 7946 0958", .phone, "+44 (0)20 7946 0958"),
        ("Tel.: 030/1234567", .phone, "030/1234567"),
        ("phone:+49-30-1234567", .phone, "+49-30-1234567"),
        ("on 2024-01-15 call 555 123 4567", .phone, "555 123 4567"),
        ("call 555 123 4567 at 10:30", .phone, "555 123 4567"),
        ("call 555 123 4567 10:30", .phone, "555 123 4567"),
        // Payment cards (valid Luhn, plausible prefix).
        ("card 4111111111111111 exp", .card, "4111111111111111"),
        ("4111 1111 1111 1111", .card, "4111 1111 1111 1111"),
        ("4111-1111-1111-1111", .card, "4111-1111-1111-1111"),
        ("amex 3782 822463 10005.", .card, "3782 822463 10005"),
        ("5555555555554444", .card, "5555555555554444"),
        ("6011111111111117", .card, "6011111111111117"),
        ("13 digits: 4222222222222", .card, "4222222222222"),
        ("4111 1111 1111 1111 2025", .card, "4111 1111 1111 1111"),
        // IBANs (valid mod-97, known length).
        ("IBAN DE89370400440532013000.", .iban, "DE89370400440532013000"),
        ("DE89 3704 0044 0532 0130 00", .iban, "DE89 3704 0044 0532 0130 00"),
        ("GB29 NWBK 6016 1331 9268 19", .iban, "GB29 NWBK 6016 1331 9268 19"),
        ("FR1420041010050500013M02606", .iban, "FR1420041010050500013M02606"),
        ("BE68 5390 0754 7034 TEXT", .iban, "BE68 5390 0754 7034"),
        ("(NO9386011117947)", .iban, "NO9386011117947"),
        ("iban: nl91abna0417164300", .iban, "nl91abna0417164300"),
    ])
    func positives(text: String, kind: PIIKind, match: String) {
        let f = found(text)
        #expect(f.count == 1, "\(f)")
        #expect(f.first?.0 == kind)
        #expect(f.first?.1 == match)
    }

    @Test("leaves look-alikes alone", arguments: [
        // Not e-mail addresses.
        "user@localhost", "@handle", "a@b.c", "icon@2x.png", "npm i @scope/pkg@1.2.3", "x@y", "@@@", "a@.com",
        // Not phone numbers: dates, timestamps, times, versions, addresses, decimals, short and plain numbers.
        "2024-01-15", "15.01.2024", "01/15/2024", "2024.01.15", "1999-2024", "2024-01-15T10:30:00Z",
        "2024-01-15T10:30:00.123+02:00", "2024-01-15 10:30:00", "20240115T103000Z", "at 10:30:45",
        "version 10.0.19041.1", "1.2.3.4.5.6.7.8", "192.168.100.200", "pi is 3.14159265", "12.345.678,90 EUR",
        "1,234,567,890", "12345", "order 12345678", "ts 1700000000000", "555-1234", "ISBN 978-3-16-148410-0",
        "uuid 123e4567-e89b-12d3-a456-426614174000", "sha 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "+1234567", "v2.10.15.30", "+12345678901234567",
        // Not cards: bad Luhn, implausible prefix, too long, glued.
        "4111111111111112", "5555 5555 5555 4445", "1234567812345670", "0000000000000000", "4111111111111111111",
        "41111111111111110", "x4111111111111111", "4111111111111111.5",
        // Not IBANs: bad check digits, wrong length, unknown country, glued.
        "DE89370400440532013001", "DE8937040044053201300", "DE893704004405320130001", "XX89370400440532013000",
        "ADE89370400440532013000", "DE89 3704 0044 0532 0130 01",
    ])
    func negatives(text: String) {
        #expect(found(text).isEmpty, "\(found(text))")
    }

    @Test("masks each span with its placeholder", arguments: [
        ("mail a@example.com or call +1 555 123 4567", "mail [email] or call [phone]"),
        ("pay 4111 1111 1111 1111 from DE89 3704 0044 0532 0130 00.", "pay [card] from [iban]."),
        ("no personal data here, 42 items on 2024-01-15", "no personal data here, 42 items on 2024-01-15"),
        ("é a@b.io ü", "é [email] ü"),
        ("", ""),
    ])
    func masking(text: String, expected: String) {
        #expect(PIIScanner().masked(text).text == expected)
    }

    @Test func overlappingFindingsKeepTheChecksummedKind() {
        // 15 digits in groups: both a phone number and an Amex card; the card wins.
        #expect(found("3782 822463 10005").map(\.0) == [.card])
        // A phone-shaped run inside an IBAN is part of the IBAN.
        #expect(found("DE89 3704 0044 0532 0130 00").map(\.0) == [.iban])
    }

    @Test func findsSeveralInOrder() {
        let text = "x@example.com, +14155552671; 4111111111111111 / GB29NWBK60161331926819 y@example.org"
        #expect(found(text).map(\.0) == [.email, .phone, .card, .iban, .email])
    }

    @Test func onlyTheChosenKinds() {
        let scanner = PIIScanner(kinds: [.card])
        #expect(found("a@example.com 4111111111111111 +14155552671", scanner).map(\.0) == [.card])
    }

    @Test func rangesAreUTF8Offsets() throws {
        let text = "ü a@b.io"
        let f = try #require(PIIScanner().findings(in: text).first)
        #expect(f.utf8Range == 3..<9)
    }

    @Test func longTextIsLinear() {
        // Pathological input for a backtracking matcher; the scanners look at each byte a bounded number of times.
        let text = String(repeating: "a@a@a.1-2-3-4 ", count: 20_000) + String(repeating: "1 ", count: 50_000)
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = PIIScanner().findings(in: text) }
        #expect(elapsed < .seconds(2))
    }
}
