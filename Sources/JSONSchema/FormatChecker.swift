import Foundation

/// Checks of the `format` values this module can assert.
enum FormatChecker {
    enum Format: String, Sendable, CaseIterable {
        case dateTime = "date-time", date, time, duration, email, idnEmail = "idn-email", hostname
        case ipv4, ipv6, uri, uriReference = "uri-reference", iri, iriReference = "iri-reference", uuid
        case jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer", regex
        case uriTemplate = "uri-template", idnHostname = "idn-hostname"
    }

    static func check(_ format: Format, _ s: String) -> Bool {
        let u = Array(s.utf8)
        switch format {
        case .dateTime: return isDateTime(u)
        case .date: return isDate(u[...])
        case .time: return isTime(u[...])
        case .duration: return isDuration(u)
        case .email: return isEmail(s, allowUnicode: false)
        case .idnEmail: return isEmail(s, allowUnicode: true)
        case .hostname: return IDNA.isValidHostname(s, allowUnicode: false)
        case .idnHostname: return IDNA.isValidHostname(s, allowUnicode: true)
        case .ipv4: return isIPv4(u[...])
        case .ipv6: return isIPv6(u[...])
        case .uri: return isURI(u, requireScheme: true, allowUnicode: false)
        case .uriReference: return isURI(u, requireScheme: false, allowUnicode: false)
        case .iri: return isURI(u, requireScheme: true, allowUnicode: true)
        case .iriReference: return isURI(u, requireScheme: false, allowUnicode: true)
        case .uuid: return isUUID(u)
        case .jsonPointer: return isJSONPointer(u[...])
        case .relativeJSONPointer: return isRelativeJSONPointer(u)
        case .regex: return isRegex(s)
        case .uriTemplate: return isURITemplate(u)
        }
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }
    private static func isAlpha(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }

    private static func number(_ u: ArraySlice<UInt8>, _ from: Int, _ count: Int) -> Int? {
        guard from + count <= u.endIndex else { return nil }
        var v = 0
        for i in from..<(from + count) {
            guard isDigit(u[i]) else { return nil }
            v = v * 10 + Int(u[i] - 0x30)
        }
        return v
    }

    static func isDate(_ u: ArraySlice<UInt8>) -> Bool {
        let s = u.startIndex
        guard u.count == 10, u[s + 4] == UInt8(ascii: "-"), u[s + 7] == UInt8(ascii: "-"),
            let y = number(u, s, 4), let m = number(u, s + 5, 2), let d = number(u, s + 8, 2)
        else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }

