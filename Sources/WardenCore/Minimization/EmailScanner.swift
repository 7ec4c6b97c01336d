/// Finds e-mail addresses: `local@domain.tld`, the way people write them in prose.
///
/// The local part is letters, digits, `._%+-` and any non-ASCII character; the domain is at least two
/// labels of letters, digits, `-` and non-ASCII characters, the last one (the top-level domain) at least two
/// letters. Surrounding punctuation (`<a@b.org>`, `(a@b.org)`, `mailto:a@b.org`, a final full stop) is
/// not part of the address. Image names such as `icon@2x.png` are not addresses.
///
/// Linear: every byte is looked at a bounded number of times, because neither part can contain `@`.
enum EmailScanner {
    static func scan(_ b: UnsafeBufferPointer<UInt8>, into out: inout [PIIFinding]) {
        let n = b.count
        var i = 0
        var leftLimit = 0
        while i < n {
            guard b[i] == ASCII.at else { i += 1; continue }
            var start = i
            while start > leftLimit && isLocal(b[start - 1]) { start -= 1 }
            while start < i && b[start] == ASCII.dot { start += 1 }
            guard start < i, let end = domainEnd(b, from: i + 1) else {
                i += 1
                continue
            }
            out.append(PIIFinding(kind: .email, utf8Range: start..<end))
            leftLimit = end
            i = end
        }
    }

    /// The end of a valid domain starting at `from`, or `nil`.
    private static func domainEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let n = b.count
        var j = from
        var labels = 0
        var lastLabelStart = from
        var end = from
        while j < n {
            let labelStart = j
            while j < n && isDomain(b[j]) { j += 1 }
            if j == labelStart { break }
            labels += 1
            lastLabelStart = labelStart
            end = j
            // A dot continues the domain only when a label follows it; otherwise it ends the sentence.
            guard j + 1 < n, b[j] == ASCII.dot, isDomain(b[j + 1]) else { break }
            j += 1
        }
        guard labels >= 2 else { return nil }
        // A top-level domain has no hyphen (but punycode's "xn--"): "a@b.org--thanks" is the address a@b.org.
        if !isPunycode(UnsafeBufferPointer(rebasing: b[lastLabelStart..<end])),
            let hyphen = (lastLabelStart..<end).first(where: { b[$0] == ASCII.minus })
        {
            end = hyphen
        }
        guard end - lastLabelStart >= 2 else { return nil }
        let tld = UnsafeBufferPointer(rebasing: b[lastLabelStart..<end])
        guard tld.allSatisfy({ ASCII.isLetter($0) || $0 >= 0x80 }) || isPunycode(tld), !isFileExtension(tld) else {
            return nil
        }
        return end
    }

    private static func isLocal(_ c: UInt8) -> Bool {
        ASCII.isAlphanumeric(c) || c >= 0x80 || c == ASCII.dot || c == ASCII.underscore || c == ASCII.minus
            || c == ASCII.plus || c == UInt8(ascii: "%")
    }

    private static func isDomain(_ c: UInt8) -> Bool { ASCII.isAlphanumeric(c) || c >= 0x80 || c == ASCII.minus }

    private static func isPunycode(_ tld: UnsafeBufferPointer<UInt8>) -> Bool {
        tld.count > 4 && ASCII.lowercased(tld[0]) == UInt8(ascii: "x") && ASCII.lowercased(tld[1]) == UInt8(ascii: "n")
            && tld[2] == ASCII.minus && tld[3] == ASCII.minus
    }

    private static let fileExtensions: Set<[UInt8]> = Set(["png", "jpg", "jpeg", "gif", "svg", "webp"].map { Array($0.utf8) })

    private static func isFileExtension(_ tld: UnsafeBufferPointer<UInt8>) -> Bool {
        tld.count <= 4 && fileExtensions.contains(tld.map(ASCII.lowercased))
    }
}