    static func isTime(_ u: ArraySlice<UInt8>) -> Bool {
        let s = u.startIndex
        guard u.count >= 9, u[s + 2] == UInt8(ascii: ":"), u[s + 5] == UInt8(ascii: ":"),
            let h = number(u, s, 2), let m = number(u, s + 3, 2), let sec = number(u, s + 6, 2)
        else { return false }
        guard h <= 23, m <= 59, sec <= 60 else { return false }
        var i = s + 8
        if u[i] == UInt8(ascii: ".") {
            i += 1
            let f = i
            while i < u.endIndex, isDigit(u[i]) { i += 1 }
            guard i > f else { return false }
        }
        guard i < u.endIndex else { return false }
        var offsetMinutes = 0
        if u[i] == UInt8(ascii: "Z") || u[i] == UInt8(ascii: "z") {
            guard i + 1 == u.endIndex else { return false }
        } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") {
            guard u.endIndex - i == 6, u[i + 3] == UInt8(ascii: ":"), let oh = number(u, i + 1, 2),
                let om = number(u, i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (u[i] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return false
        }
        if sec == 60 {
            let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ u: [UInt8]) -> Bool {
        guard u.count > 11, u[10] == UInt8(ascii: "T") || u[10] == UInt8(ascii: "t") else { return false }
        return isDate(u[0..<10]) && isTime(u[11...])
    }

    static func isDuration(_ u: [UInt8]) -> Bool {
        guard u.first == UInt8(ascii: "P"), u.count > 1 else { return false }
        var i = 1
        var inTime = false
        var sawAny = false
        var sawTimeUnit = false
        var lastRank = -1
        // RFC 3339 appendix A: units run consecutively (Y [M [D]], H [M [S]]); W stands alone.
        let dateUnits: [UInt8] = Array("YMD".utf8)
        let timeUnits: [UInt8] = Array("HMS".utf8)
        if u.last == UInt8(ascii: "W") {
            return u.count >= 3 && u.dropFirst().dropLast().allSatisfy(isDigit)
        }
        while i < u.count {
            if u[i] == UInt8(ascii: "T") {
                guard !inTime else { return false }
                inTime = true
                lastRank = -1
                i += 1
                continue
            }
            let start = i
            while i < u.count, isDigit(u[i]) { i += 1 }
            guard i > start, i < u.count else { return false }
            let units = inTime ? timeUnits : dateUnits
            guard let rank = units.firstIndex(of: u[i]), lastRank == -1 || rank == lastRank + 1 else { return false }
            lastRank = rank
            sawAny = true
            if inTime { sawTimeUnit = true }
            i += 1
        }
        if inTime && !sawTimeUnit { return false }
        return sawAny
    }

    static func isHostname(_ u: [UInt8]) -> Bool {
        let host = u[...]
        guard !host.isEmpty, host.count <= 253 else { return false }
        for label in host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"),
                label.last != UInt8(ascii: "-")
            else { return false }
            guard label.allSatisfy({ isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) else { return false }
            let a = Array(label)
            if a.count >= 4, a[2] == UInt8(ascii: "-"), a[3] == UInt8(ascii: "-") {
                // Only punycode ("xn--") labels may have hyphens in positions 3 and 4.
                guard a[0] | 0x20 == UInt8(ascii: "x"), a[1] | 0x20 == UInt8(ascii: "n") else { return false }
            }
        }
        return true
    }

    static func isIPv4(_ u: ArraySlice<UInt8>) -> Bool {
        let parts = u.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(isDigit) else { return false }
            if p.count > 1 && p.first == UInt8(ascii: "0") { return false }
            guard let v = number(p, p.startIndex, p.count), v <= 255 else { return false }
        }
        return true
    }

    static func isIPv6(_ u: ArraySlice<UInt8>) -> Bool {
        guard !u.isEmpty, u.count <= 45 else { return false }
        var groups = 0
        var doubleColon = false
        var parts = Array(u.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false))
        // "::" at the start or end yields empty parts
        if u.starts(with: [0x3A, 0x3A]) {
            parts.removeFirst()
        } else if u.first == 0x3A {
            return false
        }
        if u.count >= 2 && u.suffix(2).elementsEqual([0x3A, 0x3A]) {
            parts.removeLast()
        } else if u.last == 0x3A {
            return false
        }
        for (index, p) in parts.enumerated() {
            if p.isEmpty {
                if doubleColon { return false }
                doubleColon = true
                continue
            }
            if index == parts.count - 1 && p.contains(UInt8(ascii: ".")) {
                guard isIPv4(p) else { return false }
                groups += 2
                continue
            }
            guard p.count <= 4, p.allSatisfy(isHex) else { return false }
            groups += 1
        }
        return doubleColon ? groups <= 7 : groups == 8
    }

    static func isUUID(_ u: [UInt8]) -> Bool {
        guard u.count == 36 else { return false }
        for (i, b) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if b != UInt8(ascii: "-") { return false }
            } else if !isHex(b) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ u: ArraySlice<UInt8>) -> Bool {
        if u.isEmpty { return true }
        guard u.first == UInt8(ascii: "/") else { return false }
        var i = u.startIndex
        while i < u.endIndex {
            if u[i] == UInt8(ascii: "~") {
                guard i + 1 < u.endIndex, u[i + 1] == UInt8(ascii: "0") || u[i + 1] == UInt8(ascii: "1") else { return false }
                i += 1
            }
            i += 1
        }
        return true
    }

    static func isRelativeJSONPointer(_ u: [UInt8]) -> Bool {
        var i = 0
        while i < u.count, isDigit(u[i]) { i += 1 }
        guard i > 0 else { return false }
        if i > 1 && u[0] == UInt8(ascii: "0") { return false }
        let rest = u[i...]
        if rest.count == 1 && rest.first == UInt8(ascii: "#") { return true }
        return isJSONPointer(rest)
    }

    static func isEmail(_ s: String, allowUnicode: Bool) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at]
        let domain = s[s.index(after: at)...]
        guard !local.isEmpty, !domain.isEmpty, local.utf8.count <= 64 else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
        } else {
            guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
            let allowed = Set("!#$%&'*+-/=?^_`{|}~.".unicodeScalars)
            for c in local.unicodeScalars {
                let ok = (c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c))) || allowed.contains(c)
                    || (allowUnicode && !c.isASCII)
                if !ok { return false }
            }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let inner = domain.dropFirst().dropLast()
            if inner.hasPrefix("IPv6:") { return isIPv6(Array(inner.dropFirst(5).utf8)[...]) }
            return isIPv4(Array(inner.utf8)[...])
        }
        if allowUnicode {
            return !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")
                && !domain.contains(where: { $0 == " " || $0 == "@" })
        }
        return isHostname(Array(domain.utf8))
    }

    static func isURI(_ u: [UInt8], requireScheme: Bool, allowUnicode: Bool) -> Bool {
        var i = 0
        var hasScheme = false
        if let first = u.first, isAlpha(first) {
            var j = 1
            while j < u.count, isAlpha(u[j]) || isDigit(u[j]) || u[j] == 0x2B || u[j] == 0x2D || u[j] == 0x2E { j += 1 }
            if j < u.count, u[j] == UInt8(ascii: ":") {
                hasScheme = true
                i = j + 1
            }
        }
        if requireScheme && !hasScheme { return false }
        if !hasScheme {
            // a relative reference's first segment may not contain ':'
            let end = u.firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) ?? u.count
            if u[0..<end].contains(0x3A) { return false }
        }
        // authority
        if u.count >= i + 2, u[i] == 0x2F, u[i + 1] == 0x2F {
            i += 2
            let end = u[i...].firstIndex(where: { $0 == 0x2F || $0 == 0x3F || $0 == 0x23 }) ?? u.count
            var auth = u[i..<end]
            if let at = auth.lastIndex(of: UInt8(ascii: "@")) {
                let userinfo = auth[auth.startIndex..<at]
                guard validChars(userinfo, extra: ":", allowUnicode: allowUnicode) else { return false }
                auth = auth[(at + 1)...]
            }
            if auth.first == UInt8(ascii: "[") {
                guard let close = auth.firstIndex(of: UInt8(ascii: "]")) else { return false }
                let inner = auth[(auth.startIndex + 1)..<close]
                if !(isIPv6(inner) || (inner.first == UInt8(ascii: "v") || inner.first == UInt8(ascii: "V"))) { return false }
                let after = auth[(close + 1)...]
                if !after.isEmpty {
                    guard after.first == UInt8(ascii: ":"), after.dropFirst().allSatisfy(isDigit) else { return false }
                }
            } else {
                var host = auth
                if let colon = auth.lastIndex(of: UInt8(ascii: ":")) {
                    guard auth[(colon + 1)...].allSatisfy(isDigit) else { return false }
                    host = auth[auth.startIndex..<colon]
                }
                guard validChars(host, extra: "", allowUnicode: allowUnicode) else { return false }
            }
            i = end
        }
        // path, query, fragment
        var sawHash = false
        let rest = u[i...]
        var k = rest.startIndex
        while k < rest.endIndex {
            let b = rest[k]
            if b == UInt8(ascii: "#") {
                if sawHash { return false }
                sawHash = true
                k += 1
                continue
            }
            if b == UInt8(ascii: "%") {
                guard k + 2 < rest.endIndex, isHex(rest[k + 1]), isHex(rest[k + 2]) else { return false }
                k += 3
                continue
            }
            guard isURIChar(b, extra: ":@/?", allowUnicode: allowUnicode) else { return false }
            k += 1
        }
        return true
    }

    private static func isURIChar(_ b: UInt8, extra: String, allowUnicode: Bool) -> Bool {
        if isAlpha(b) || isDigit(b) { return true }
        if b >= 0x80 { return allowUnicode }
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): return true
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            return true
        default: return extra.utf8.contains(b)
        }
    }

    private static func validChars(_ u: ArraySlice<UInt8>, extra: String, allowUnicode: Bool) -> Bool {
        var k = u.startIndex
        while k < u.endIndex {
            if u[k] == UInt8(ascii: "%") {
                guard k + 2 < u.endIndex, isHex(u[k + 1]), isHex(u[k + 2]) else { return false }
                k += 3
                continue
            }
            guard isURIChar(u[k], extra: extra, allowUnicode: allowUnicode) else { return false }
            k += 1
        }
        return true
    }

    static func isURITemplate(_ u: [UInt8]) -> Bool {
        var i = 0
        while i < u.count {
            let b = u[i]
            if b == UInt8(ascii: "{") {
                guard let close = u[i...].firstIndex(of: UInt8(ascii: "}")) else { return false }
                guard isTemplateExpression(u[(i + 1)..<close]) else { return false }
                i = close + 1
                continue
            }
            if b == UInt8(ascii: "}") || b <= 0x20 || b == 0x7F || b == UInt8(ascii: "\\") || b == UInt8(ascii: "\"")
                || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "^") || b == UInt8(ascii: "`")
                || b == UInt8(ascii: "|")
            {
                return false
            }
            if b == UInt8(ascii: "%") {
                guard i + 2 < u.count, isHex(u[i + 1]), isHex(u[i + 2]) else { return false }
                i += 3
                continue
            }
            i += 1
        }
        return true
    }

    private static func isTemplateExpression(_ e: ArraySlice<UInt8>) -> Bool {
        var body = e
        if let first = body.first, "+#./;?&=,!@|".utf8.contains(first) {
            if "=,!@|".utf8.contains(first) { return false }
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            var name = spec
            if name.last == UInt8(ascii: "*") {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: UInt8(ascii: ":")) {
                let digits = name[(colon + 1)...]
                guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(isDigit), digits.first != UInt8(ascii: "0")
                else { return false }
                name = name[..<colon]
            }
            guard !name.isEmpty, name.first != UInt8(ascii: "."), name.last != UInt8(ascii: ".") else { return false }
            var k = name.startIndex
            var previousDot = false
            while k < name.endIndex {
                let c = name[k]
                if c == UInt8(ascii: "%") {
                    guard k + 2 < name.endIndex, isHex(name[k + 1]), isHex(name[k + 2]) else { return false }
                    k += 3
                    previousDot = false
                    continue
                }
                if c == UInt8(ascii: ".") {
                    if previousDot { return false }
                    previousDot = true
                } else {
                    guard isAlpha(c) || isDigit(c) || c == UInt8(ascii: "_") else { return false }
                    previousDot = false
                }
                k += 1
            }
        }
        return true
    }

    static func isRegex(_ s: String) -> Bool {
        var chars = s.makeIterator()
        while let c = chars.next() {
            if c == "\\" {
                guard let e = chars.next() else { return false }
                if e.isLetter && e.isASCII && !"dDwWsSbBfnrtvcxupPk".contains(e) { return false }
            } else if c == "(" {
                var peek = chars
                if peek.next() == "?", let f = peek.next(), f == "#" || (f.isLetter && f != "<") || f == "-" {
                    // comments and inline flag groups are not ECMA-262
                    return false
                }
            }
        }
        return (try? PatternRegex(s, budget: .milliseconds(100))) != nil
    }
}
